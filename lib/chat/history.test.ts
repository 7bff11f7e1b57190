import { describe, expect, it } from "vitest";

import { toModelMessages } from "./history";

describe("toModelMessages", () => {
  it("replays text turns in order", () => {
    expect(
      toModelMessages([
        { role: "user", parts: [{ type: "text", text: "hi" }], status: "complete" },
        { role: "assistant", parts: [{ type: "reasoning", text: "think" }, { type: "text", text: "hello" }], status: "complete" },
      ]),
    ).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: [{ type: "text", text: "hello" }] },
    ]);
  });

  it("splits steps so every tool call is followed by its result", () => {
    const messages = toModelMessages([
      { role: "user", parts: [{ type: "text", text: "edit" }], status: "complete" },
      {
        role: "assistant",
        status: "complete",
        parts: [
          { type: "text", text: "Patching." },
          { type: "tool", toolCallId: "c1", toolName: "apply_patch", input: { patch: "p" }, state: "output-available", output: { ok: true, summary: "done", files: [] } },
          { type: "step-start" },
          { type: "text", text: "Done." },
        ],
      },
    ]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "Patching." },
        { type: "tool-call", toolCallId: "c1", toolName: "apply_patch", input: { patch: "p" } },
      ],
    });
    expect(messages[2]).toEqual({
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "c1", toolName: "apply_patch", output: { type: "json", value: { ok: true, summary: "done", files: [] } } }],
    });
  });

  it("sends tool errors as error text, so the model can fix its patch", () => {
    const [, , tool] = toModelMessages([
      { role: "user", parts: [{ type: "text", text: "x" }], status: "complete" },
      {
        role: "assistant",
        status: "complete",
        parts: [{ type: "tool", toolCallId: "c", toolName: "apply_patch", input: {}, state: "output-error", errorText: "context not found" }],
      },
    ]);
    expect(tool).toEqual({
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "c", toolName: "apply_patch", output: { type: "error-text", value: "context not found" } }],
    });
  });

  it("never replays an unanswered tool call, and says the turn was stopped", () => {
    const messages = toModelMessages([
      { role: "user", parts: [{ type: "text", text: "x" }], status: "complete" },
      {
        role: "assistant",
        status: "stopped",
        parts: [
          { type: "text", text: "Writing" },
          { type: "tool", toolCallId: "c", toolName: "write_file", input: { path: "a" }, state: "interrupted" },
        ],
      },
    ]);
    expect(JSON.stringify(messages)).not.toContain("tool-call");
    expect(messages.at(-1)).toEqual({ role: "user", content: "[The previous answer was stopped by the user.]" });
  });
});

describe("toModelMessages, content-channel edits", () => {
  it("replays an edit that came as an answer block as that block, with its outcome, not as a tool call", () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch";
    const messages = toModelMessages([
      { role: "user", parts: [{ type: "text", text: "edit" }], status: "complete" },
      {
        role: "assistant",
        status: "complete",
        parts: [
          { type: "text", text: "Adding a." },
          { type: "tool", toolCallId: "wafer-content-m-0-0", toolName: "apply_patch", input: { patch }, state: "output-available", output: { ok: true, summary: "Proposed: add a.txt", files: [] } },
        ],
      },
    ]);
    expect(messages).toEqual([
      { role: "user", content: "edit" },
      { role: "assistant", content: [{ type: "text", text: `Adding a.\n${patch}\n[Proposed: add a.txt]\n` }] },
    ]);
  });
});
