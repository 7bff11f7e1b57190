import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { clearTokenCache, decodeCached } from "./token-cache";

const secret = "test-secret-test-secret-test-secret-0000";
const salt = "authjs.session-token";

describe("decodeCached", () => {
  beforeEach(() => clearTokenCache());
  afterEach(() => vi.useRealTimers());

  it("returns the token's payload, the same on a hit, and a copy the caller may not corrupt", async () => {
    const token = await encode({ token: { sub: "u1", gen: 3 }, secret, salt });
    const first = await decodeCached({ token, secret, salt });
    expect(first).toMatchObject({ sub: "u1", gen: 3 });
    first!.sub = "someone-else";
    expect(await decodeCached({ token, secret, salt })).toMatchObject({ sub: "u1", gen: 3 });
  });

  it("refuses a tampered token and a token under another salt, as decode does", async () => {
    const token = await encode({ token: { sub: "u1" }, secret, salt });
    await decodeCached({ token, secret, salt });
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    await expect(decodeCached({ token: tampered, secret, salt })).rejects.toThrow();
    await expect(decodeCached({ token, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
  });

  it("stops serving a cached payload once the token expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-04T12:00:00Z"));
    const token = await encode({ token: { sub: "u1" }, secret, salt, maxAge: 60 });
    expect(await decodeCached({ token, secret, salt })).toMatchObject({ sub: "u1" });
    vi.setSystemTime(new Date("2026-12-04T12:02:00Z"));
    await expect(decodeCached({ token, secret, salt })).rejects.toThrow();
  });
});
