import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";

import { parseStripeForm } from "./form";

/**
 * A scripted Stripe API: the few endpoints Wafer's billing calls, served over real HTTP so the real
 * `stripe` client (pointed here by STRIPE_API_URL) is what talks to it. It keeps customers, checkout
 * sessions and subscriptions in memory, and plays Stripe's part after a payment: it changes the
 * subscription and delivers signed webhook events to the app. Tests drive it in process; e2e runs it
 * through cli.ts and a browser pays on its checkout page.
 */
export interface StripeSubscription {
  id: string;
  object: "subscription";
  customer: string;
  status: Stripe.Subscription.Status;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  metadata: Record<string, string>;
  items: {
    object: "list";
    data: { id: string; object: "subscription_item"; price: { id: string; object: "price" }; quantity: number; current_period_start: number; current_period_end: number }[];
  };
}

export interface StripeEventBody {
  id: string;
  object: "event";
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Record<string, unknown> };
}

interface CheckoutSession {
  id: string;
  object: "checkout.session";
  customer: string;
  mode: string;
  status: "open" | "complete";
  url: string;
  subscription: string | null;
  success_url: string;
  cancel_url: string;
  line_items: { price: string; quantity: number }[];
  metadata: Record<string, string>;
}

export interface ScriptedStripeOptions {
  port?: number;
  /** Where events go after a payment on the checkout page (e2e); tests deliver them themselves. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface RecordedStripeRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
}

const DAY_S = 24 * 60 * 60;
const signer = new Stripe("sk_test_scripted_signer");

export async function startScriptedStripe(options: ScriptedStripeOptions = {}) {
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_scripted${(++seq).toString().padStart(6, "0")}`;
  const customers = new Map<string, Record<string, unknown>>();
  const sessions = new Map<string, CheckoutSession>();
  const subscriptions = new Map<string, StripeSubscription>();
  const idempotent = new Map<string, unknown>();
  const requests: RecordedStripeRequest[] = [];
  let origin = "";

  const now = () => Math.floor(Date.now() / 1000);

  function event(type: string, object: object, created = now()): StripeEventBody {
    return {
      id: nextId("evt"),
      object: "event",
      type,
      created,
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) as Record<string, unknown> },
    };
  }

  function sign(payload: string, secret = options.webhookSecret ?? "", timestamp = now()): string {
    return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  }

  /** Pays a checkout session: its subscription starts, active, for a month. */
  function completeCheckout(sessionId: string): { subscription: StripeSubscription; events: StripeEventBody[] } {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`no checkout session ${sessionId}`);
    if (session.status === "complete") throw new Error(`checkout session ${sessionId} was already paid`);
    const start = now();
    const line = session.line_items[0]!;
    const subscription: StripeSubscription = {
      id: nextId("sub"),
      object: "subscription",
      customer: session.customer,
      status: "active",
      cancel_at_period_end: false,
      cancel_at: null,
      metadata: session.metadata,
      items: {
        object: "list",
        data: [{ id: nextId("si"), object: "subscription_item", price: { id: line.price, object: "price" }, quantity: line.quantity, current_period_start: start, current_period_end: start + 30 * DAY_S }],
      },
    };
    subscriptions.set(subscription.id, subscription);
    Object.assign(session, { status: "complete", subscription: subscription.id });
    return { subscription, events: [event("checkout.session.completed", session), event("customer.subscription.created", subscription)] };
  }

  /** Changes a subscription as Stripe would (portal, dunning, cancellation) and returns the event it sends. */
  function updateSubscription(id: string, change: (s: StripeSubscription) => void, type = "customer.subscription.updated"): StripeEventBody {
    const subscription = subscriptions.get(id);
    if (!subscription) throw new Error(`no subscription ${id}`);
    change(subscription);
    return event(type, subscription);
  }

  async function deliver(body: StripeEventBody, init: { url?: string; signature?: string } = {}): Promise<Response> {
    const url = init.url ?? options.webhookUrl;
    if (!url) throw new Error("no webhook url to deliver to");
    const payload = JSON.stringify(body, null, 2);
    return fetch(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": init.signature ?? sign(payload) }, body: payload });
  }

  function stripeError(res: ServerResponse, status: number, message: string): void {
    send(res, status, { error: { type: "invalid_request_error", code: status === 404 ? "resource_missing" : undefined, message } });
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json", "request-id": nextId("req") });
    res.end(JSON.stringify(body));
  }

  function api(method: string, path: string, params: Record<string, unknown>, res: ServerResponse): void {
    const [, resource, id] = /^\/v1\/((?:checkout\/sessions|billing_portal\/sessions|customers|subscriptions))(?:\/([\w]+))?$/.exec(path) ?? [];
    if (resource === "customers" && method === "POST" && !id) {
      const customer = { id: nextId("cus"), object: "customer", name: params.name ?? null, metadata: params.metadata ?? {} };
      customers.set(customer.id, customer);
      return send(res, 200, customer);
    }
    if (resource === "customers" && method === "GET" && id) {
      const customer = customers.get(id);
      return customer ? send(res, 200, customer) : stripeError(res, 404, `No such customer: '${id}'`);
    }
    if (resource === "checkout/sessions" && method === "POST" && !id) {
      const customer = String(params.customer ?? "");
      if (!customers.has(customer)) return stripeError(res, 400, `No such customer: '${customer}'`);
      const items = (params.line_items as { price: string; quantity: string }[] | undefined) ?? [];
      const sessionId = nextId("cs");
      const session: CheckoutSession = {
        id: sessionId,
        object: "checkout.session",
        customer,
        mode: String(params.mode),
        status: "open",
        url: `${origin}/pay/${sessionId}`,
        subscription: null,
        success_url: String(params.success_url),
        cancel_url: String(params.cancel_url),
        line_items: items.map((item) => ({ price: item.price, quantity: Number(item.quantity ?? 1) })),
        metadata: ((params.subscription_data as { metadata?: Record<string, string> } | undefined)?.metadata ?? {}),
      };
      sessions.set(sessionId, session);
      return send(res, 200, session);
    }
    if (resource === "billing_portal/sessions" && method === "POST" && !id) {
      const customer = String(params.customer ?? "");
      if (!customers.has(customer)) return stripeError(res, 400, `No such customer: '${customer}'`);
      return send(res, 200, { id: nextId("bps"), object: "billing_portal.session", customer, return_url: params.return_url, url: `${origin}/portal/${customer}` });
    }
    if (resource === "subscriptions" && method === "GET" && id) {
      const subscription = subscriptions.get(id);
      return subscription ? send(res, 200, subscription) : stripeError(res, 404, `No such subscription: '${id}'`);
    }
    stripeError(res, 404, `Unrecognized request URL (${method}: ${path}).`);
  }

  /** The checkout page a browser lands on: one Pay button that does what Stripe does after a payment. */
  async function page(method: string, path: string, res: ServerResponse): Promise<void> {
    if (path === "/health") return send(res, 200, { ok: true });
    const pay = /^\/pay\/(\w+)$/.exec(path);
    const session = pay ? sessions.get(pay[1]!) : undefined;
    if (session && method === "GET") {
      res.writeHead(200, { "content-type": "text/html" });
      const line = session.line_items[0];
      res.end(`<!doctype html><title>Scripted Stripe Checkout</title><h1>Scripted Stripe Checkout</h1><p>${line?.price} × ${line?.quantity}</p><form method="post"><button>Pay</button></form>`);
      return;
    }
    if (session && method === "POST") {
      const { events } = completeCheckout(session.id);
      for (const e of events) {
        const answer = await deliver(e);
        if (!answer.ok) throw new Error(`webhook answered ${answer.status}: ${await answer.text()}`);
      }
      res.writeHead(303, { location: session.success_url });
      res.end();
      return;
    }
    stripeError(res, 404, `No page ${path}`);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? "/", "http://stripe.invalid");
      const method = req.method ?? "GET";
      const params = method === "GET" ? Object.fromEntries(url.searchParams) : parseStripeForm(Buffer.concat(chunks).toString("utf8"));
      if (!url.pathname.startsWith("/v1/")) return page(method, url.pathname, res);
      if (req.headers.authorization !== `Bearer ${expectedKey}`) return send(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
      requests.push({ method, path: url.pathname, params });
      const key = req.headers["idempotency-key"];
      const replay = typeof key === "string" ? idempotent.get(key) : undefined;
      if (replay) return send(res, 200, replay);
      if (typeof key === "string" && method === "POST") {
        const end = res.end.bind(res);
        // Remember the first answer under its key, as Stripe does for 24 hours.
        res.end = ((chunk: unknown) => {
          if (typeof chunk === "string" && res.statusCode === 200) idempotent.set(key, JSON.parse(chunk));
          return end(chunk as string);
        }) as typeof res.end;
      }
      api(method, url.pathname, params, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    /** The secret key the app must use (STRIPE_SECRET_KEY). */
    secretKey: expectedKey,
    requests: () => requests as readonly RecordedStripeRequest[],
    subscription: (id: string) => subscriptions.get(id),
    checkoutSessions: () => [...sessions.values()],
    completeCheckout,
    updateSubscription,
    event,
    sign,
    deliver,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const expectedKey = "sk_test_wafer_scripted";

export type ScriptedStripe = Awaited<ReturnType<typeof startScriptedStripe>>;
