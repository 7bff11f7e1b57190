export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3900);
export const E2E_UPSTREAM_PORT = Number(process.env.E2E_UPSTREAM_PORT ?? 4900);
export const E2E_DEMO_PORT = Number(process.env.E2E_DEMO_PORT ?? E2E_APP_PORT + 1);
/** A further app server a spec starts itself (e2e/security.spec.ts). */
export const E2E_EXTRA_PORT = Number(process.env.E2E_EXTRA_PORT ?? E2E_APP_PORT + 2);
/** The first of the two app instances e2e/share.spec.ts starts on one Postgres (it also uses the next port). */
export const E2E_INSTANCE_PORT = Number(process.env.E2E_INSTANCE_PORT ?? E2E_APP_PORT + 62);
/** The scripted Stripe API (lib/testing/stripe) beside the scripted model upstream. */
export const E2E_STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT ?? E2E_UPSTREAM_PORT + 1);
/** What the e2e app server and the scripted Stripe share to sign and check webhooks. */
export const E2E_STRIPE_WEBHOOK_SECRET = "whsec_e2e_scripted";
