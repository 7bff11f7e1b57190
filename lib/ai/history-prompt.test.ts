import { convertToLanguageModelPrompt, standardizePrompt } from "ai/internal";
import { beforeEach, describe, expect, it } from "vitest";

import type { TurnHistoryMessage } from "@/db/queries/sessions";
import { toModelMessages } from "@/lib/chat/history";
import type { MessagePart } from "@/lib/chat/messages";

import { clearHistoryPrompt, historyPrompt, withHistory } from "./history-prompt";

let seq = 0;
function message(role: "user" | "assistant", parts: unknown[], status: TurnHistoryMessage["status"] = "complete"): TurnHistoryMessage {
  seq++;
  return { id: `m${seq}`, seq, role, parts, label: null, status, tokenCount: 10 };
}

const history = (): TurnHistoryMessage[] => [
  message("user", [{ type: "text", text: "Add types" }]),
  message("assistant", [
    { type: "reasoning", text: "think" },
    { type: "text", text: "Patching." },
    { type: "tool", toolCallId: "c1", toolName: "apply_patch", input: { patch: "p" }, state: "output-available", output: { ok: true, summary: "done", files: [] } },
    { type: "step-start" },
    { type: "tool", toolCallId: "c2", toolName: "read_file", input: { path: "a.ts" }, state: "output-available", output: "const a = 1;" },
    { type: "tool", toolCallId: "c3", toolName: "apply_patch", input: {}, state: "output-error", errorText: "context not found" },
    { type: "step-start" },
    { type: "text", text: "Done." },
  ]),
  message("user", [{ type: "text", text: "" }]),
  message("user", [{ type: "text", text: "And a test" }]),
  message("assistant", [{ type: "text", text: "Half an answer" }, { type: "tool", toolCallId: "c4", toolName: "write_file", input: { path: "x" }, state: "input-streaming" }], "stopped"),
  message("assistant", [], "failed"),
  message("user", [{ type: "text", text: "Again" }]),
  message("assistant", [{ type: "text", text: "Sure." }], "failed"),
];

/** What streamText builds and hands the provider when it is given the whole history itself. */
async function sdkPrompt(system: string, stored: TurnHistoryMessage[], userContent: string) {
  const messages = [...toModelMessages(stored.map((m) => ({ role: m.role, parts: (m.parts ?? []) as MessagePart[], status: m.status }))), { role: "user" as const, content: userContent }];
  const prompt = await standardizePrompt({ system, messages });
  return convertToLanguageModelPrompt({ prompt, supportedUrls: {}, download: undefined });
}

beforeEach(() => clearHistoryPrompt());

describe("historyPrompt", () => {
  it("gives the provider exactly the prompt streamText would build from the whole history", async () => {
    const stored = history();
    const expected = await sdkPrompt("You are Wafer.", stored, "<project_tree>\na.ts\n</project_tree>\n\nNow this");
    const own = await sdkPrompt("You are Wafer.", [], "<project_tree>\na.ts\n</project_tree>\n\nNow this");
    // Twice: the second pass comes from memory and must not differ.
    expect(withHistory(own, await historyPrompt(stored))).toEqual(expected);
    expect(withHistory(own, await historyPrompt(stored))).toEqual(expected);
  });

  it("keeps later steps' messages after the new user message", async () => {
    const stored = history().slice(0, 2);
    const step = [
      { role: "system" as const, content: "s" },
      { role: "user" as const, content: [{ type: "text" as const, text: "new" }] },
      { role: "assistant" as const, content: [{ type: "text" as const, text: "step one" }] },
    ];
    const prefix = await historyPrompt(stored);
    expect(prefix.length).toBeGreaterThan(0);
    expect(withHistory(step, prefix)).toEqual([step[0], ...prefix, step[1], step[2]]);
  });

  it("memoises each stored message by id, seq and status", async () => {
    const [user] = history();
    const first = await historyPrompt([user!]);
    // Same id and seq: served from memory even if the parts object is another copy.
    const again = await historyPrompt([{ ...user!, parts: [{ type: "text", text: "changed" }] }]);
    expect(again).toEqual(first);
    // A message stored again gets a new seq, so it is converted afresh.
    const restored = await historyPrompt([{ ...user!, seq: 999, parts: [{ type: "text", text: "changed" }] }]);
    expect(restored).toEqual([{ role: "user", content: [{ type: "text", text: "changed" }] }]);
  });

  it("rejects a malformed stored message as streamText would", async () => {
    const bad = message("assistant", [{ type: "tool", toolCallId: "c9", toolName: 42, input: {}, state: "output-available", output: "x" }]);
    await expect(historyPrompt([bad])).rejects.toThrow(/ModelMessage/);
  });

  it("returns the prompt unchanged without history", () => {
    const prompt = [{ role: "system" as const, content: "s" }];
    expect(withHistory(prompt, [])).toBe(prompt);
  });
});
