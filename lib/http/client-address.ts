/**
 * The client address for per-IP throttles. Next 16 gives route handlers and server actions no socket
 * address: it only fills `X-Forwarded-For` from the socket when the client sent none (`??=` in its
 * base server), so a client that sends its own header chooses its address. The server therefore
 * stamps every request with the socket's address at the Node HTTP layer (`installPeerAddressStamp`,
 * run from instrumentation.ts), tagged with a per-process random token so a client cannot forge the
 * stamp. `X-Forwarded-For` counts only for as many hops as TRUSTED_PROXY_HOPS says proxies append.
 */
import { randomBytes } from "node:crypto";
import { Server, type IncomingMessage } from "node:http";

export const PEER_HEADER = "x-wafer-peer";
/** Requests whose peer is unknown (no stamp: not served through `next start`) share one bucket. */
export const UNKNOWN_PEER = "unknown";

const TOKEN_KEY = Symbol.for("wafer.peer-token");
type TokenHolder = { [TOKEN_KEY]?: string };

function peerToken(): string | undefined {
  return (globalThis as TokenHolder)[TOKEN_KEY];
}

/** Patches Node's HTTP server so each request carries `<token> <socket address>` in PEER_HEADER. */
export function installPeerAddressStamp(): void {
  const holder = globalThis as TokenHolder;
  if (holder[TOKEN_KEY]) return;
  const token = randomBytes(16).toString("hex");
  holder[TOKEN_KEY] = token;
  const proto = Server.prototype as Server & { emit: (event: string | symbol, ...args: unknown[]) => boolean };
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      request.headers[PEER_HEADER] = `${token} ${request.socket.remoteAddress ?? UNKNOWN_PEER}`;
    }
    return emit.call(this, event, ...args);
  };
}

/** The socket address stamped on this request, or null when the stamp is missing or forged. */
export function stampedPeer(headers: Headers, token = peerToken()): string | null {
  const stamp = headers.get(PEER_HEADER);
  if (!token || !stamp) return null;
  const [given, address] = stamp.split(" ");
  return given === token && address ? address : null;
}

/**
 * The address a throttle keys on. Each trusted proxy appends the address it received the request
 * from, so with `hops` trusted proxies the client is the `hops`-th address from the right of
 * [...X-Forwarded-For, socket]; anything further left was written by the client and is ignored.
 */
export function clientAddress(headers: Headers, { hops, token }: { hops: number; token?: string | undefined }): string {
  const peer = stampedPeer(headers, token ?? peerToken()) ?? UNKNOWN_PEER;
  if (hops === 0) return normalise(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return normalise(chain[Math.max(0, chain.length - 1 - hops)]!);
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are one client. */
function normalise(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}
