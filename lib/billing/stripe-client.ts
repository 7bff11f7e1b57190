import "server-only";

import Stripe from "stripe";

import { env } from "@/lib/env";

export interface StripeConfig {
  client: Stripe;
  webhookSecret: string;
  prices: { pro: string; team: string };
}

let cached: { key: string; config: StripeConfig } | undefined;

/** Stripe billing, or null when the deployment runs without it (plans then come from `wafer grant-plan`). */
export function stripeConfig(): StripeConfig | null {
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, STRIPE_PRICE_PRO, STRIPE_PRICE_TEAM } = env();
  if (!STRIPE_SECRET_KEY || !STRIPE_WEBHOOK_SECRET) return null;
  const key = `${STRIPE_SECRET_KEY}|${STRIPE_API_URL ?? ""}`;
  if (cached?.key !== key) {
    const api = STRIPE_API_URL ? new URL(STRIPE_API_URL) : null;
    const client = new Stripe(STRIPE_SECRET_KEY, {
      // The scripted Stripe server in tests; the real API otherwise.
      ...(api ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: api.protocol === "https:" ? "https" : "http" } : {}),
      maxNetworkRetries: 2,
      timeout: 10_000,
      telemetry: false,
    });
    cached = { key, config: { client, webhookSecret: STRIPE_WEBHOOK_SECRET, prices: { pro: STRIPE_PRICE_PRO, team: STRIPE_PRICE_TEAM } } };
  }
  return cached.config;
}
