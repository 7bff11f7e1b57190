import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `wafer` CLI as an operator does, in a child process (from the repo, so `--import tsx`
 * resolves). `env` is added to this process's; keys set to undefined are removed.
 */
export function runWaferCli(
  args: string[],
  { input = "", cwd = repo, viaShim = false, env = {} }: { input?: string; cwd?: string; viaShim?: boolean; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  const argv = viaShim ? [join(repo, "bin/wafer.mjs"), ...args] : ["--conditions=react-server", "--import", "tsx", join(repo, "bin/wafer.ts"), ...args];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
