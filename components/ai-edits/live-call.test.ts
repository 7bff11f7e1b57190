import { describe, expect, it } from "vitest";

import type { EditorBatch } from "@/lib/edit-planner";

import { createLiveCall, unfinishedEditNotice, type LiveCallFiles } from "./live-call";

function project(files: Record<string, string>, open: string[]) {
  const loaded = new Set(open);
  const loads: string[] = [];
  const port: LiveCallFiles = {
    text: (path) => (loaded.has(path) ? (files[path] ?? null) : null),
    exists: (path) => path in files,
    isDirectory: () => false,
    load: async (path) => {
      loads.push(path);
      loaded.add(path);
    },
  };
  return { port, loads };
}

const input = (path: string, content: string) => JSON.stringify({ path, content });

describe("createLiveCall", () => {
  it("streams a write_file call into batches that start from the file as it was and end at the new text", async () => {
    const { port } = project({ "a.ts": "old\n" }, ["a.ts"]);
    let work = 0;
    const call = createLiveCall({ messageId: "m", toolCallId: "c", toolName: "write_file" }, port, () => work++);
    const json = input("a.ts", "new\nlines\n");
    for (let i = 0; i < json.length; i += 5) call.gate.push(json.slice(i, i + 5));
    call.gate.end();
    await new Promise((r) => setTimeout(r, 0));
    const batches: EditorBatch[] = call.planner.drain();
    expect(work).toBeGreaterThan(0);
    expect(batches[0]).toMatchObject({ path: "a.ts", start: { operation: "write" } });
    expect(batches.at(-1)?.state).not.toBe("failed");
    expect(call.snapshots.get("a.ts")).toBe("old\n");
  });

  it("holds the stream until a file it names that is not open yet has loaded, then plans against it", async () => {
    const { port, loads } = project({ "b.ts": "before\n" }, []);
    const call = createLiveCall({ messageId: "m", toolCallId: "c", toolName: "write_file" }, port, () => {});
    call.gate.push(input("b.ts", "after\n"));
    call.gate.end();
    expect(call.planner.drain()).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toEqual(["b.ts"]);
    expect(call.planner.drain()[0]).toMatchObject({ path: "b.ts", start: { operation: "write" } });
    expect(call.snapshots.get("b.ts")).toBe("before\n");
  });

  it("explains why an unfinished edit shows nothing, by how the turn ended", () => {
    expect(unfinishedEditNotice("stopped")).toMatch(/stopped/);
    expect(unfinishedEditNotice("failed")).toMatch(/failed/);
    expect(unfinishedEditNotice("complete")).toMatch(/without a result/);
  });
});
