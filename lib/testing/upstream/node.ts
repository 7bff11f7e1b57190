import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { warmTokenizer } from "./tokens";
import { createUpstream, type Upstream, type UpstreamOptions } from "./upstream";

type FetchHandler = (request: Request) => Promise<Response>;

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    body = new Uint8Array(Buffer.concat(parts));
  }
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method, headers, body, signal });
}

/** Resolves on 'drain', or on 'close' so a vanished client never leaves the pump waiting. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Headers go out now: a client sees the 200 before the first token, like a real upstream.
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // The body errored (a scripted reset): drop the connection without the chunked terminator. Node corks
    // chunked writes until the next tick, so let what was already written leave first.
    await new Promise((resolve) => setImmediate(resolve));
    res.destroy();
  } finally {
    res.off("close", cancel);
  }
}

/** node:http ↔ Fetch bridge; each write reaches the socket at once (no buffering, no compression). */
function toNodeListener(handler: FetchHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const aborter = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborter.abort();
    });
    void (async () => {
      let response: Response;
      try {
        response = await handler(await toRequest(req, aborter.signal));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: String(error), type: "server_error", param: null, code: null } }));
        return;
      }
      await writeResponse(response, res);
    })();
  };
}

export interface UpstreamServerOptions extends UpstreamOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Serve an existing upstream instead of creating one from the options. */
  upstream?: Upstream;
}

export interface UpstreamServer {
  url: string;
  /** What an OpenAI-compatible client takes as baseURL. */
  baseURL: string;
  upstream: Upstream;
  close(): Promise<void>;
}

export async function startUpstreamServer(options: UpstreamServerOptions = {}): Promise<UpstreamServer> {
  warmTokenizer();
  const upstream = options.upstream ?? createUpstream(options);
  const host = options.host ?? "127.0.0.1";
  const server = createServer({ noDelay: true }, toNodeListener(upstream.handle));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    upstream,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Open streams (a stall, a slow test) would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
