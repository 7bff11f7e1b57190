import { AppError, type ErrorSurface } from "@/lib/errors";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Request text must be valid Unicode that Postgres can store: invalid UTF-8 bytes would be stored as
 * U+FFFD without a word, and a lone surrogate (`"\ud800"` in JSON) or U+0000 cannot be stored in a
 * text or jsonb column at all, so Postgres would refuse it deep inside a write. All are refused up
 * front with a 400.
 */
export function decodeUtf8(bytes: Uint8Array, surface: ErrorSurface): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError(`bad_request:${surface}`, { message: "The request body is not valid UTF-8 text." });
  }
}

/** Every string in a parsed JSON value, keys included, is well-formed UTF-16 (no lone surrogates) without U+0000. */
export function isWellFormedValue(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") {
      if (!storable(item)) return false;
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (!storable(key)) return false;
        stack.push(child);
      }
    }
  }
  return true;
}

function storable(text: string): boolean {
  return text.isWellFormed() && !text.includes("\u0000");
}

export function assertWellFormed(value: unknown, surface: ErrorSurface): void {
  if (!isWellFormedValue(value)) {
    throw new AppError(`bad_request:${surface}`, { message: "The request contains invalid text (an unpaired surrogate or a NUL character)." });
  }
}
