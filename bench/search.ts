/**
 * `npm run bench:search [-- --db postgres|pglite]`: search across files on a 2,000-file project, as
 * the search panel's API does it (load the project's saved files from the database, then RE2 line by
 * line), and the search alone on texts already in memory. Files are generated deterministically:
 * 2,000 TypeScript-like files of 40–200 lines (~6 MB). Prints min / median / max over the measured
 * runs for each query; run it under /tmp/wafer-heavy.lock on a shared machine.
 *
 * Postgres: DATABASE_URL must point at an empty database this script may fill (it creates a user).
 * PGlite: a temporary data directory.
 */
import { performance } from "node:perf_hooks";

import { useBenchDatabase } from "./standalone-db";

/** With the blank starter's README: 2,000 files, the project limit. */
const FILES = 1999;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 7;

useBenchDatabase("search");

const { database } = await import("@/db/client");
const { migrateDatabase } = await import("@/db/migrate");
const { insertProjectFiles } = await import("@/lib/files/service");
const { createTestProject, createTestUser } = await import("@/lib/testing/database");
const { searchProject } = await import("@/lib/search/service");
const { searchTexts } = await import("@/lib/search/search");
type SearchOptions = import("@/lib/search/contract").SearchOptions;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
}
const WORDS = ["value", "result", "handler", "config", "request", "response", "user", "project", "total", "index", "render", "state"];

function generate(): { path: string; content: string }[] {
  const next = lcg(14);
  return Array.from({ length: FILES }, (_, i) => {
    const lines = 40 + (next() % 160);
    const body = Array.from({ length: lines }, (_, l) => {
      const a = WORDS[next() % WORDS.length]!;
      const b = WORDS[next() % WORDS.length]!;
      return l % 7 === 0 ? `export function ${a}${l}(${b}: string): number {` : `  const ${a}_${l} = ${b}.length + ${next() % 1000}; // ${a} ${b}`;
    });
    if (i % 97 === 0) body.push("  // TODO(search-bench): the rare needle");
    return { path: `src/module${Math.floor(i / 50)}/file${i}.ts`, content: `${body.join("\n")}\n` };
  });
}

const base: SearchOptions = { query: "", regex: false, caseSensitive: false, wholeWord: false, include: "", exclude: "" };
const QUERIES: { name: string; options: SearchOptions }[] = [
  { name: "rare literal (21 files)", options: { ...base, query: "TODO(search-bench)" } },
  { name: "common literal (limit 2,000 matches)", options: { ...base, query: "handler" } },
  { name: "regex, whole word, case", options: { ...base, query: "export function render\\d+", regex: true, caseSensitive: true, wholeWord: true } },
  { name: "literal with include/exclude globs", options: { ...base, query: "the rare needle", include: "src/module1*", exclude: "*5.ts" } },
  { name: "no match", options: { ...base, query: "zzz-not-there" } },
];

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `min ${sorted[0]!.toFixed(1)} · median ${median.toFixed(1)} · max ${sorted.at(-1)!.toFixed(1)} ms`;
}

async function time(run: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

await migrateDatabase(database());
const owner = await createTestUser("bench-search");
const project = await createTestProject(owner, "blank");
const files = generate();
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
await insertProjectFiles({ executor: database().db, projectId: project.projectId, userId: owner.userId, entries: files.map((f) => ({ path: f.path, kind: "file" as const, content: f.content })) });
const texts = files.map((f) => [f.path, f.content] as const);

console.log(`search bench · ${FILES + 1} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB · db ${database().driver} · ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up`);
for (const { name, options } of QUERIES) {
  const result = await searchProject(project, options);
  const api = await time(() => searchProject(project, options));
  const memory = await time(() => searchTexts(texts, options, { maxMatches: 2000 }));
  console.log(`${name.padEnd(40)} ${String(result.total).padStart(5)} matches in ${String(result.files.length).padStart(4)} files${result.stopped ? " (limit)" : ""}`);
  console.log(`  load + search (what the API does): ${stats(api)}`);
  console.log(`  search only (texts in memory):     ${stats(memory)}`);
}
const replace = await time(() => searchProject(project, QUERIES[0]!.options, "DONE(search-bench)"));
console.log(`replace-all preview, rare literal:    ${stats(replace)}`);
process.exit(0);
