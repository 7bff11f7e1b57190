import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

/**
 * Auth.js's `decode` derives the key (HKDF) and decrypts the JWE on every call, through several
 * async WebCrypto hops (0.5–7 ms under load), and the chat route pays it before its first token. A
 * token is immutable bytes, so its authenticated payload is memoised by the exact token string (and
 * salt); expiry is checked again on every hit. Nothing here is trusted beyond what decoding would
 * give: session validity is still read from the database per request. A cache, not state: another
 * instance just decodes.
 */
const MAX_ENTRIES = 1000;
/** jose's default tolerance in Auth.js's decode. */
const CLOCK_TOLERANCE_S = 15;
const cache = new Map<string, JWT>();

export async function decodeCached(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, salt } = params;
  if (!token) return null;
  const key = `${salt}\u0000${token}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    if (typeof hit.exp === "number" && hit.exp + CLOCK_TOLERANCE_S > Date.now() / 1000) {
      cache.set(key, hit);
      return { ...hit };
    }
  }
  const payload = await decode(params);
  if (payload && typeof payload.exp === "number") {
    cache.set(key, { ...payload });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return payload;
}

/** Tests start from an empty cache. */
export function clearTokenCache(): void {
  cache.clear();
}
