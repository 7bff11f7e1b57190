import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { plans, workspaceRoles } from "../enums";
import { users } from "./auth";

export const workspaceRoleEnum = pgEnum("workspace_role", workspaceRoles);
export const planEnum = pgEnum("plan", plans);

export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    /** The workspace every user gets at sign-up; it cannot be deleted or shared away. */
    personal: boolean("personal").notNull().default(false),
    plan: planEnum("plan").notNull().default("free"),
    /** A plan granted until a date (`wafer grant-plan --until`, a lapsed grace period) falls back to Free after it. */
    planUntil: timestamp("plan_until", { withTimezone: true }),
    /** A custom deal on top of the plan's row in lib/plans/entitlements.ts; set by operators only. */
    entitlementOverrides: jsonb("entitlement_overrides"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The same rule as lib/workspaces/slug.ts, kept by the database too: slugs are URL path segments.
  (t) => [check("workspaces_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$'`)],
);

export const workspaceMembers = pgTable(
  "workspace_members",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: workspaceRoleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Last page view in this workspace; the most recent one is the user's last used workspace. */
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index("workspace_members_user_idx").on(t.userId, t.lastActiveAt),
  ],
);
