/**
 * `npm run bench:turn-read [-- --db postgres|pglite]`: the chat turn's one read for a 2,000-file
 * project with 30 open files, as a turn on an instance that holds the tree and the files' contents
 * makes it, in one run and interleaved: with the asked-for entries probed (one index probe per path,
 * contents skipped by `knownFiles`, what a turn does after any write to the project's files) and held
 * at the project's files version (no probe at all, migration 0017). Also `loadTurnState` end to end:
 * for a later turn of the session, for the first turn of the user's new chat in that project (what
 * this instance holds is the project's, so it reads no more than a later turn), and for a teammate's
 * first chat there: in a session this instance made (through the sessions route's service, so it
 * knows the project) and in one another instance made (no turn of theirs here to guess the project
 * from, so it reads the tree and the open files). Sessions and teammates are created before each
 * call's clock starts.
 * Prints median (min–max of the sets' medians) per case and the held ÷ probed ratio.
 *
 * Postgres: DATABASE_URL must point at an empty database this script may fill (it creates users).
 * PGlite: a temporary data directory.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";

import { useBenchDatabase } from "./standalone-db";

const FILES = 1999;
const OPEN_FILES = 30;
const SETS = 5;
const CALLS_PER_SET = 200;

useBenchDatabase("turn-read");

const { database } = await import("@/db/client");
const { migrateDatabase } = await import("@/db/migrate");
const { createCodingSession, getTurnStateBySessionId } = await import("@/db/queries/sessions");
const { insertProjectFiles } = await import("@/lib/files/service");
const { createSession } = await import("@/lib/chat/service");
const { chatRequestSchema } = await import("@/lib/chat/contract");
const { loadTurnState, turnContentPaths } = await import("@/lib/ai/turn-target");
const { createTestProject, createTestUser, joinProject } = await import("@/lib/testing/database");

await migrateDatabase(database());
const owner = await createTestUser("bench-turn-read");
const project = await createTestProject(owner, "blank");
const files = Array.from({ length: FILES }, (_, i) => ({ path: `src/module${Math.floor(i / 50)}/file${i}.ts`, kind: "file" as const, content: `export const value${i} = ${i};\n`.repeat(100) }));
await insertProjectFiles({ executor: database().db, projectId: project.projectId, userId: owner.userId, entries: files });
// As the sessions route makes them; `createCodingSession` alone is a session another instance made.
const session = async (access = project) => (await createSession(access, "bench")).id;
const sessionId = await session();
const open = files.slice(0, OPEN_FILES).map((f) => f.path);
const request = (id: string) => chatRequestSchema.parse({ sessionId: id, message: { id: randomUUID(), text: "q" }, context: { activeFile: open[0], mentions: [], openFiles: open, diagnostics: [] } });
const contentPaths = turnContentPaths(request(sessionId).context);

// What an instance that read the session once holds: the tree's fingerprint, each file's id:version, the files version.
const read = (held: { knownTree?: string; knownFiles?: Record<string, string>; knownFilesVersion?: string }) =>
  getTurnStateBySessionId({ sessionId, userId: owner.userId, sessionGeneration: 0, contentPaths, historyTokenBudget: 100_000, ...held });
const full = (await read({}))!;
const knownTree = `${project.projectId}:${full.tree.fingerprint}`;
const knownFiles = Object.fromEntries(full.wanted!.map((f) => [f.path, `${f.id}:${f.version}`]));
const probed = () => read({ knownTree, knownFiles });
const held = () => read({ knownTree, knownFiles, knownFilesVersion: `${project.projectId}:${full.filesVersion}` });
if ((await held())!.wanted !== null || (await probed())!.wanted?.length !== OPEN_FILES) throw new Error("the held read probed, or the probed read did not");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The median of the calls' times; `prepare`'s work (a new session, a teammate) is outside the clock. */
async function set<T = undefined>(run: (prepared: T) => Promise<unknown>, prepare: () => Promise<T> = async () => undefined as T): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < CALLS_PER_SET; i++) {
    const prepared = await prepare();
    const started = performance.now();
    await run(prepared);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** A turn's read that must find the session (a null answer would time nothing). */
const loaded = async (id: string, userId: string) => {
  if (!(await loadTurnState(request(id), userId, 0, contentPaths))) throw new Error("the session was not found for that user");
};
let teammates = 0;
const teammate = async (madeHere: boolean) => {
  const user = await createTestUser(`bench-teammate-${++teammates}`);
  const access = await joinProject(project, user.userId, "member");
  const sessionId = madeHere ? await session(access) : (await createCodingSession({ projectId: project.projectId, title: "bench", createdBy: user.userId })).id;
  return { userId: user.userId, sessionId };
};
const cases: [string, () => Promise<number>][] = [
  ["read, 30 entries probed", () => set(probed)],
  ["read, 30 entries held at the files version", () => set(held)],
  ["loadTurnState, a later turn of the session", () => set(() => loadTurnState(request(sessionId), owner.userId, 0, contentPaths))],
  ["loadTurnState, the user's new chat", () => set((id) => loaded(id, owner.userId), () => session())],
  ["loadTurnState, a teammate's first chat", () => set((t) => loaded(t.sessionId, t.userId), () => teammate(true))],
  ["  … in a session another instance made", () => set((t) => loaded(t.sessionId, t.userId), () => teammate(false))],
];
const medians = new Map<string, number[]>(cases.map(([name]) => [name, []]));
// One warm-up set, then the sets interleaved so drift on the machine reaches every case alike.
for (let s = 0; s <= SETS; s++) {
  for (const [name, runSet] of cases) {
    const m = await runSet();
    if (s > 0) medians.get(name)!.push(m);
  }
}
console.log(`turn-read bench · ${FILES + 1} files, ${OPEN_FILES} open · db ${database().driver} · ${SETS} sets of ${CALLS_PER_SET} calls after one warm-up set`);
const fmt = (xs: number[]) => `${median(xs).toFixed(3)} ms (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
for (const [name] of cases) console.log(`${name.padEnd(44)} ${fmt(medians.get(name)!)}`);
const ratios = medians.get(cases[1]![0])!.map((m, i) => m / medians.get(cases[0]![0])![i]!);
console.log(`held ÷ probed, per set: ${ratios.map((r) => r.toFixed(2)).join(" / ")}`);
process.exit(0);
