import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import type { RecordedRequest, Script } from "@/lib/testing/upstream";
import { createFreshDatabase, type FreshDatabase } from "@/db/fresh-database";

import { ensureTestBuild } from "@/scripts/build-hooks";

const root = path.resolve(import.meta.dirname, "..");

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(command: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

/** The benchmark drives the page through its test hooks: build with them unless the build has them. */
export function ensureBuild(): Promise<void> {
  return ensureTestBuild();
}

export type DbDriver = "postgres" | "pglite";

export interface Stack {
  appUrl: string;
  upstreamBaseUrl: string;
  appPid: number;
  driver: DbDriver;
  /** `node -v` of the app and upstream processes. */
  nodeVersion: string;
  enqueue(script: Script): Promise<void>;
  requests(): Promise<{ aborted: boolean; body: unknown }[]>;
  /** The upstream's stamps of each chat request since the last reset, oldest first, without bodies. */
  requestTimings(): Promise<Omit<RecordedRequest, "body">[]>;
  /** The body of the newest chat request the upstream received. */
  lastRequestBody(): Promise<unknown>;
  /** Drops the upstream's queued scripts and recorded requests (their bodies can be large). */
  resetUpstream(): Promise<void>;
  /** CPU ms so far of the app's process tree and, with Postgres, of the app's server backends. */
  cpu(): Promise<{ app: number; db: number }>;
  stop(): Promise<void>;
}

export interface StackOptions {
  appPort: number;
  upstreamPort: number;
  driver: DbDriver;
  /** Node binary for the app and the upstream (default: the one running the bench). */
  node?: string;
  /** Writes the app's V8 CPU profile (`node --cpu-prof`) into this folder when the stack stops. */
  profileDir?: string;
}

/**
 * Starts what the benchmarks measure, each in its own process so their CPU is counted apart:
 * the scripted upstream and Wafer's production build (`next start`, never `next dev`).
 */
export async function startStack({ appPort, upstreamPort, driver, node = process.execPath, profileDir }: StackOptions): Promise<Stack> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (driver === "postgres" && !serverUrl) throw new Error("bench: --db postgres needs TEST_DATABASE_URL (or DATABASE_URL)");
  const database: FreshDatabase = await createFreshDatabase(driver === "postgres" ? serverUrl : undefined, "bench");
  const nodeVersion = execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
  const upstream = run(node, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "lib/testing/upstream/cli.ts", "--port", String(upstreamPort)], {});
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  // WAFER_DATA_DIR from the fresh database keeps a PGlite run off the developer's own .data.
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`, `--cpu-prof-name=app-${driver}-${Date.now()}.cpuprofile`] : [];
  const app = run(node, [...profile, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(appPort)], {
    DATABASE_URL: undefined,
    ...database.env,
    NODE_ENV: "production",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    AI_BASE_URL: `${upstreamUrl}/v1`,
    AI_API_KEY: "bench-key",
    WAFER_BENCH_ROUTES: "true",
    AUTH_SIGNUP_MAX_PER_IP: "10000",
  });
  const appUrl = `http://localhost:${appPort}`;
  await Promise.all([waitFor(`${upstreamUrl}/v1/models`, 60_000), waitFor(`${appUrl}/api/health`, 120_000)]);

  const control = async (action: string, body?: unknown) => {
    const response = await fetch(`${upstreamUrl}/__control/${action}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`upstream control ${action}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };

  return {
    appUrl,
    upstreamBaseUrl: `${upstreamUrl}/v1`,
    appPid: app.pid as number,
    driver,
    nodeVersion,
    enqueue: async (script) => {
      await control("scripts", { scripts: [script] });
    },
    requests: async () => ((await control("requests")) as { requests: { aborted: boolean; body: unknown }[] }).requests,
    requestTimings: async () => ((await control("requests?bodies=0")) as { requests: Omit<RecordedRequest, "body">[] }).requests,
    lastRequestBody: async () => ((await control("requests?last=1")) as { requests: { body: unknown }[] }).requests.at(-1)?.body,
    resetUpstream: async () => {
      await control("reset", {});
    },
    // Postgres runs one backend process per connection; their CPU is the app's too.
    cpu: async () => ({ app: cpuMs(app.pid as number), db: (await database.backendPids()).reduce((sum, pid) => sum + cpuMs(pid, false), 0) }),
    stop: async () => {
      for (const child of [app, upstream]) child.kill("SIGTERM");
      await Promise.all([app, upstream].map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
      await database.drop();
    },
  };
}

/** The process and its descendants (Next may fork workers). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

const TICKS_PER_SECOND = 100;

/** CPU time (user + system) of a process tree, in ms, from /proc. */
export function cpuMs(pid: number, tree = true): number {
  let ticks = 0;
  for (const p of tree ? processTree(pid) : [pid]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(match?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}
