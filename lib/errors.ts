/**
 * Errors travel as `type:surface` codes (e.g. `conflict:files`) so the client can react to the kind
 * of failure without parsing prose. Shared by server and client: no server-only imports here.
 */
export const errorTypes = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "rate_limit",
  "upstream",
  "offline",
  "internal",
] as const;
export type ErrorType = (typeof errorTypes)[number];

export const errorSurfaces = [
  "api",
  "auth",
  "workspace",
  "invitation",
  "project",
  "files",
  "zip",
  "chat",
  "session",
  "model",
  "database",
  "billing",
  "provider_key",
  "budget",
] as const;
export type ErrorSurface = (typeof errorSurfaces)[number];

export type ErrorCode = `${ErrorType}:${ErrorSurface}`;

/** `log`: details stay in server logs, the client sees a generic message. `response`: safe to show. */
export type ErrorVisibility = "response" | "log";

const statusByType: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limit: 429,
  upstream: 502,
  offline: 503,
  internal: 500,
};

const defaultMessageByType: Record<ErrorType, string> = {
  bad_request: "The request could not be processed. Check your input and try again.",
  unauthorized: "You need to sign in to continue.",
  forbidden: "You do not have permission to do that.",
  not_found: "Not found.",
  conflict: "This changed since you loaded it.",
  payload_too_large: "That is larger than allowed.",
  rate_limit: "Too many attempts. Wait a moment and try again.",
  upstream: "The model provider returned an error.",
  offline: "The service is unreachable. Check your connection and try again.",
  internal: "Something went wrong on our side. Your work was not lost; try again.",
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Structured, client-safe details (e.g. the server's version of a file on conflict). */
  details?: unknown;
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: ErrorSurface;
  readonly status: number;
  readonly visibility: ErrorVisibility;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      cause?: unknown;
      details?: unknown;
      retryAfterSeconds?: number;
      visibility?: ErrorVisibility;
      status?: number;
    } = {},
  ) {
    const [type, surface] = code.split(":") as [ErrorType, ErrorSurface];
    super(options.message ?? defaultMessageByType[type], { cause: options.cause });
    this.name = "AppError";
    this.type = type;
    this.surface = surface;
    this.status = options.status ?? statusByType[type];
    this.visibility = options.visibility ?? (type === "internal" || surface === "database" ? "log" : "response");
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get code(): ErrorCode {
    return `${this.type}:${this.surface}`;
  }

  toBody(): ErrorBody {
    if (this.visibility === "log") {
      return { code: this.code, message: defaultMessageByType[this.type] };
    }
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }

  toResponse(): Response {
    const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
    if (this.retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.ceil(this.retryAfterSeconds)));
    return new Response(JSON.stringify(this.toBody()), { status: this.status, headers });
  }

  /** Rebuilds an AppError on the client from a response body produced by toResponse(). */
  static fromBody(body: unknown, status: number): AppError {
    if (isErrorBody(body)) {
      return new AppError(body.code, {
        message: body.message,
        details: body.details,
        retryAfterSeconds: body.retryAfterSeconds,
        status,
      });
    }
    return new AppError(status >= 500 ? "internal:api" : "bad_request:api", { status });
  }

  static async fromResponse(response: Response): Promise<AppError> {
    const body: unknown = await response.json().catch(() => undefined);
    return AppError.fromBody(body, response.status);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const code = (value as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  const [type, surface] = code.split(":");
  return (
    (errorTypes as readonly string[]).includes(type ?? "") &&
    (errorSurfaces as readonly string[]).includes(surface ?? "") &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

// The driver's connection-level codes and Postgres's connection-exception, shutdown and cancel SQLSTATEs.
const DATABASE_UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "QUEUE_TIMEOUT",
  "QUERY_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57014",
  "57P01",
  "57P02",
  "57P03",
  "25P03",
]);

/** True when the database, not the request, failed: a lost connection, a restart, a timeout. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (DATABASE_UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  }
  return false;
}

/**
 * Anything thrown that is not an AppError is a bug or an infrastructure failure: log it, mask it.
 * A database that is briefly unreachable is a 503 the client may retry, not a 500.
 */
export function toAppError(error: unknown, surface: ErrorSurface = "api"): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    return new AppError("offline:database", {
      message: "The database is unavailable for a moment, so this request was not completed. Try again.",
      cause: error,
      visibility: "response",
      retryAfterSeconds: 1,
    });
  }
  return new AppError(isDatabaseError(error) ? "internal:database" : `internal:${surface}`, { cause: error, visibility: "log" });
}

/**
 * A failed statement: drizzle wraps the driver's error in one whose message is the SQL text and its
 * parameters, which must never reach a client. Recognised by name along the cause chain.
 */
export function isDatabaseError(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === "DrizzleQueryError" || e.name === "PostgresError" || e.message.startsWith("Failed query:")) return true;
  }
  return false;
}
