import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { open, seal } from "./seal";

describe("seal / open (AES-256-GCM)", () => {
  const key = randomBytes(32);

  it("round-trips, with a fresh IV each time and no plaintext in the output", () => {
    const a = seal("csk-secret-1234", key, "ws-1");
    const b = seal("csk-secret-1234", key, "ws-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("secret");
    expect(Buffer.from(a, "base64url").toString("latin1")).not.toContain("csk-secret");
    expect(open(a, key, "ws-1")).toBe("csk-secret-1234");
  });

  it("refuses another key, another row, and a flipped bit", () => {
    const sealed = seal("csk-secret-1234", key, "ws-1");
    expect(() => open(sealed, randomBytes(32), "ws-1")).toThrow();
    expect(() => open(sealed, key, "ws-2")).toThrow();
    const raw = Buffer.from(sealed, "base64url");
    raw[raw.length - 1]! ^= 1;
    expect(() => open(raw.toString("base64url"), key, "ws-1")).toThrow();
  });
});
