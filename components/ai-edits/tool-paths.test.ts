import { describe, expect, it } from "vitest";

import { DeltaGate, ToolPathScanner, isEditTool, projectPath } from "./tool-paths";

const patch = [
  "*** Begin Patch",
  "*** Update File: src/a.ts",
  "@@",
  " keep",
  "-old",
  "+new",
  "+*** Update File: not/a/header.ts",
  "*** Delete File: ./old/b.ts",
  "*** Add File: docs/new.md",
  "+# hi",
  "*** Update File: src/c.ts",
  "*** Move to: src/d.ts",
  "@@",
  "-x",
  "+y",
  "*** End Patch",
].join("\n");

const patchJson = JSON.stringify({ patch });

/** Every split of `text` into two deltas, plus one delta per character. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

function scanAll(toolName: "apply_patch" | "write_file", deltas: string[]): string[] {
  const scanner = new ToolPathScanner(toolName);
  return deltas.flatMap((delta) => scanner.push(delta));
}

describe("ToolPathScanner", () => {
  it("finds the files a patch names, canonical, whatever the chunking", () => {
    for (const deltas of splits(patchJson)) {
      expect(scanAll("apply_patch", deltas)).toEqual(["src/a.ts", "old/b.ts", "docs/new.md", "src/c.ts"]);
    }
  });

  it("reports a header in the delta that completes its line, not before", () => {
    const scanner = new ToolPathScanner("apply_patch");
    const head = JSON.stringify({ patch: "*** Begin Patch\n*** Update File: src/a.ts\n@@" }).slice(0, -2);
    const cut = head.indexOf("\\n@@");
    expect(scanner.push(head.slice(0, cut))).toEqual([]);
    expect(scanner.push(head.slice(cut))).toEqual(["src/a.ts"]);
  });

  it("reads write_file's path wherever it sits in the object", () => {
    const contentFirst = JSON.stringify({ content: 'const path = "x";\n', path: "./src/\u00e9.ts" });
    for (const deltas of splits(contentFirst)) expect(scanAll("write_file", deltas)).toEqual(["src/é.ts"]);
  });

  it("ignores paths that are not project paths", () => {
    expect(scanAll("write_file", [JSON.stringify({ path: "../etc/passwd", content: "" })])).toEqual([]);
    expect(projectPath("/abs")).toBeNull();
    expect(isEditTool("read_file")).toBe(false);
    expect(isEditTool("apply_patch")).toBe(true);
  });
});

describe("DeltaGate", () => {
  function setup(unloaded: string[]) {
    const fed: string[] = [];
    const loads = new Map<string, () => void>();
    const missing = new Set(unloaded);
    let ended = false;
    const gate = new DeltaGate(new ToolPathScanner("apply_patch"), {
      needsLoad: (path) => missing.has(path),
      load: (path) =>
        new Promise<void>((resolve) =>
          loads.set(path, () => {
            missing.delete(path);
            resolve();
          }),
        ),
      feed: (delta) => fed.push(delta),
      end: () => {
        ended = true;
      },
    });
    return { gate, fed, loads, ended: () => ended };
  }

  const deltas = (() => {
    const json = JSON.stringify({ patch: "*** Begin Patch\n*** Update File: a.ts\n-x\n+y\n*** Update File: b.ts\n-p\n+q\n*** End Patch\n" });
    const at = (marker: string) => json.indexOf(marker);
    return [json.slice(0, at("-x")), json.slice(at("-x"), at("-p")), json.slice(at("-p"))];
  })();

  it("passes deltas straight through when every file is loaded", () => {
    const { gate, fed, ended } = setup([]);
    deltas.forEach((d) => gate.push(d));
    gate.end();
    expect(fed).toEqual(deltas);
    expect(ended()).toBe(true);
  });

  it("holds the delta naming an unloaded file, and all later ones, until it loads", async () => {
    const { gate, fed, loads, ended } = setup(["b.ts"]);
    deltas.forEach((d) => gate.push(d));
    gate.end();
    expect(fed).toEqual([deltas[0]]);
    expect(gate.holding).toBe(true);
    expect(ended()).toBe(false);
    loads.get("b.ts")!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fed).toEqual(deltas);
    expect(ended()).toBe(true);
  });

  it("holds everything, the end included, until `before` settles", async () => {
    const fed: string[] = [];
    let ended = false;
    let ready = () => {};
    const gate = new DeltaGate(new ToolPathScanner("apply_patch"), {
      before: new Promise<void>((resolve) => {
        ready = resolve;
      }),
      needsLoad: () => false,
      load: async () => {},
      feed: (delta) => fed.push(delta),
      end: () => {
        ended = true;
      },
    });
    deltas.forEach((d) => gate.push(d));
    gate.end();
    expect(fed).toEqual([]);
    expect(gate.holding).toBe(true);
    ready();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fed).toEqual(deltas);
    expect(ended).toBe(true);
    expect(gate.holding).toBe(false);
  });

  it("feeds nothing after close", async () => {
    const { gate, fed, loads } = setup(["a.ts"]);
    gate.push(deltas[0]!);
    gate.close();
    loads.get("a.ts")!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fed).toEqual([]);
  });
});
