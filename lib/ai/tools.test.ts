import { beforeAll, describe, expect, it } from "vitest";

import { createEntry } from "@/lib/files/service";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { SEARCH_LIMIT_MS } from "@/lib/search/search";

import { createTurnTools } from "./tools";
import { TurnWorkspace } from "./workspace";

let project: ProjectAccess;

beforeAll(async () => {
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("tools"), "typescript");
  await createEntry(project, { path: "redos.txt", kind: "file", content: `${"a".repeat(30)}!\nplain line\n` });
});

async function search(input: { query: string; regex?: boolean; path?: string }): Promise<string> {
  const tools = createTurnTools({ workspace: new TurnWorkspace(project.projectId, []), mode: "review", onProposal: () => {} });
  const execute = tools.search_files!.execute!;
  return (await execute(input, { toolCallId: "t", messages: [] })) as string;
}

describe("search_files", () => {
  it("runs a catastrophic-backtracking pattern in linear time", async () => {
    // A backtracking engine blocks the event loop ~6 s on this 31-character line, doubling per character.
    const started = performance.now();
    const out = await search({ query: "^(a+)+$", regex: true });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(SEARCH_LIMIT_MS);
    expect(out).toBe("No matches.");
  });

  it("still finds what a regex matches, case-insensitively", async () => {
    expect(await search({ query: "^PLAIN\\s+line$", regex: true })).toBe("redos.txt:2: plain line");
    expect(await search({ query: "^(a+)+!$", regex: true, path: "" })).toMatch(/^redos\.txt:1: a{30}!/);
  });

  it("refuses lookaround and backreferences with an explanation the model can act on", async () => {
    await expect(search({ query: "(?<=a)b", regex: true })).rejects.toThrow(/RE2 syntax/);
    await expect(search({ query: "(a)\\1", regex: true })).rejects.toThrow(/RE2 syntax/);
  });

  it("plain text search is unchanged", async () => {
    expect(await search({ query: "PLAIN LINE" })).toBe("redos.txt:2: plain line");
  });
});
