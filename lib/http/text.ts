import { AppError, type ErrorSurface } from "@/lib/errors";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Request text must be valid Unicode: invalid UTF-8 bytes would be stored as U+FFFD without a word,
 * and a lone surrogate (`"\ud800"` in JSON) cannot be stored as UTF-8 at all, so Postgres would
 * refuse it deep inside a write. Both are refused up front with a 400.
 */
export function decodeUtf8(bytes: Uint8Array, surface: ErrorSurface): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError(`bad_request:${surface}`, { message: "The request body is not valid UTF-8 text." });
  }
}

/** Every string in a parsed JSON value, keys included, is well-formed UTF-16 (no lone surrogates). */
export function isWellFormedValue(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (!item.isWellFormed()) return false;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (!key.isWellFormed()) return false;
        stack.push(child);
      }
    }
  }
  return true;
}

export function assertWellFormed(value: unknown, surface: ErrorSurface): void {
  if (!isWellFormedValue(value)) {
    throw new AppError(`bad_request:${surface}`, { message: "The request contains invalid text (an unpaired surrogate)." });
  }
}
