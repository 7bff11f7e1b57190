import { parseArgs } from "node:util";

import { startScriptedStripe } from "./server";

/** The scripted Stripe API for e2e: `tsx lib/testing/stripe/cli.ts --port 4201 --webhook-url … --webhook-secret …`. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "4011" }, "webhook-url": { type: "string" }, "webhook-secret": { type: "string" } } });
  const stripe = await startScriptedStripe({ port: Number(values.port), webhookUrl: values["webhook-url"], webhookSecret: values["webhook-secret"] });
  console.log(`scripted stripe: listening on ${stripe.url}`);
  const shutdown = () => void stripe.close().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
