import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/**
 * Whether a Next build exposes the test hooks (`window.__waferChat` & co., components/test-hooks.ts).
 * Test builds (`npm run build:test`, WAFER_TEST_HOOKS=1) must; production builds must not.
 */
export const HOOK_NAMES = ["__waferEditor", "__waferAiEdits", "__waferChat"] as const;

const root = path.resolve(import.meta.dirname, "..");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".js") ? [full] : [];
  });
}

/** The browser chunks of the build in `.next` naming each hook, by hook. */
export function hooksInBuild(dir = path.join(root, ".next")): Record<string, string[]> {
  const found: Record<string, string[]> = Object.fromEntries(HOOK_NAMES.map((name) => [name, []]));
  for (const file of files(path.join(dir, "static"))) {
    const text = readFileSync(file, "utf8");
    for (const name of HOOK_NAMES) if (text.includes(name)) found[name]!.push(path.relative(dir, file));
  }
  return found;
}

export function isTestBuild(dir = path.join(root, ".next")): boolean {
  return existsSync(path.join(dir, "BUILD_ID")) && Object.values(hooksInBuild(dir)).every((list) => list.length > 0);
}

/** Builds with the hooks unless the current build already has them (the benchmarks call this). */
export function ensureTestBuild(): Promise<void> {
  if (isTestBuild()) return Promise.resolve();
  console.error("no test build found (WAFER_TEST_HOOKS=1); running next build");
  return new Promise((resolve, reject) => {
    const build = spawn(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, WAFER_TEST_HOOKS: "1" } });
    build.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited ${code}`))));
  });
}

// `tsx scripts/build-hooks.ts --expect none|all`: checks the build in .next (exit 1 when it does not match).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { expect: { type: "string", default: "none" } } });
  const found = hooksInBuild();
  const chunks = Object.values(found).reduce((n, list) => n + list.length, 0);
  for (const [name, list] of Object.entries(found)) console.log(`${name}: ${list.length} browser chunk(s)${list.length ? ` (${list.join(", ")})` : ""}`);
  const ok = values.expect === "all" ? isTestBuild() : existsSync(path.join(root, ".next", "BUILD_ID")) && chunks === 0;
  console.log(ok ? `build matches --expect ${values.expect}` : `build does not match --expect ${values.expect}`);
  process.exit(ok ? 0 : 1);
}
