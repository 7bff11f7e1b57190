import path from "node:path";

import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file` (imports resolve from there). */
async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the import rules hold for every import form", () => {
  it("refuses upward imports, relative ones included", async () => {
    expect(await rulesHit("lib/chat/probe.ts", 'export { ChatPane } from "../../components/chat/chat-pane";\n')).toEqual([
      expect.stringMatching(/^import\/no-restricted-paths: .*app → components → lib → db/),
    ]);
    expect(await rulesHit("components/chat/probe.ts", 'import { database } from "@/db/client";\nexport const d = database;\n')).toEqual([
      expect.stringMatching(/^import\/no-restricted-paths/),
    ]);
    expect(await rulesHit("db/probe.ts", 'import { AppError } from "../lib/errors";\nimport { env } from "../lib/env";\nexport const x = [AppError, env];\n')).toEqual([
      expect.stringMatching(/db\/ sits below lib/),
    ]);
  });

  it("keeps lib/edits pure: no node: modules and nothing from the rest of the project", async () => {
    const hits = await rulesHit(
      "lib/edits/probe.ts",
      'import { readFileSync } from "node:fs";\nimport path from "path";\nimport { AppError } from "../errors";\nimport { applyPatch } from "./apply";\nexport const x = [readFileSync, path, AppError, applyPatch];\n',
    );
    expect(hits).toHaveLength(3);
    expect(hits.join("\n")).toMatch(/no-restricted-syntax: lib\/edits is pure: no Node modules/);
    expect(hits.join("\n")).toMatch(/no-restricted-imports: .*lib\/edits is pure: no Node modules/);
    expect(hits.join("\n")).toMatch(/no-restricted-paths: .*lib\/edits is pure: it imports nothing/);
  });

  it("keeps test code out of production code, but lets tests use it", async () => {
    const code = 'import { startUpstreamServer } from "../testing/upstream";\nexport const s = startUpstreamServer;\n';
    expect(await rulesHit("lib/ai/probe.ts", code)).toEqual([expect.stringMatching(/Production code never imports test code/)]);
    expect(await rulesHit("lib/ai/probe.test.ts", code)).toEqual([]);
    expect(await rulesHit("app/probe.ts", 'import { ensureTestBuild } from "@/scripts/build-hooks";\nexport const e = ensureTestBuild;\n')).toEqual([
      expect.stringMatching(/Production code never imports test code/),
    ]);
  });
});
