import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { apiFetch, apiRequest } from "./client";

const answer = (response: Response): typeof fetch => async () => response;

describe("apiRequest / apiFetch", () => {
  it("parses JSON answers and sends json bodies with their content type", async () => {
    let sent: RequestInit | undefined;
    const echo: typeof fetch = async (_input, init) => {
      sent = init;
      return Response.json({ ok: 1 });
    };
    expect(await apiFetch("/x", { method: "POST", json: { a: 1 }, fetch: echo })).toEqual({ ok: 1 });
    expect(sent).toMatchObject({ method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(await apiFetch("/x", { fetch: answer(new Response(null, { status: 204 })) })).toBeUndefined();
  });

  it("rejects with the server's AppError, unless the status is passed through", async () => {
    const missing = () => new AppError("not_found:chat", { message: "gone" }).toResponse();
    expect(await apiRequest("/x", { fetch: async () => missing() }).catch((e: unknown) => e)).toMatchObject({ code: "not_found:chat", status: 404 });
    expect((await apiRequest("/x", { fetch: async () => missing(), passStatuses: [404] })).status).toBe(404);
  });

  it("maps a request that never got an answer to offline (or the caller's error), and lets an abort through", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await apiRequest("/x", { fetch: down }).catch((e: unknown) => e)).toMatchObject({ code: "offline:api" });
    const own = await apiRequest("/x", { fetch: down, offline: (cause) => new AppError("offline:chat", { cause }) }).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: "offline:chat" });
    const controller = new AbortController();
    controller.abort();
    const aborting: typeof fetch = async () => {
      throw new DOMException("aborted", "AbortError");
    };
    expect(((await apiRequest("/x", { fetch: aborting, signal: controller.signal }).catch((e: unknown) => e)) as Error).name).toBe("AbortError");
  });
});
