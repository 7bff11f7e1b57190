import { describe, expect, it } from "vitest";

import { demoScript } from "@/lib/testing/upstream/demo";
import type { ChatMessage, ChatRequest, Script } from "@/lib/testing/upstream/schema";

import { diagnosticsBlock, fileBlock, selectionBlock, treeBlock } from "../prompts";

import { commentStyleFor, DEMO_RATE, demoPatch, findActiveFile } from "./reply";

const PATCH_TOOL = [{ type: "function", function: { name: "apply_patch" } }];

function request(messages: ChatMessage[], tools = PATCH_TOOL): ChatRequest {
  return { model: "wafer-demo", messages, tools };
}

function textOf(script: Script): string {
  return script.steps.map((step) => (step.type === "text" ? step.text : "")).join("");
}

function patchOf(script: Script): string | null {
  const call = script.steps.find((step) => step.type === "tool_call");
  if (!call || call.type !== "tool_call") return null;
  expect(call.name).toBe("apply_patch");
  return (JSON.parse(call.arguments) as { patch: string }).patch;
}

const activeFile = (path: string, content: string) => `<file path="${path}" active="true">\n${content}\n</file>`;

describe("findActiveFile", () => {
  it.each<[string, ChatMessage[], { path: string; content: string } | null]>([
    ["in a system message", [{ role: "system", content: activeFile("src/a.ts", "const a = 1;\nexport {};") }], { path: "src/a.ts", content: "const a = 1;\nexport {};" }],
    [
      "in user text parts, between other blocks",
      [
        {
          role: "user",
          content: [
            { type: "text", text: '<file path="b.ts">\nb\n</file>\n' },
            { type: "text", text: `${activeFile("c.py", "print(1)")}\nPlease fix` },
          ],
        },
      ],
      { path: "c.py", content: "print(1)" },
    ],
    ["attributes in any order, entities unescaped", [{ role: "user", content: '<file active="true" path="a &amp; b.md">\n# T\n</file>' }], { path: "a & b.md", content: "# T" }],
    ["an empty file", [{ role: "system", content: '<file path="e.ts" active="true">\n</file>' }], { path: "e.ts", content: "" }],
    ["newest message wins", [
      { role: "system", content: activeFile("old.ts", "old") },
      { role: "user", content: activeFile("new.ts", "new") },
    ], { path: "new.ts", content: "new" }],
    ["not active", [{ role: "system", content: '<file path="x.ts" active="false">\nx\n</file>' }], null],
    ["ignored in assistant and tool messages", [
      { role: "assistant", content: activeFile("a.ts", "a") },
      { role: "tool", content: activeFile("t.ts", "t") },
    ], null],
  ])("%s", (_name, messages, expected) => {
    expect(findActiveFile(messages)).toEqual(expected);
  });
});

describe("demoPatch", () => {
  it("inserts one comment line above the first line", () => {
    expect(demoPatch({ path: "src/app.tsx", content: "import x from 'y';\r\nrest" }, "add tests")).toBe(
      "*** Begin Patch\n*** Update File: src/app.tsx\n@@\n-import x from 'y';\n+// TODO (Wafer offline demo, scripted): add tests\n+import x from 'y';\n*** End Patch\n",
    );
  });

  it("keeps a shebang first", () => {
    expect(demoPatch({ path: "bin/run.sh", content: "#!/bin/sh\necho hi" }, "x")).toBe(
      "*** Begin Patch\n*** Update File: bin/run.sh\n@@\n-#!/bin/sh\n+#!/bin/sh\n+# TODO (Wafer offline demo, scripted): x\n*** End Patch\n",
    );
  });

  it("uses block comments that the request cannot close early", () => {
    expect(demoPatch({ path: "a.css", content: "body {}" }, "make it */ red")).toContain("+/* TODO (Wafer offline demo, scripted): make it  red */\n");
    expect(demoPatch({ path: "index.html", content: "<html>" }, "a --> b")).toContain("+<!-- TODO (Wafer offline demo, scripted): a  b -->\n");
  });

  it("declines files without comment syntax and empty files", () => {
    expect(demoPatch({ path: "package.json", content: "{}" }, "x")).toBeNull();
    expect(demoPatch({ path: "a.ts", content: "" }, "x")).toBeNull();
    expect(commentStyleFor("Dockerfile")).toEqual(["# ", ""]);
    expect(commentStyleFor("notes.unknownext")).toBeNull();
  });
});

describe("demoScript", () => {
  it("says it is the offline demo and how to connect a real model", () => {
    const script = demoScript(request([{ role: "user", content: "What is a monad?" }], []));
    const text = textOf(script);
    expect(text).toMatch(/Demo model \(offline\)/);
    expect(text).toMatch(/scripted/);
    expect(text).toMatch(/no AI model is connected/);
    for (const name of ["CEREBRAS_API_KEY", "AI_BASE_URL", "AI_API_KEY"]) expect(text).toContain(name);
    expect(patchOf(script)).toBeNull();
    expect(script.rate).toBe(DEMO_RATE);
  });

  it("edits the active file when apply_patch is offered, quoting the request on one line", () => {
    const script = demoScript(
      request([
        { role: "system", content: `You are Wafer.\n${activeFile("src/main.py", "import os\nprint(os.name)")}` },
        { role: "user", content: "Add   logging\nto this   file please" },
      ]),
    );
    expect(patchOf(script)).toBe(
      "*** Begin Patch\n*** Update File: src/main.py\n@@\n-import os\n+# TODO (Wafer offline demo, scripted): Add logging to this file please\n+import os\n*** End Patch\n",
    );
    expect(textOf(script)).toContain("`src/main.py`");
    expect(script.steps.at(-1)!.type).toBe("tool_call");
  });

  it("leaves the file block out of the quoted request and shortens long requests", () => {
    const ask = "word ".repeat(40);
    const script = demoScript(request([{ role: "user", content: `${activeFile("a.ts", "let a;")}\n${ask}` }]));
    const comment = patchOf(script)!.split("\n")[4]!;
    expect(comment.startsWith("+// TODO (Wafer offline demo, scripted): word word")).toBe(true);
    expect(comment).not.toContain("<file");
    expect(comment.endsWith("…")).toBe(true);
    expect(comment.length).toBeLessThan(140);
  });

  it("quotes only the user's words, never the context blocks the chat packs before them", () => {
    const packed = [
      treeBlock(["README.md", "main.py", "tests/test_main.py"]),
      fileBlock("tests/test_main.py", "def test_x():\n    assert True"),
      fileBlock("main.py", "def add(a, b):\n    return a + b", true),
      selectionBlock("main.py", 1, 2, "def add(a, b):\n    return a + b"),
      diagnosticsBlock([{ path: "main.py", line: 1, severity: "warning", message: "missing <types>" }]),
      "Add type hints",
    ].join("\n\n");
    const script = demoScript(request([{ role: "system", content: "You are Wafer." }, { role: "user", content: packed }]));
    expect(patchOf(script)).toBe(
      "*** Begin Patch\n*** Update File: main.py\n@@\n-def add(a, b):\n+# TODO (Wafer offline demo, scripted): Add type hints\n+def add(a, b):\n*** End Patch\n",
    );
  });

  it("without an active file, offers a hint instead of an edit", () => {
    const script = demoScript(request([{ role: "user", content: "hi" }]));
    expect(patchOf(script)).toBeNull();
    expect(textOf(script)).toMatch(/Open a file/);
  });

  it("explains instead of breaking a file that cannot take a comment", () => {
    const script = demoScript(request([{ role: "user", content: `${activeFile("package.json", "{}")}\nbump deps` }]));
    expect(patchOf(script)).toBeNull();
    expect(textOf(script)).toContain("`package.json` can't take");
  });

  it("after the tool result, answers with a one-line summary naming the file", () => {
    const first = demoScript(request([{ role: "user", content: `${activeFile("lib/x.go", "package x")}\nhello` }]));
    const call = first.steps.find((step) => step.type === "tool_call");
    if (call?.type !== "tool_call") throw new Error("expected a tool call");
    const followUp = demoScript(
      request([
        { role: "user", content: `${activeFile("lib/x.go", "package x")}\nhello` },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", function: { name: "apply_patch", arguments: call.arguments } }] },
        { role: "tool", tool_call_id: "c1", content: "applied" },
      ]),
    );
    expect(followUp.steps).toHaveLength(1);
    const summary = textOf(followUp);
    expect(summary).not.toContain("\n");
    expect(summary).toContain("`lib/x.go`");
    expect(summary).toMatch(/scripted, not written by AI/);
  });
});
