import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { readBody } from "./route";

/** The body as Next hands it to a route: a web stream fed from the Node request. */
function webRequest(incoming: IncomingMessage): Request {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for await (const chunk of incoming) controller.enqueue(new Uint8Array(chunk as Buffer));
      controller.close();
    },
  });
  return new Request("http://localhost/api/x", { method: "POST", headers: incoming.headers as Record<string, string>, body, duplex: "half" } as RequestInit);
}

let close: (() => void) | undefined;
afterEach(() => close?.());

/** Sends `declared` bytes' worth of headers, writes `sent` bytes, then drops the socket. */
async function readCutOffBody(declared: number, sent: number): Promise<unknown> {
  const outcome = new Promise<unknown>((resolve) => {
    const server = createServer((incoming) => {
      readBody(webRequest(incoming), 1024 * 1024, "zip").then(resolve, resolve);
    });
    close = () => server.close();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const client = httpRequest({ port, method: "POST", headers: { "content-length": String(declared) } });
      client.on("error", () => {});
      client.write(Buffer.alloc(sent, 1), () => setTimeout(() => client.destroy(), 20));
    });
  });
  return outcome;
}

describe("readBody", () => {
  it("calls a body the client cut off a bad request, not an unavailable database", async () => {
    const error = await readCutOffBody(1000, 10);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "bad_request:zip", status: 400, visibility: "response" });
    // The cause is Node's own: ECONNRESET, which the database classifier would otherwise claim.
    expect((error as AppError).cause).toMatchObject({ code: "ECONNRESET" });
  });
});
