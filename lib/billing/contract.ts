import { z } from "zod";

import type { Plan } from "@/db/enums";

/** Request and answer shapes of the billing and provider-key routes; shared by server and client. */
export const MAX_SEATS = 1_000;

export const checkoutBodySchema = z.discriminatedUnion("plan", [
  z.object({ plan: z.literal("pro") }).strict(),
  z.object({ plan: z.literal("team"), seats: z.number().int().min(1).max(MAX_SEATS) }).strict(),
]);
export type CheckoutBody = z.infer<typeof checkoutBodySchema>;

export const providerKeyBodySchema = z
  .object({
    apiKey: z.string().trim().min(8, "That does not look like an API key.").max(512).regex(/^[\x21-\x7e]+$/, "An API key has no spaces or special characters."),
  })
  .strict();

export interface BillingOverview {
  plan: Plan;
  /** The plan's end date when it has one (cancelled at period end, grace period, a grant). */
  planUntil: string | null;
  status: string | null;
  seats: number;
  members: number;
  cancelAtPeriodEnd: boolean;
  /** Checkout and the customer portal are offered only with Stripe configured. */
  stripe: boolean;
  hasCustomer: boolean;
}

/** What a client ever learns about a workspace's own key: never the key itself. */
export interface ProviderKeySummary {
  last4: string;
  baseUrl: string;
  updatedAt: string;
}
