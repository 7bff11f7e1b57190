import { describe, expect, it } from "vitest";

import { buildContext, contextChips, giveBack, selectionKey, turnOrigin } from "./turn-input";

const editor = () => ({
  activeFile: "src/a.ts",
  selection: { path: "src/a.ts", startLine: 2, endLine: 4 },
  openFiles: ["src/a.ts", "src/b.ts", "src/a.ts"],
  diagnostics: Array.from({ length: 150 }, (_, i) => ({ path: "src/a.ts", line: i + 1, severity: "error" as const, message: `e${i}` })),
});
const nothingExcluded = { activeFile: null, selection: null };

describe("buildContext", () => {
  it("takes the editor's context, de-duplicated and capped", () => {
    const context = buildContext({ text: "hi", mentions: ["x.ts", "x.ts"] }, editor, nothingExcluded);
    expect(context).toMatchObject({ activeFile: "src/a.ts", selection: { startLine: 2 }, openFiles: ["src/a.ts", "src/b.ts"], mentions: ["x.ts"] });
    expect(context.diagnostics).toHaveLength(100);
  });

  it("leaves out the chips the user removed", () => {
    const excluded = { activeFile: "src/a.ts", selection: selectionKey({ path: "src/a.ts", startLine: 2, endLine: 4 }) };
    const context = buildContext({ text: "hi" }, editor, excluded);
    expect(context.activeFile).toBeUndefined();
    expect(context.selection).toBeUndefined();
  });

  it("uses the input's own context (the inline edit) instead of the editor's", () => {
    const context = buildContext({ text: "hi", context: { activeFile: "c.ts", openFiles: ["c.ts", "c.ts"] } }, () => {
      throw new Error("the editor is not asked");
    }, nothingExcluded);
    expect(context).toEqual({ activeFile: "c.ts", openFiles: ["c.ts"], mentions: [], diagnostics: [] });
    expect(contextChips(context)).toEqual({ activeFile: "c.ts", mentions: [] });
  });
});

describe("turnOrigin / giveBack", () => {
  const state = { draft: "", mentions: ["m.ts"], excluded: { activeFile: "a.ts", selection: null } };

  it("gives a refused composer message back, before anything typed since, with its chips", () => {
    const origin = turnOrigin({ text: "first", origin: "composer" }, state);
    expect(giveBack(origin, { draft: "  typed since ", mentions: ["n.ts", "m.ts"] })).toEqual({
      draft: "first\n\ntyped since",
      mentions: ["m.ts", "n.ts"],
      excluded: { activeFile: "a.ts", selection: null },
    });
  });

  it("reopens the edit box of an edit-and-resend, and gives nothing back for a regenerate", () => {
    expect(giveBack(turnOrigin({ text: "again", origin: "edit", replaceFromMessageId: "u1" }, state), state)).toEqual({ editingId: "u1", editDraft: "again" });
    expect(giveBack(turnOrigin({ text: "x" }, state), state)).toEqual({});
  });
});
