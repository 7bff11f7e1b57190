import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

import { describe, expect, it } from "vitest";

import { clientAddress, installPeerAddressStamp, PEER_HEADER, stampedPeer, UNKNOWN_PEER } from "./client-address";
import { originVerdict, servedOverHttps } from "./origin";
import { errorResponse } from "./route";
import { hasValidEscapes, screenRequest } from "./screen";
import { pageContentSecurityPolicy, themeScript } from "./security-headers";

const h = (init: Record<string, string>) => new Headers(init);

describe("originVerdict (finding 3)", () => {
  const opts = { trustForwardedHost: false };
  it.each([
    [{ host: "localhost:3000", origin: "http://localhost:3000" }, "same-origin"],
    [{ host: "app.example.com", origin: "https://app.example.com" }, "same-origin"],
    [{ host: "localhost:3000", origin: "http://localhost:9999" }, "cross-origin"],
    [{ host: "app.example.com", origin: "https://evil.app.example.com" }, "cross-origin"],
    [{ host: "app.example.com", origin: "https://app.example.com.evil.io" }, "cross-origin"],
    [{ host: "localhost:3000", origin: "null" }, "cross-origin"],
    [{ host: "localhost:3000", origin: "file://" }, "cross-origin"],
    [{ host: "localhost:3000", origin: "chrome-extension://abc" }, "cross-origin"],
    [{ host: "localhost:3000" }, "no-origin"],
    [{ host: "localhost:3000", "sec-fetch-site": "same-origin" }, "no-origin"],
    [{ host: "localhost:3000", "sec-fetch-site": "none" }, "no-origin"],
    [{ host: "localhost:3000", "sec-fetch-site": "same-site" }, "cross-origin"],
    [{ host: "localhost:3000", "sec-fetch-site": "cross-site" }, "cross-origin"],
    // A forwarded host counts only behind a trusted proxy.
    [{ host: "10.0.0.5:3000", "x-forwarded-host": "app.example.com", origin: "https://app.example.com" }, "cross-origin"],
  ])("%j → %s", (headers, verdict) => {
    expect(originVerdict(h(headers), opts)).toBe(verdict);
  });

  it("trusts X-Forwarded-Host behind a proxy, and the configured app URL", () => {
    const forwarded = h({ host: "10.0.0.5:3000", "x-forwarded-host": "app.example.com", origin: "https://app.example.com" });
    expect(originVerdict(forwarded, { trustForwardedHost: true })).toBe("same-origin");
    const configured = h({ host: "10.0.0.5:3000", origin: "https://app.example.com" });
    expect(originVerdict(configured, { trustForwardedHost: false, appUrl: "https://app.example.com" })).toBe("same-origin");
  });
});

describe("servedOverHttps: the Secure flag behind a TLS-terminating proxy", () => {
  const plain = (headers: Record<string, string> = {}) => ({ url: "http://10.0.0.5:3000/s/abc", headers: h(headers) });
  it("reads the request's own scheme", () => {
    expect(servedOverHttps({ url: "https://app.example.com/s/abc", headers: h({}) }, { trustForwardedHost: false })).toBe(true);
    expect(servedOverHttps(plain(), { trustForwardedHost: false })).toBe(false);
  });
  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    expect(servedOverHttps(plain({ "x-forwarded-proto": "https" }), { trustForwardedHost: true })).toBe(true);
    expect(servedOverHttps(plain({ "x-forwarded-proto": "https, http" }), { trustForwardedHost: true })).toBe(true);
    expect(servedOverHttps(plain({ "x-forwarded-proto": "https" }), { trustForwardedHost: false })).toBe(false);
    expect(servedOverHttps(plain({ "x-forwarded-proto": "http" }), { trustForwardedHost: true })).toBe(false);
  });
  it("trusts an https app URL", () => {
    expect(servedOverHttps(plain(), { trustForwardedHost: false, appUrl: "https://wafer.example.com" })).toBe(true);
    expect(servedOverHttps(plain(), { trustForwardedHost: false, appUrl: "http://wafer.internal" })).toBe(false);
  });
});

describe("clientAddress (finding 5)", () => {
  const token = "t0k3n";
  const stamped = (peer: string, xff?: string) =>
    h({ [PEER_HEADER]: `${token} ${peer}`, ...(xff === undefined ? {} : { "x-forwarded-for": xff }) });

  it("without trusted proxies, the socket address; X-Forwarded-For is ignored", () => {
    expect(clientAddress(stamped("198.51.100.7"), { hops: 0, token })).toBe("198.51.100.7");
    expect(clientAddress(stamped("198.51.100.7", "1.2.3.4"), { hops: 0, token })).toBe("198.51.100.7");
    expect(clientAddress(stamped("::ffff:198.51.100.7", "1.2.3.4, 5.6.7.8"), { hops: 0, token })).toBe("198.51.100.7");
  });

  it("with n trusted hops, the n-th address from the right of [...X-Forwarded-For, socket]", () => {
    // client → proxy (appends client) → app: the socket is the proxy.
    expect(clientAddress(stamped("10.0.0.1", "203.0.113.5"), { hops: 1, token })).toBe("203.0.113.5");
    // A client-chosen prefix does not move the pick.
    expect(clientAddress(stamped("10.0.0.1", "6.6.6.6, 203.0.113.5"), { hops: 1, token })).toBe("203.0.113.5");
    expect(clientAddress(stamped("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1"), { hops: 2, token })).toBe("203.0.113.5");
    // Fewer hops than configured (the proxy was bypassed): the leftmost there is, never beyond.
    expect(clientAddress(stamped("203.0.113.5"), { hops: 2, token })).toBe("203.0.113.5");
  });

  it("a forged or missing stamp is not an address", () => {
    expect(stampedPeer(h({ [PEER_HEADER]: "guess 1.2.3.4" }), token)).toBeNull();
    expect(stampedPeer(h({}), token)).toBeNull();
    expect(clientAddress(h({ [PEER_HEADER]: "guess 1.2.3.4", "x-forwarded-for": "1.2.3.4" }), { hops: 0, token })).toBe(UNKNOWN_PEER);
  });

  it("the stamp installed on Node's HTTP server carries the real socket address and overrides a forged one", async () => {
    installPeerAddressStamp();
    const server = createServer((req, res) => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      res.end(JSON.stringify({ hop0: clientAddress(headers, { hops: 0 }), hop1: clientAddress(headers, { hops: 1 }) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, headers: { "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "forged 6.6.6.6" } },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end();
    });
    server.close();
    expect(JSON.parse(body)).toEqual({ hop0: "127.0.0.1", hop1: "6.6.6.6" });
  });
});

describe("screenRequest (findings 3 and 9)", () => {
  const opts = { trustForwardedHost: false };
  it.each(["/p/%FF", "/api/sessions/%FF", "/api/projects/x/files/%FF.txt", "/p/%E0%A4%A", "/p/%ED%A0%80", "/a/%", "/a/%zz"])(
    "%s → 400",
    async (path) => {
      expect(hasValidEscapes(path)).toBe(false);
      const response = screenRequest(new Request(`http://localhost:3000${path}`), opts);
      expect(response?.status).toBe(400);
      expect(((await response!.json()) as { code: string }).code).toBe("bad_request:api");
    },
  );

  it.each(["/p/abc", "/api/projects/x/files/a%20b.txt", "/api/projects/x/files/%E2%82%AC.txt", "/p/%2F"])("%s passes", (path) => {
    expect(screenRequest(new Request(`http://localhost:3000${path}`), opts)).toBeNull();
  });

  it("a page POST (a server action) from another origin is a 403; same origin and API routes pass", () => {
    const action = (origin: string, path = "/sign-in") =>
      new Request(`http://localhost:3000${path}`, { method: "POST", headers: { host: "localhost:3000", origin, "next-action": "x" } });
    expect(screenRequest(action("http://localhost:9999"), opts)?.status).toBe(403);
    expect(screenRequest(action("null"), opts)?.status).toBe(403);
    expect(screenRequest(action("http://localhost:3000"), opts)).toBeNull();
    // The account page's actions (rename, password, deletion) sit behind the same check.
    expect(screenRequest(action("http://localhost:9999", "/account"), opts)?.status).toBe(403);
    expect(screenRequest(action("http://localhost:3000", "/account"), opts)).toBeNull();
    // Route handlers check Origin themselves (route()); Auth.js's routes use their CSRF token.
    expect(screenRequest(action("http://localhost:9999", "/api/auth/signout"), opts)).toBeNull();
  });
});

describe("page CSP (finding 6)", () => {
  const csp = pageContentSecurityPolicy("abc123");
  const directive = (name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

  it("allows scripts only by nonce or hash, never inline or eval, and forbids framing", () => {
    expect(directive("script-src")).toContain("'nonce-abc123'");
    expect(directive("script-src")).toContain("'strict-dynamic'");
    expect(directive("script-src")).not.toContain("'unsafe-inline'");
    expect(directive("script-src")).not.toContain("'unsafe-eval'");
    expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive("object-src")).toBe("object-src 'none'");
    expect(directive("base-uri")).toBe("base-uri 'none'");
    expect(directive("img-src")).toBe("img-src 'self' data:");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it("the theme script's hash is the one allowed", async () => {
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(themeScript))).toString("base64");
    expect(directive("script-src")).toContain(`'sha256-${digest}'`);
  });
});

describe("database errors leave masked (finding 8)", () => {
  it("a failed statement answers internal:database with the generic message, never the SQL", async () => {
    const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: "PostgresError" });
    const failed = Object.assign(new Error('Failed query: insert into "files" … params: secret'), { name: "DrizzleQueryError", cause: driver });
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const response = errorResponse(failed, "files");
      expect(response.status).toBe(500);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe("internal:database");
      expect(body.message).not.toMatch(/Failed query|insert|secret|UTF8/);
      // The details go to the server log.
      expect((logged[0] as unknown[])[1]).toBe(failed);
    } finally {
      console.error = original;
    }
  });
});
