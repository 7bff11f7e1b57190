import { randomUUID } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { deletePathByPrefix, insertFileEntries, movePathByPrefix, updateFileContentByVersion } from "@/db/queries/files";
import { createCodingSession, getTurnStateBySessionId } from "@/db/queries/sessions";
import { treeFingerprintFromRowsForTest } from "@/db/testing";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase, seedExchanges } from "@/lib/testing/database";

let project: ProjectAccess;
let sessionId: string;
const ids: string[] = [];

beforeAll(async () => {
  await prepareTestDatabase();
  const owner = await createTestUser("turn-state");
  project = await createTestProject(owner, "typescript");
  sessionId = (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: project.userId })).id;
  // Five turns, oldest first; each user message costs 10 tokens and each answer 100.
  ids.push(...(await seedExchanges({ sessionId, userId: project.userId, count: 5, questionTokens: 10, answerTokens: 100 })));
});

const read = (historyTokenBudget: number | null) =>
  getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget });

/** The read for package.json by a caller holding this tree or files version, named as `projectId:…` (this project's unless given). */
const readHolding = (held: { tree?: string; filesVersion?: string }, projectId = project.projectId) =>
  getTurnStateBySessionId({
    sessionId,
    userId: project.userId,
    sessionGeneration: 0,
    contentPaths: ["package.json"],
    historyTokenBudget: 0,
    knownTree: held.tree && `${projectId}:${held.tree}`,
    knownFilesVersion: held.filesVersion && `${projectId}:${held.filesVersion}`,
  });

describe("the turn-state read", () => {
  it("reads every message's parts without a budget", async () => {
    const state = await read(null);
    expect(state?.history.map((m) => m.id)).toEqual(ids);
    expect(state?.history.every((m) => m.parts !== null)).toBe(true);
  });

  it("reads parts only for the newest messages that fit the budget, counted from the newest back", async () => {
    // 100 + 10 + 100 = 210 fits; the next answer back (310) does not.
    const state = await read(215);
    const withParts = state!.history.filter((m) => m.parts !== null).map((m) => m.id);
    expect(withParts).toEqual(ids.slice(-3));
    // Older messages still come back in order, with their token counts and labels, so the context
    // report can list what was left out.
    expect(state!.history).toHaveLength(10);
    expect(state!.history[0]).toMatchObject({ id: ids[0], role: "user", parts: null, tokenCount: 10, label: "question 0" });
    expect(state!.history[1]).toMatchObject({ role: "assistant", parts: null, label: null });
  });

  it("skips the rows the caller holds (through historyAfterSeq, with their count and seq sum) and file contents it names by id:version", async () => {
    const full = await getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: ["package.json"], historyTokenBudget: null });
    const file = full!.files.find((f) => f.path === "package.json")!;
    expect(file.content).toContain("{");
    // The rest of the tree comes as paths only.
    const others = full!.files.filter((f) => f.path !== "package.json");
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((f) => f.content === null && f.kind === "file")).toBe(true);
    const state = await getTurnStateBySessionId({
      sessionId,
      userId: project.userId,
      sessionGeneration: 0,
      contentPaths: ["package.json"],
      historyTokenBudget: null,
      historyAfterSeq: full!.history[7]!.seq,
      knownFiles: { "package.json": `${file.id}:${file.version}` },
    });
    expect(state!.history.map((m) => m.id)).toEqual(ids.slice(8));
    expect(state!.history.every((m) => m.parts !== null)).toBe(true);
    const held = full!.history.slice(0, 8);
    expect(state!.heldHistory).toBe(`8:${held.reduce((n, m) => n + m.seq, 0)}`);
    expect(state!.files.find((f) => f.path === "package.json")!.content).toBeNull();
    // A stale id:version reads the content again.
    const stale = await getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: ["package.json"], historyTokenBudget: null, knownFiles: { "package.json": `${file.id}:0` } });
    expect(stale!.files.find((f) => f.path === "package.json")!.content).toBe(file.content);
  });

  it("leaves the tree's paths out when the caller holds its fingerprint, and any change to the tree changes it", async () => {
    const readTree = (fingerprint?: string, projectId?: string) => readHolding({ tree: fingerprint }, projectId);
    const full = await readTree();
    expect(full!.tree.paths!.files).toEqual(full!.files.filter((f) => f.kind === "file").map((f) => f.path));
    const held = await readTree(full!.tree.fingerprint);
    expect(held!.tree).toEqual({ fingerprint: full!.tree.fingerprint, paths: null });
    // The same fingerprint held for another project (a tree just like it) is not this one's.
    expect((await readTree(full!.tree.fingerprint, randomUUID()))!.tree.paths).toEqual(full!.tree.paths);
    // Only the asked-for entry comes back, complete.
    expect(held!.files).toEqual([full!.files.find((f) => f.path === "package.json")]);
    await insertFileEntries({ projectId: project.projectId, userId: project.userId, entries: [{ path: "zz-new.ts", kind: "file", content: "", size: 0 }] });
    const added = await readTree(full!.tree.fingerprint);
    expect(added!.tree.fingerprint).not.toBe(full!.tree.fingerprint);
    expect(added!.tree.paths!.files).toContain("zz-new.ts");
    // A rename keeps the count: the fingerprint still moves.
    await movePathByPrefix({ projectId: project.projectId, from: "zz-new.ts", to: "zz-renamed.ts", userId: project.userId });
    const renamed = await readTree(added!.tree.fingerprint);
    expect(renamed!.tree.paths!.files).toContain("zz-renamed.ts");
    expect(renamed!.tree.paths!.files).not.toContain("zz-new.ts");
  });

  it("the fingerprint the triggers keep is the one hashing every row gives, through inserts, folder moves, content saves and deletes", async () => {
    const fingerprint = async () => (await getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: 0 }))!.tree.fingerprint;
    const seen = new Set<string>();
    const check = async (changed: boolean) => {
      const stored = await fingerprint();
      expect(stored).toBe(await treeFingerprintFromRowsForTest(project.projectId));
      expect(seen.has(stored)).toBe(!changed);
      seen.add(stored);
    };
    await check(true);
    await insertFileEntries({
      projectId: project.projectId,
      userId: project.userId,
      entries: [
        { path: "fp", kind: "folder", content: "", size: 0 },
        { path: "fp/a.ts", kind: "file", content: "a", size: 1 },
        { path: "fp/b.ts", kind: "file", content: "b", size: 1 },
      ],
    });
    await check(true);
    await movePathByPrefix({ projectId: project.projectId, from: "fp", to: "fq", userId: project.userId });
    await check(true);
    // A content save changes no path: the fingerprint (and the tree it names) stays.
    // Version 2: created at 1, and the move bumped it.
    expect(await updateFileContentByVersion({ projectId: project.projectId, path: "fq/a.ts", content: "aa", size: 2, baseVersion: 2, userId: project.userId })).not.toBeNull();
    await check(false);
    // Back to the tree before the insert, so back to its fingerprint.
    await deletePathByPrefix({ projectId: project.projectId, path: "fq" });
    await check(false);
  });

  it("leaves the asked-for entries out when the caller holds them at the project's files version, which every write to its files moves", async () => {
    const readWanted = (version?: string, projectId?: string) => readHolding({ filesVersion: version }, projectId);
    const full = await readWanted();
    expect(full!.wanted!.map((f) => f.path)).toEqual(["package.json"]);
    expect(full!.wanted![0]).toBe(full!.files.find((f) => f.path === "package.json"));
    const held = await readWanted(full!.filesVersion);
    expect(held).toMatchObject({ filesVersion: full!.filesVersion, wanted: null, files: [] });
    // Another project at the same version number holds other files.
    expect((await readWanted(full!.filesVersion, randomUUID()))!.wanted).toEqual(full!.wanted);
    expect(held!.tree.paths).toEqual(full!.tree.paths);

    const versions = new Set([full!.filesVersion]);
    const moved = async () => {
      const state = await readWanted(full!.filesVersion);
      expect(versions.has(state!.filesVersion)).toBe(false);
      versions.add(state!.filesVersion);
      expect(state!.wanted).not.toBeNull();
      return state!;
    };
    await insertFileEntries({ projectId: project.projectId, userId: project.userId, entries: [{ path: "fv.ts", kind: "file", content: "a", size: 1 }] });
    await moved();
    // A content save of a file not asked for moves it too: the version is the project's.
    expect(await updateFileContentByVersion({ projectId: project.projectId, path: "fv.ts", content: "b", size: 1, baseVersion: 1, userId: project.userId })).not.toBeNull();
    await moved();
    await movePathByPrefix({ projectId: project.projectId, from: "fv.ts", to: "fw.ts", userId: project.userId });
    await moved();
    await deletePathByPrefix({ projectId: project.projectId, path: "fw.ts" });
    const last = await moved();
    // A statement that writes nothing leaves it.
    await deletePathByPrefix({ projectId: project.projectId, path: "no-such-path" });
    expect((await readWanted(last.filesVersion))!.wanted).toBeNull();
  });

  it("answers null for a user who is not a member", async () => {
    const stranger = await createTestUser("stranger");
    expect(await getTurnStateBySessionId({ sessionId, userId: stranger.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: null })).toBeNull();
  });
});
