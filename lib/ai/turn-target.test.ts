import { randomUUID } from "node:crypto";

import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { database } from "@/db/client";
import { updateFileContentByVersion } from "@/db/queries/files";
import { createCodingSession, insertAssistantMessage, insertUserMessage, listMessagesBySessionId, type TurnState } from "@/db/queries/sessions";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, joinProject, prepareTestDatabase, seedExchanges } from "@/lib/testing/database";

import { HISTORY_READ_BUDGET_TOKENS } from "./context";
import { clearTurnCache } from "./turn-cache";
import { loadTurnState, resolveTarget, turnContentPaths } from "./turn-target";

/** The turn's read and which message it answers, on the run's database. */

let project: ProjectAccess;
let sessionId: string;
/** The session's messages, oldest first: [question 0, answer 0, question 1, answer 1]. */
let ids: string[];

beforeAll(async () => {
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("turn-target"), "typescript");
});

beforeEach(async () => {
  clearTurnCache();
  sessionId = (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: project.userId })).id;
  ids = await seedExchanges({ sessionId, userId: project.userId, count: 2 });
});

const parse = (body: Partial<ChatRequest>) => chatRequestSchema.parse({ sessionId, ...body });
const newMessage = (text = "next question") => parse({ message: { id: randomUUID(), text } });
const load = (request = newMessage(), paths: string[] = []) => loadTurnState(request, project.userId, 0, paths);
const storedTexts = async () => (await listMessagesBySessionId({ sessionId })).map((m) => (m.parts as { text: string }[])[0]?.text);

async function state(request = newMessage()): Promise<TurnState> {
  const loaded = await load(request);
  if (!loaded) throw new Error("no turn state");
  return loaded;
}

describe("turnContentPaths", () => {
  it("lists each file the prompt may quote once: active, selection, mentions, open files", () => {
    expect(
      turnContentPaths({ activeFile: "a.ts", selection: { path: "b.ts", startLine: 1, endLine: 2 }, mentions: ["c.ts", "a.ts"], openFiles: ["d.ts", "b.ts"], diagnostics: [] }),
    ).toEqual(["a.ts", "b.ts", "c.ts", "d.ts"]);
    expect(turnContentPaths({ mentions: [], openFiles: [], diagnostics: [] })).toEqual([]);
  });
});

describe("loadTurnState", () => {
  it("reads access, history and the named files' content in one go; other files are bare paths", async () => {
    const loaded = await load(newMessage(), ["src/greet.ts"]);
    expect(loaded).toMatchObject({ sessionId, projectId: project.projectId, role: "owner", sessionCurrent: true });
    expect(loaded!.history.map((m) => m.id)).toEqual(ids);
    const greet = loaded!.files.find((f) => f.path === "src/greet.ts");
    expect(greet?.content).toContain("greet");
    const others = loaded!.files.filter((f) => f.kind === "file" && f.path !== "src/greet.ts");
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((f) => f.content === null)).toBe(true);
  });

  it("is null for someone outside the workspace, and flags a session token from before a sign-out", async () => {
    const stranger = await createTestUser("turn-target-stranger");
    expect(await loadTurnState(newMessage(), stranger.userId, 0, [])).toBeNull();
    expect((await loadTurnState(newMessage(), project.userId, 1, []))?.sessionCurrent).toBe(false);
  });

  it("a second turn on this instance gets the same history and content, whatever it held already", async () => {
    const first = await load(newMessage(), ["src/greet.ts"]);
    const second = await load(newMessage(), ["src/greet.ts"]);
    expect(second!.history).toEqual(first!.history);
    expect(second!.files.find((f) => f.path === "src/greet.ts")?.content).toBe(first!.files.find((f) => f.path === "src/greet.ts")?.content);
  });

  it("a turn after a save reads the saved content, though the turn before held the file", async () => {
    const first = await load(newMessage(), ["src/greet.ts"]);
    const greet = first!.files.find((f) => f.path === "src/greet.ts")!;
    const saved = await updateFileContentByVersion({ projectId: project.projectId, path: greet.path, content: "export const saved = 1;\n", size: 24, baseVersion: greet.version, userId: project.userId });
    expect(saved).not.toBeNull();
    const second = await load(newMessage(), ["src/greet.ts"]);
    expect(second!.filesVersion).not.toBe(first!.filesVersion);
    expect(second!.files.find((f) => f.path === "src/greet.ts")).toMatchObject({ version: saved!.version, content: "export const saved = 1;\n" });
    // Unchanged since: the next turn gets the same entry from memory.
    const third = await load(newMessage(), ["src/greet.ts"]);
    expect(third!.filesVersion).toBe(second!.filesVersion);
    expect(third!.files.find((f) => f.path === "src/greet.ts")).toEqual(second!.files.find((f) => f.path === "src/greet.ts"));
  });

  it("a new chat in the same project reads neither its tree nor its open files again; in another project it reads that project's own", async () => {
    const first = await load(newMessage(), ["src/greet.ts"]);
    const greet = first!.files.find((f) => f.path === "src/greet.ts")!;
    const other = await createTestProject({ userId: project.userId, workspaceId: project.workspaceId }, "typescript");
    const otherGreet = await updateFileContentByVersion({ projectId: other.projectId, path: "src/greet.ts", content: "export const other = 2;\n", size: 24, baseVersion: 1, userId: project.userId });
    expect(otherGreet).not.toBeNull();

    const newChat = async (projectId: string) => {
      sessionId = (await createCodingSession({ projectId, title: "t", createdBy: project.userId })).id;
      const before = database().statementCount();
      const loaded = await load(newMessage(), ["src/greet.ts"]);
      return { loaded: loaded!, statements: database().statementCount() - before };
    };
    const same = await newChat(project.projectId);
    // One statement, and the tree is the one held (the read left its paths out).
    expect(same.statements).toBe(1);
    expect(same.loaded.tree.paths).toBe(first!.tree.paths);
    expect(same.loaded.files.find((f) => f.path === "src/greet.ts")).toEqual(greet);

    // The user's last turn was in the first project: the guess names it, and the read ignores it here.
    const elsewhere = await newChat(other.projectId);
    expect(elsewhere.statements).toBe(1);
    expect(elsewhere.loaded.projectId).toBe(other.projectId);
    expect(elsewhere.loaded.files.find((f) => f.path === "src/greet.ts")?.content).toBe("export const other = 2;\n");
    expect(elsewhere.loaded.tree.paths).not.toBe(first!.tree.paths);
  });

  it("a teammate's first chat reads no tree or open files again once this instance made the session; a session it never saw reads them", async () => {
    const first = await load(newMessage(), ["src/greet.ts"]);
    const firstChat = async (teammate: ProjectAccess, create: () => Promise<string>) => {
      sessionId = await create();
      const before = database().statementCount();
      const loaded = await loadTurnState(newMessage(), teammate.userId, 0, ["src/greet.ts"]);
      return { loaded: loaded!, statements: database().statementCount() - before };
    };

    // Made through the route's service: this instance knows the session's project before its first turn.
    const made = await joinProject(project, (await createTestUser("turn-target-mate")).userId, "member");
    const viaService = await firstChat(made, async () => (await createSession(made, undefined)).id);
    expect(viaService.statements).toBe(1);
    expect(viaService.loaded.tree.paths).toBe(first!.tree.paths);

    // Made elsewhere (another instance): no guess for this user, so the read brings the tree itself.
    const other = await joinProject(project, (await createTestUser("turn-target-mate-2")).userId, "member");
    const elsewhere = await firstChat(other, async () => (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: other.userId })).id);
    expect(elsewhere.loaded.tree.paths).not.toBe(first!.tree.paths);
    expect(elsewhere.loaded.tree.paths).toEqual(first!.tree.paths);
    expect(elsewhere.loaded.files.find((f) => f.path === "src/greet.ts")).toEqual(viaService.loaded.files.find((f) => f.path === "src/greet.ts"));
  });

  it("leaves parts older than any model's window unread for a new message, but reads all of them to regenerate or to check a resent id", async () => {
    // A very long old exchange, then the two short turns: the old one can never be packed.
    const old = randomUUID();
    sessionId = (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: project.userId })).id;
    await insertUserMessage({ id: old, sessionId, parts: [{ type: "text", text: "old" }], tokenCount: HISTORY_READ_BUDGET_TOKENS, createdBy: project.userId, meta: {} });
    const answer = randomUUID();
    await insertAssistantMessage({ id: answer, sessionId, parts: [{ type: "text", text: "recent answer" }], status: "complete", model: "m", meta: {}, proposals: null, tokenCount: 10, title: null });

    const fresh = await state(newMessage());
    expect(fresh.history.map((m) => m.parts === null)).toEqual([true, false]);
    expect(fresh.history[0]?.label).toBe("old");

    const regenerate = await state(parse({ regenerateMessageId: answer }));
    expect(regenerate.history.every((m) => m.parts !== null)).toBe(true);

    // Resending the old message's id: its text must be read to tell a retry from a reused id.
    const resent = await state(parse({ message: { id: old, text: "old" } }));
    expect(resent.history[0]?.parts).toEqual([{ type: "text", text: "old" }]);
  });
});

describe("resolveTarget", () => {
  it("a new message answers itself after the whole history, and deletes nothing", async () => {
    const request = newMessage("third");
    const target = await resolveTarget(request, await state(request));
    expect(target).toMatchObject({ userMessageId: request.message!.id, text: "third", isNewMessage: true });
    expect(target.history.map((m) => m.id)).toEqual(ids);
    expect(await storedTexts()).toEqual(["question 0", "answer 0", "question 1", "answer 1"]);
  });

  it("a resent id is never answered twice: the same text is a retry, another text a reused id", async () => {
    const retry = parse({ message: { id: ids[2]!, text: "question 1" } });
    await expect(resolveTarget(retry, await state(retry))).rejects.toMatchObject({ code: "conflict:chat", message: expect.stringContaining("already sent") });
    const reused = parse({ message: { id: ids[2]!, text: "something else" } });
    await expect(resolveTarget(reused, await state(reused))).rejects.toMatchObject({ code: "conflict:chat", message: "That message id is already used." });
    expect(await storedTexts()).toHaveLength(4);
  });

  it("regenerate answers the question before that answer again, after deleting the answer and what followed", async () => {
    const request = parse({ regenerateMessageId: ids[1]! });
    const target = await resolveTarget(request, await state(request));
    expect(target).toMatchObject({ userMessageId: ids[0], text: "question 0", isNewMessage: false, history: [] });
    expect(await storedTexts()).toEqual(["question 0"]);
  });

  it("edit and resend replaces a question and everything after it with the new message", async () => {
    const request = parse({ message: { id: randomUUID(), text: "better question 1" }, replaceFromMessageId: ids[2]! });
    const target = await resolveTarget(request, await state(request));
    expect(target).toMatchObject({ userMessageId: request.message!.id, text: "better question 1", isNewMessage: true });
    expect(target.history.map((m) => m.id)).toEqual(ids.slice(0, 2));
    expect(await storedTexts()).toEqual(["question 0", "answer 0"]);
  });

  it("refuses to regenerate or edit a message that is gone (or is not an answer / a question), deleting nothing", async () => {
    const cases = [
      parse({ regenerateMessageId: randomUUID() }),
      parse({ regenerateMessageId: ids[0]! }),
      parse({ message: { id: randomUUID(), text: "x" }, replaceFromMessageId: randomUUID() }),
      parse({ message: { id: randomUUID(), text: "x" }, replaceFromMessageId: ids[1]! }),
    ];
    for (const request of cases) await expect(resolveTarget(request, await state(request))).rejects.toMatchObject({ code: "not_found:chat" });
    expect(await storedTexts()).toHaveLength(4);
  });
});
