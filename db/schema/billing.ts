import { boolean, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { planEnum, workspaces } from "./workspaces";

/**
 * A workspace's Stripe customer and the latest state of its subscription, as re-read from the Stripe
 * API (never as an event said it was: events arrive late, twice and out of order).
 */
export const billingSubscriptions = pgTable("billing_subscriptions", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  stripeSubscriptionId: text("stripe_subscription_id").unique(),
  /** Stripe's status as last read: active, trialing, past_due, canceled, unpaid, incomplete… */
  status: text("status"),
  plan: planEnum("plan"),
  /** The subscription's quantity: a Team's paid seats. */
  seats: integer("seats"),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Webhook events already applied. Inserted in the same transaction as the change an event causes, so
 * a redelivery is skipped and a failed handler (rolled back, answered non-2xx) is retried by Stripe.
 */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
});
