import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The only reader of process.env. Parsed once, lazily, so `next build` never needs runtime secrets. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  WAFER_DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: z.string().min(32).optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_TRUST_PROXY_HEADERS: z.stringbool().default(false),
  /** Reverse proxies in front of the app that append to X-Forwarded-For; 0 = clients connect directly. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  /** The public origin (e.g. https://wafer.example.com); mutations from it pass the Origin check besides the Host's own. */
  WAFER_APP_URL: z.string().url().optional(),
  AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  AUTH_SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
  AUTH_SIGNUP_MAX_PER_IP: z.coerce.number().int().positive().default(20),
  CEREBRAS_API_KEY: z.string().optional(),
  AI_BASE_URL: z.string().url().optional(),
  AI_API_KEY: z.string().optional(),
  AI_DEFAULT_MODEL: z.string().optional(),
  WAFER_BENCH_ROUTES: z.stringbool().default(false),
  /** Per statement, enforced by the server; a pool connection that waits longer rejects instead of hanging. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  DATABASE_CONNECT_TIMEOUT_S: z.coerce.number().positive().default(5),
  /** Wall-clock limit of one chat turn, tool steps included; past it the turn is stored as failed. */
  CHAT_TURN_TIMEOUT_S: z.coerce.number().positive().default(300),
  /** A model that sends nothing for this long is treated as gone; the turn is stored as failed. */
  CHAT_IDLE_TIMEOUT_S: z.coerce.number().positive().default(60),
  /** Billing through Stripe is on when both are set; without them plans are granted with `wafer grant-plan`. */
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Another Stripe API origin (the scripted server in tests); the real API when unset. */
  STRIPE_API_URL: z.string().url().optional(),
  STRIPE_PRICE_PRO: z.string().default("price_wafer_pro"),
  STRIPE_PRICE_TEAM: z.string().default("price_wafer_team"),
  /** Days a past-due subscription keeps its plan before the workspace falls back to Free. */
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  /** 32 bytes, base64: encrypts workspace API keys at rest; generated into the data dir when unset. */
  WAFER_KEY_ENCRYPTION_KEY: z.string().optional(),
  /** Comma-separated base URLs a workspace's own key may be used with; Cerebras only by default. */
  BYOK_ALLOWED_BASE_URLS: z.string().default("https://api.cerebras.ai/v1"),
  /**
   * Per-model prices in USD per 1M tokens, on top of lib/usage/prices.ts, as JSON:
   * `{"gpt-oss-120b":{"input":0.35,"output":0.75}}` (a negotiated rate, a new model).
   */
  WAFER_MODEL_PRICES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return {};
      const price = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict();
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
      const parsed = z.record(z.string(), price).safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: "WAFER_MODEL_PRICES must map model ids to { input, output } USD per 1M tokens" });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "TRUSTED_PROXY_HOPS"> & { AUTH_SECRET: string; TRUSTED_PROXY_HOPS: number };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.parse(process.env);
  cached = {
    ...parsed,
    AUTH_SECRET: parsed.AUTH_SECRET ?? localAuthSecret(parsed.WAFER_DATA_DIR),
    // AUTH_TRUST_PROXY_HEADERS predates the hop count: it meant one proxy.
    TRUSTED_PROXY_HOPS: parsed.TRUSTED_PROXY_HOPS ?? (parsed.AUTH_TRUST_PROXY_HEADERS ? 1 : 0),
  };
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().WAFER_DATA_DIR);
}

/**
 * Zero-setup runs need a stable secret so sessions survive restarts. It is kept beside the embedded
 * database; a deployment with several instances sets AUTH_SECRET so they all agree.
 */
function localAuthSecret(dir: string): string {
  return localSecret(dir, "auth-secret", 32);
}

/** A random secret kept in the data dir, created once; concurrent first runs agree on the file's. */
export function localSecret(dir: string, name: string, bytes: number): string {
  const file = path.resolve(dir, name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(bytes).toString("base64url"), { flag: "wx", mode: 0o600 });
    } catch (error) {
      // Another process created it first; theirs wins so both agree.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}
