import { describe, expect, it } from "vitest";

import type { SessionDetail } from "@/lib/chat/contract";
import type { ChatMessage } from "@/lib/chat/messages";

import { liveProgress, progressWait, PROGRESS_INTERVAL_MS, renameLive, restorablePaths, threadForTurn, threadOf, withAcceptedEdits } from "./thread";

const message = (id: string, role: ChatMessage["role"], extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  role,
  parts: [{ type: "text", text: id }],
  status: "complete",
  createdAt: "2026-01-01T00:00:00.000Z",
  ...extra,
});
const live = { key: "pending-1", phase: "streaming" as const, firstOutputAt: null, outputChars: 0, liveTps: null, toolProgress: {} };

describe("thread", () => {
  it("shows a stored session with the retry time of a rate-limited answer", () => {
    const limited = message("a1", "assistant", { status: "failed", error: { code: "rate_limit:model", message: "slow down", retryAfterSeconds: 30 } });
    const detail = { messages: [message("u1", "user"), limited], checkpoints: [] } as unknown as SessionDetail;
    const thread = threadOf(detail);
    expect(thread.order).toEqual(["u1", "a1"]);
    expect(thread.retryAt).toEqual({ a1: Date.parse("2026-01-01T00:00:00.000Z") + 30_000 });
  });

  it("starts a turn from the kept messages with the placeholder last, and renames it when the server names it", () => {
    const before = { order: ["u1", "a1", "u2", "a2"], messages: Object.fromEntries(["u1", "a1", "u2", "a2"].map((id) => [id, message(id, id.startsWith("u") ? "user" : "assistant")])) };
    const thread = threadForTurn(before, ["u1", "a1"], [message("u3", "user")], message("pending-1", "assistant"));
    expect(thread.order).toEqual(["u1", "a1", "pending-1"]);
    expect(Object.keys(thread.messages).sort()).toEqual(["a1", "pending-1", "u1", "u3"]);
    const renamed = renameLive(thread, live, "a3");
    expect(renamed.order).toEqual(["u1", "a1", "a3"]);
    expect(renamed.messages.a3?.id).toBe("a3");
    expect(renamed.messages["pending-1"]).toBeUndefined();
    expect(renamed.live.key).toBe("a3");
  });

  it("records accepted edits as a checkpoint (reviving a restored one) and lists what a restore puts back", () => {
    let checkpoints = withAcceptedEdits([], "a1", ["x.ts", "x.ts"], "now");
    expect(checkpoints).toEqual([{ messageId: "a1", createdAt: "now", restoredAt: null, paths: ["x.ts"] }]);
    checkpoints = withAcceptedEdits([{ ...checkpoints[0]!, restoredAt: "then" }], "a1", ["y.ts"], "later");
    expect(checkpoints).toEqual([{ messageId: "a1", createdAt: "now", restoredAt: null, paths: ["x.ts", "y.ts"] }]);
    checkpoints = [...checkpoints, { messageId: "a2", createdAt: "", restoredAt: null, paths: ["z.ts", "x.ts"] }];
    expect(restorablePaths(checkpoints, ["u1", "a1", "u2", "a2"], "a1")).toEqual(["x.ts", "y.ts", "z.ts"]);
    expect(restorablePaths(checkpoints, ["u1", "a1", "u2", "a2"], "a2")).toEqual(["z.ts", "x.ts"]);
  });

  it("estimates live tok/s from characters, no sooner than 200 ms into the output and at most every 250 ms", () => {
    const first = liveProgress(live, 400, 1000, 0);
    expect(first).toEqual({ firstOutputAt: 1000, liveTps: null, tpsAt: 0 });
    const later = liveProgress({ ...live, firstOutputAt: 1000 }, 4000, 1500, 0);
    expect(later).toEqual({ firstOutputAt: 1000, liveTps: 2000, tpsAt: 1500 });
    expect(liveProgress({ firstOutputAt: 1000, liveTps: 2000 }, 8000, 1600, 1500)).toEqual({ firstOutputAt: 1000, liveTps: 2000, tpsAt: 1500 });
  });
});

describe("progressWait", () => {
  it("lets a changed message through at once and holds progress-only publishes to PROGRESS_INTERVAL_MS", () => {
    expect(progressWait(true, 1000, 990)).toBe(0);
    expect(progressWait(false, 1000, 990)).toBe(PROGRESS_INTERVAL_MS - 10);
    expect(progressWait(false, 1000, 1000 - PROGRESS_INTERVAL_MS)).toBe(0);
    expect(progressWait(false, 1000, 0)).toBe(0);
  });
});
