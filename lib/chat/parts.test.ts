import { describe, expect, it } from "vitest";

import { MessageParts } from "./parts";

describe("MessageParts", () => {
  it("replaces a changed part rather than mutating it, and leaves the others' identity alone", () => {
    const parts = new MessageParts();
    parts.appendText("reasoning", "a");
    parts.appendText("text", "b");
    const before = parts.list();
    parts.appendText("text", "c");
    const after = parts.list();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(before[1]).toEqual({ type: "text", text: "b" });
    expect(parts.text()).toBe("bc");
  });

  it("adds tool calls that arrive without streamed input, unless told not to", () => {
    const parts = new MessageParts();
    parts.updateTool("x", null, { state: "output-available", output: 1 }, { create: false });
    parts.updateTool("y", "write_file", { input: { path: "a" } });
    expect(parts.finish()).toEqual([{ type: "tool", toolCallId: "y", toolName: "write_file", input: { path: "a" }, state: "interrupted" }]);
  });

  it("drops trailing step markers and keeps inner ones", () => {
    const parts = new MessageParts();
    parts.appendText("text", "a");
    parts.stepFinished();
    parts.appendText("text", "b");
    parts.stepFinished();
    parts.stepFinished();
    expect(parts.finish()).toEqual([{ type: "text", text: "a" }, { type: "step-start" }, { type: "text", text: "b" }]);
  });
});
