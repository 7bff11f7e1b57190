import { convertToOpenAICompatibleChatMessages } from "@ai-sdk/openai-compatible/internal";
import { convertToLanguageModelPrompt, standardizePrompt } from "ai/internal";
import { beforeEach, describe, expect, it } from "vitest";

import type { TurnHistoryMessage } from "@/db/queries/sessions";
import { toModelMessages } from "@/lib/chat/history";
import type { MessagePart } from "@/lib/chat/messages";

import { clearHistoryPrompt, HISTORY_MARKER, historyMarkerMessage, historyWire, markHistory, withHistory } from "./history-prompt";
import { deferLargeStrings, expandDeferred } from "./request-body";

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

/** The body the provider serializes for a prompt, as JSON text. */
const bodyOf = (messages: unknown[]) => ({ model: "m", messages, stream: true, max_completion_tokens: 10 });

describe("historyWire", () => {
  it("spliced into the provider's body where its marker stands, gives byte for byte the body of the whole history", async () => {
    const stored = history();
    const userContent = "<project_tree>\na.ts\n</project_tree>\n\nNow this — é 😀";
    const full = JSON.stringify(bodyOf(convertToOpenAICompatibleChatMessages(await sdkPrompt("You are Wafer.", stored, userContent))));
    const own = withHistory(await sdkPrompt("You are Wafer.", [], userContent), [historyMarkerMessage]);
    const marked = bodyOf(markHistory(convertToOpenAICompatibleChatMessages(own)));
    // Four times: the second pass comes from memory by id; the third freezes the rows, as the turn cache
    // holds them (shared across turns), and the fourth finds them by row. None may differ.
    for (let i = 0; i < 4; i++) {
      if (i === 2) stored.forEach((m) => Object.freeze(m));
      const wire = await historyWire(stored);
      expect(wire).not.toBeNull();
      const deferred = deferLargeStrings(marked, [], new Map([[HISTORY_MARKER, wire!]]));
      const { bytes, chars } = expandDeferred(JSON.stringify(deferred.body), deferred.fragments);
      expect(Buffer.from(bytes).toString("utf8")).toBe(full);
      expect(chars).toBe(full.length);
    }
  });

  it("the marker goes after the system messages, before the new user message and later steps", () => {
    const step = [
      { role: "system" as const, content: "s" },
      { role: "user" as const, content: [{ type: "text" as const, text: "new" }] },
      { role: "assistant" as const, content: [{ type: "text" as const, text: "step one" }] },
    ];
    expect(withHistory(step, [historyMarkerMessage])).toEqual([step[0], historyMarkerMessage, step[1], step[2]]);
    expect(markHistory(convertToOpenAICompatibleChatMessages(withHistory(step, [historyMarkerMessage])))[1]).toBe(HISTORY_MARKER);
  });

  it("memoises each stored message by id, seq and status", async () => {
    const [user] = history();
    const first = await historyWire([user!]);
    // Same id and seq: served from memory even if the parts object is another copy.
    const again = await historyWire([{ ...user!, parts: [{ type: "text", text: "changed" }] }]);
    expect(again!.json.toString()).toBe(first!.json.toString());
    // A message stored again gets a new seq, so it is converted afresh.
    const restored = await historyWire([{ ...user!, seq: 999, parts: [{ type: "text", text: "changed" }] }]);
    expect(JSON.parse(`[${restored!.json.toString()}]`)).toEqual([{ role: "user", content: "changed" }]);
  });

  it("is null for a history that converts to no messages, so no marker is placed", async () => {
    expect(await historyWire([message("assistant", [], "failed")])).toBeNull();
    expect(await historyWire([])).toBeNull();
  });

  it("rejects a malformed stored message as streamText would", async () => {
    const bad = message("assistant", [{ type: "tool", toolCallId: "c9", toolName: 42, input: {}, state: "output-available", output: "x" }]);
    await expect(historyWire([bad])).rejects.toThrow(/ModelMessage/);
  });

  it("returns the prompt unchanged without history", () => {
    const prompt = [{ role: "system" as const, content: "s" }];
    expect(withHistory(prompt, [])).toBe(prompt);
  });
});
