import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import { createSession } from "@/lib/chat/service";
import { requestTurnStop } from "@/lib/live/stop";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";

/**
 * Live follow across app instances: the owner's turn runs in one process and the viewer follows in
 * another, each with its own pool and LISTEN connection, on one Postgres. Then the owner's process
 * is killed mid-answer: the viewer sees the turn end stopped, never complete.
 */
const postgres = Boolean(process.env.DATABASE_URL);
const children: ChildProcess[] = [];
let project: ProjectAccess;

function instance(args: string[]): { child: ChildProcess; lines: string[]; next: (match: (line: string) => boolean) => Promise<void>; exited: Promise<number | null> } {
  // Node itself with tsx as a loader (not the tsx wrapper), so SIGKILL hits the instance.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "lib/testing/live-instance.ts", ...args], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  children.push(child);
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) if (w.match(line)) w.resolve();
      else waiters.push(w);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, lines, exited, next: (match) => new Promise((resolve) => waiters.push({ match, resolve })) };
}

const chunks = (lines: string[]) => lines.map((l) => JSON.parse(l) as { type: string; delta?: string; data?: { status?: string } });

beforeAll(async () => {
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("instances"), "blank");
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

describe.skipIf(!postgres)("live follow across instances (one Postgres)", () => {
  it("a viewer in another process receives the owner's whole turn, ending complete", { timeout: 60_000 }, async () => {
    const sessionId = (await createSession(project, undefined)).id;
    const viewer = instance(["viewer", sessionId]);
    const owner = instance(["owner", sessionId, project.userId, "400", "200"]);
    expect(await owner.exited).toBe(0);
    expect(await viewer.exited).toBe(0);
    const seen = chunks(viewer.lines);
    const text = seen.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
    expect(text).toBe(Array.from({ length: 200 }, (_, i) => `w${i}`).join(" "));
    expect(seen.filter((c) => c.type === "text-delta")).toHaveLength(owner.lines.filter((l) => l === "owner-chunk").length);
    expect(seen.find((c) => c.type === "data-saved")?.data?.status).toBe("complete");
  });

  it("when the streaming instance is killed, the viewer sees the turn end stopped, never complete", { timeout: 60_000 }, async () => {
    const sessionId = (await createSession(project, undefined)).id;
    const viewer = instance(["viewer", sessionId]);
    const owner = instance(["owner", sessionId, project.userId, "50", "2000"]);
    await viewer.next((line) => line.includes('"text-delta"'));
    owner.child.kill("SIGKILL");
    expect(await viewer.exited).toBe(0);
    const seen = chunks(viewer.lines);
    expect(seen.some((c) => c.type === "text-delta")).toBe(true);
    const saved = seen.filter((c) => c.type === "data-saved");
    expect(saved.map((c) => c.data?.status)).toEqual(["stopped"]);
    expect(seen.at(-1)?.type).toBe("finish");
  });

  it("Stop recorded through this process stops the turn another process is generating; it is stored stopped", { timeout: 60_000 }, async () => {
    const sessionId = (await createSession(project, undefined)).id;
    const viewer = instance(["viewer", sessionId]);
    const owner = instance(["owner", sessionId, project.userId, "50", "2000"]);
    await viewer.next((line) => line.includes('"text-delta"'));
    const messageId = (chunks(viewer.lines).find((c) => c.type === "start") as { messageId?: string } | undefined)?.messageId;
    expect(messageId).toBeTruthy();
    await requestTurnStop({ sessionId, messageId: messageId! });
    // The owner's process ends on its own: its turn was stopped, not killed.
    expect(await owner.exited).toBe(0);
    expect(await viewer.exited).toBe(0);
    const seen = chunks(viewer.lines);
    expect(seen.filter((c) => c.type === "data-saved").map((c) => c.data?.status)).toEqual(["stopped"]);
    const deltas = seen.filter((c) => c.type === "text-delta").length;
    expect(deltas).toBeLessThan(2000);
    const stored = (await listMessagesBySessionId({ sessionId })).find((m) => m.id === messageId);
    expect(stored?.status).toBe("stopped");
  });
});
