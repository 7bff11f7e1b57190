import { encode } from "next-auth/jwt";

/** The origin the route tests pretend the app is served on. */
export const APP_ORIGIN = "http://localhost:3000";
export const FOREIGN_ORIGIN = "http://localhost:9999";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** A session cookie exactly as Auth.js issues it (an encrypted JWT), for `userId` at `generation`. */
export async function sessionCookie(userId: string, generation = 0): Promise<string> {
  const token = await encode({
    token: { sub: userId, gen: generation },
    secret: process.env.AUTH_SECRET!,
    salt: "authjs.session-token",
  });
  return `authjs.session-token=${token}`;
}

export interface CallOptions<P> {
  method: string;
  path: string;
  params?: P;
  cookie?: string | undefined;
  /** A JSON value (sent as application/json), raw bytes or text; omit for no body. */
  json?: unknown;
  body?: BodyInit;
  /** null: no Origin header (a non-browser client). */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** Calls a real route handler module's export with a real Request, the way Next would. */
export async function call<P>(handler: Handler<P>, options: CallOptions<P>): Promise<Response> {
  const headers = new Headers({ host: new URL(APP_ORIGIN).host, ...options.headers });
  const origin = options.origin === undefined ? APP_ORIGIN : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (options.cookie) headers.set("cookie", options.cookie);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`${APP_ORIGIN}${options.path}`, { method: options.method, headers, body });
  return handler(request, { params: Promise.resolve((options.params ?? {}) as P) });
}

/** Fuzz runs per property: full size by default, fewer under CI (SECURITY_FUZZ_RUNS). */
export function fuzzRuns(): number {
  return Number(process.env.SECURITY_FUZZ_RUNS ?? 1000);
}

/** One seed per property, logged so any failure can be replayed with SECURITY_FUZZ_SEED. */
export function fuzzSeed(name: string): number {
  const fixed = process.env.SECURITY_FUZZ_SEED;
  const seed = fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[security] fuzz ${name}: seed=${seed} runs=${fuzzRuns()}`);
  return seed;
}
