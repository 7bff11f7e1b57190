#!/usr/bin/env node
// `npx wafer` entry: runs bin/wafer.ts under tsx. Paths resolve from this file, so it
// works from any directory.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("./wafer.ts", import.meta.url));
const loader = import.meta.resolve("tsx");
// react-server: reset-password opens the database, whose modules are server-only.
const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", loader, entry, ...process.argv.slice(2)], { stdio: "inherit" });
if (run.error) {
  process.stderr.write(`wafer: ${run.error.message}\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
