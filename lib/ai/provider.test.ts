import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sendAfter } from "./provider";

/** What a plain HTTP server saw of each request: its headers, when its body was complete, and whether it was. */
interface Seen {
  headers: IncomingMessage["headers"];
  body: string;
  complete: boolean;
  endedAt: number;
}

let server: Server;
let url: string;
const seen: Seen[] = [];
const firstBytes: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => {
      if (parts.length === 0) firstBytes.push(performance.now());
      parts.push(part);
    });
    const record = (complete: boolean) => seen.push({ headers: req.headers, body: Buffer.concat(parts).toString("utf8"), complete, endedAt: performance.now() });
    req.on("end", () => {
      record(true);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    req.on("aborted", () => record(false));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("sendAfter: the request leaves at once, and completes only after its gate", () => {
  it("the server has the body up to its last byte while the gate is pending, and all of it, with its length, after", async () => {
    seen.length = 0;
    firstBytes.length = 0;
    const body = Buffer.from(JSON.stringify({ model: "m", messages: [{ role: "user", content: "é".repeat(100_000) }] }), "utf8");
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let sentAt: number | null = null;
    const response = sendAfter(fetch, url, { method: "POST", headers: { "content-type": "application/json" } }, body, () => gate, () => (sentAt ??= performance.now()));
    // The upload is under way before the gate opens, but the request is not complete.
    await waitFor(() => firstBytes.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(0);
    expect(sentAt).toBeNull();
    const openedAt = performance.now();
    open();
    await waitFor(() => sentAt !== null);
    expect(sentAt).toBeGreaterThanOrEqual(openedAt);
    expect(await (await response).text()).toBe("ok");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.complete).toBe(true);
    expect(seen[0]!.endedAt).toBeGreaterThanOrEqual(openedAt);
    expect(seen[0]!.body).toBe(body.toString("utf8"));
    expect(seen[0]!.headers["content-length"]).toBe(String(body.length));
    expect(seen[0]!.headers["transfer-encoding"]).toBeUndefined();
  });

  it("a failing gate throws its own error and the server never gets a whole request", async () => {
    seen.length = 0;
    firstBytes.length = 0;
    const refused = new Error("over budget");
    const body = Buffer.from('{"model":"m","messages":[]}', "utf8");
    let sent = 0;
    await expect(
      sendAfter(
        fetch,
        url,
        { method: "POST" },
        body,
        async () => {
          await new Promise((r) => setTimeout(r, 30));
          throw refused;
        },
        () => sent++,
      ),
    ).rejects.toBe(refused);
    // Whoever waits for the request to leave is released: it never will.
    expect(sent).toBeGreaterThan(0);
    await waitFor(() => seen.length === 1);
    expect(seen[0]!.complete).toBe(false);
    expect(seen[0]!.body.length).toBeLessThan(body.length);
  });

  it("a server that answers before the body is complete gets its answer through, not an error of the held body", async () => {
    const early = createServer((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end('{"error":{"message":"bad key"}}'));
    await new Promise<void>((resolve) => early.listen(0, "127.0.0.1", resolve));
    try {
      const target = `http://127.0.0.1:${(early.address() as AddressInfo).port}/v1/chat/completions`;
      const body = Buffer.from(JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(200_000) }] }), "utf8");
      let sent = 0;
      const response = await sendAfter(fetch, target, { method: "POST" }, body, () => new Promise((r) => setTimeout(r, 50)), () => sent++);
      expect(response.status).toBe(401);
      expect(sent).toBeGreaterThan(0);
      expect(await response.text()).toContain("bad key");
    } finally {
      await new Promise<void>((resolve) => early.close(() => resolve()));
    }
  });
});
