import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import type { TurnFileEntry, TurnHistoryMessage, TurnState } from "@/db/queries/sessions";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";

import { capabilitiesFor, type ModelCapabilities } from "./catalog";
import { countTokens } from "./tokens";
import { outputTokenLimit, packPrompt } from "./turn-prompt";
import type { TurnTarget } from "./turn-target";

/** The turn's packing on its own: a state as the turn's read returns it, no database. */

const model = capabilitiesFor("gpt-oss-120b");

function file(path: string, content: string | null, version = 1): TurnFileEntry {
  return { id: randomUUID(), path, kind: "file", size: content?.length ?? 0, version, content };
}

function stateWith(files: TurnFileEntry[], history: TurnHistoryMessage[] = []): TurnState {
  return {
    // A fresh project id per state: token counts are memoised by project, path and version.
    sessionId: randomUUID(),
    sessionTitle: "New chat",
    projectId: randomUUID(),
    projectName: "Packing",
    workspaceId: randomUUID(),
    workspaceName: "W",
    plan: "free",
    planUntil: null,
    entitlementOverrides: null,
    role: "owner",
    history,
    heldHistory: "0:0",
    files,
    wanted: files.filter((f) => f.content !== null),
    filesVersion: "1",
    tree: { fingerprint: `${files.length}:test`, paths: { files: files.filter((f) => f.kind === "file").map((f) => f.path), folders: [] } },
    sessionCurrent: true,
    modelVerdicts: {},
    predictionRefusedModels: [],
    providerKey: null,
  };
}

const request = (context: ChatRequest["context"]) => chatRequestSchema.parse({ sessionId: randomUUID(), message: { id: randomUUID(), text: "Fix it" }, context });
const target = (text = "Fix it", history: TurnHistoryMessage[] = []): TurnTarget => ({ userMessageId: randomUUID(), text, history, isNewMessage: true });

function message(role: "user" | "assistant", text: string, seq: number): TurnHistoryMessage {
  return { id: randomUUID(), seq, role, parts: [{ type: "text", text }], label: role === "user" ? text.slice(0, 60) : null, status: "complete", tokenCount: countTokens(text) };
}

describe("outputTokenLimit", () => {
  it("is 8,192 for small files, 1.25 × the largest file + 2,048 for big ones, never over 16,384 or the model's own limit", () => {
    expect(outputTokenLimit(model)).toBe(8_192);
    expect(outputTokenLimit(model, 4_000)).toBe(8_192);
    expect(outputTokenLimit(model, 8_000)).toBe(12_048);
    expect(outputTokenLimit(model, 100_000)).toBe(16_384);
    const small: ModelCapabilities = { ...model, maxOutputTokens: 4_096 };
    expect(outputTokenLimit(small, 8_000)).toBe(4_096);
  });
});

describe("packPrompt", () => {
  it("puts general context first and the user's focus last, right before their words", () => {
    const state = stateWith([file("a.ts", "const a = 1;\nconst b = 2;\nconst c = 3;"), file("b.ts", "export const b = 2;"), file("c.ts", "export const c = 3;")]);
    const prompt = packPrompt(
      request({ activeFile: "a.ts", selection: { path: "a.ts", startLine: 2, endLine: 3 }, mentions: ["b.ts"], openFiles: ["c.ts"], diagnostics: [{ path: "a.ts", line: 2, severity: "error", message: "b is unused" }] }),
      state,
      model,
      target(),
      "tools",
    );
    const order = ["<project_tree>", '<file path="c.ts">', '<file path="b.ts">', '<file path="a.ts" active="true">', '<selection path="a.ts" lines="2-3">', "<diagnostics>"].map((tag) =>
      prompt.userContent.indexOf(tag),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(prompt.userContent).toContain('<selection path="a.ts" lines="2-3">\nconst b = 2;\nconst c = 3;\n</selection>');
    expect(prompt.userContent.endsWith("\n\nFix it")).toBe(true);
    expect(prompt.system).toContain("Packing");
    expect(prompt.activeFileContent).toBe("const a = 1;\nconst b = 2;\nconst c = 3;");
    expect(prompt.report.items.filter((i) => i.included).map((i) => i.kind)).toEqual(expect.arrayContaining(["system", "message", "tree", "active-file", "selection", "mention", "open-file", "diagnostics"]));
  });

  it("quotes each file once (an active file also open or mentioned is the active block) and skips files the read did not return", () => {
    const state = stateWith([file("a.ts", "A"), file("gone.ts", null)]);
    const prompt = packPrompt(request({ activeFile: "a.ts", mentions: ["a.ts", "gone.ts"], openFiles: ["a.ts", "gone.ts"], diagnostics: [] }), state, model, target(), "tools");
    expect(prompt.userContent.match(/<file path="a\.ts"/g)).toHaveLength(1);
    expect(prompt.userContent).not.toContain('<file path="gone.ts"');
    expect(prompt.report.items.some((i) => i.label === "gone.ts")).toBe(false);
  });

  it("quotes a file's current text turn after turn, and its active marker as it changes (blocks are reused per content)", () => {
    const state = stateWith([file("a.ts", "first text"), file("b.ts", "B")]);
    const ask = (activeFile?: string) => packPrompt(request({ activeFile, mentions: [], openFiles: ["a.ts", "b.ts"], diagnostics: [] }), state, model, target(), "tools").userContent;
    expect(ask()).toContain('<file path="a.ts">\nfirst text\n</file>');
    state.files[0] = { ...state.files[0]!, version: 2, content: "second text" };
    expect(ask()).toContain('<file path="a.ts">\nsecond text\n</file>');
    expect(ask()).not.toContain("first text");
    expect(ask("a.ts")).toContain('<file path="a.ts" active="true">\nsecond text\n</file>');
    expect(ask()).toContain('<file path="a.ts">\nsecond text\n</file>');
  });

  it("a message with no context is just the user's words, with no active file", () => {
    const prompt = packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), stateWith([]), model, target("Just words"), "tools");
    expect(prompt.userContent).toBe("Just words");
    expect(prompt.activeFileContent).toBeNull();
    expect(prompt.maxOutputTokens).toBe(8_192);
  });

  it("raises the output allowance for a big file in the prompt and reserves it in the report", () => {
    const big = Array.from({ length: 2_000 }, (_, i) => `export const value${i} = ${i} * ${i + 1};`).join("\n");
    const prompt = packPrompt(request({ activeFile: "big.ts", openFiles: [], mentions: [], diagnostics: [] }), stateWith([file("big.ts", big)]), model, target(), "tools");
    expect(prompt.maxOutputTokens).toBeGreaterThan(8_192);
    expect(prompt.maxOutputTokens).toBeLessThanOrEqual(16_384);
    expect(prompt.report.reservedForOutput).toBe(prompt.maxOutputTokens);
  });

  it("keeps history as whole turns (a question with its answers) and drops the oldest first under a small window", () => {
    const history = [message("user", "old question", 1), message("assistant", "old answer ".repeat(400), 2), message("user", "new question", 3), message("assistant", "new answer", 4)];
    const roomy = packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), stateWith([]), model, target("Now", history), "tools");
    expect(roomy.history.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    // Room for the system prompt, the message and the newest turn, not the old one's long answer.
    const system = roomy.report.items.find((i) => i.kind === "system")!.tokens;
    const tight = packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), stateWith([]), model, target("Now", history), "tools", system + 8_192 + 200);
    expect(tight.history.map((m) => m.seq)).toEqual([3, 4]);
    expect(tight.report.trimmed).toBe(true);
  });

  it("refuses a message that cannot fit before its answer, naming the plan's cap when the plan is what limits it", () => {
    const words = "lorem ipsum dolor sit amet ".repeat(2_000);
    const pack = (cap?: number) => packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), stateWith([]), model, target(words), "tools", cap);
    expect(() => pack(9_000)).toThrow(expect.objectContaining({ code: "payload_too_large:chat", message: expect.stringContaining("this workspace's plan packs") }));
    const tinyModel: ModelCapabilities = { ...model, contextWindow: 9_000 };
    expect(() => packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), stateWith([]), tinyModel, target(words), "tools")).toThrow(
      expect.objectContaining({ code: "payload_too_large:chat", message: expect.stringContaining(`${model.label} takes`) }),
    );
    expect(pack().userContent).toBe(words);
  });

  it("the system prompt follows the edit channel: answer blocks on the content channel", () => {
    const state = stateWith([]);
    const tools = packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), state, model, target(), "tools");
    const content = packPrompt(request({ openFiles: [], mentions: [], diagnostics: [] }), state, model, target(), "content");
    expect(content.system).not.toBe(tools.system);
    expect(content.system).toContain("*** Begin Patch");
  });
});
