import { handleStripeWebhook } from "@/lib/billing/webhook";
import { json, readBody, route } from "@/lib/http/route";
import { decodeUtf8 } from "@/lib/http/text";

const MAX_EVENT_BYTES = 512 * 1024;

/**
 * Stripe's webhook. Not a browser call: Stripe sends no cookie and no Origin or Sec-Fetch-Site
 * header, so route()'s same-origin check sees a non-browser client and lets it through (a browser's
 * cross-site post is still refused). Its auth is the Stripe-Signature over the raw body, checked by
 * the stripe library; the body is read raw (not parseJson) because the signature covers its exact
 * bytes. Any failure answers non-2xx, so Stripe retries.
 */
export const POST = route("billing", async (request) => {
  const payload = decodeUtf8(await readBody(request, MAX_EVENT_BYTES, "billing"), "billing");
  return json({ received: true, ...(await handleStripeWebhook(payload, request.headers.get("stripe-signature"))) });
});
