import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { HOOK_NAMES, hooksInBuild, isTestBuild } from "@/scripts/build-hooks";

const root = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("test hooks", () => {
  it("are set only inside a WAFER_TEST_HOOKS build-time branch, so production bundles drop them", () => {
    const uses: string[] = [];
    const helper = path.join(root, "components", "test-hooks.ts"); // names the hooks in a type only
    const files = [...sources(path.join(root, "components")), ...sources(path.join(root, "app")), ...sources(path.join(root, "lib"))];
    for (const file of files.filter((f) => f !== helper)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const named = HOOK_NAMES.some((name) => line.includes(name));
        // Type declarations (`__waferChat?: ChatController;`) and comments emit nothing.
        const typeOrComment = /^\s*(\*|\/\/|\/\*\*)/.test(line) || /^\s*__wafer\w+\?:/.test(line);
        if (named && !typeOrComment) uses.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(uses.length).toBe(3);
    for (const use of uses) expect(use).toMatch(/process\.env\.WAFER_TEST_HOOKS === "1" \? exposeOnWindow\("__wafer\w+"/);
  });

  it("are found in a build's browser chunks only when every hook is there", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wafer-build-"));
    mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
    writeFileSync(path.join(dir, "BUILD_ID"), "x");
    writeFileSync(path.join(dir, "static", "chunks", "a.js"), "window.__waferChat=c;");
    expect(hooksInBuild(dir).__waferChat).toEqual(["static/chunks/a.js"]);
    expect(isTestBuild(dir)).toBe(false);
    writeFileSync(path.join(dir, "static", "chunks", "b.js"), "window.__waferEditor=e;window.__waferAiEdits=a;");
    expect(isTestBuild(dir)).toBe(true);
  });
});
