/**
 * `wafer` command line. Run from the repo with `npm run --silent wafer -- …`,
 * or `npx wafer …` through bin/wafer.mjs.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { applyPatch, parsePatch, PatchError, type FileChange } from "../lib/edits/index";
import { Checkout, CheckoutError } from "./checkout";

const USAGE = `Usage: wafer apply-patch [--cwd DIR] [--check] [PATCH_FILE]
       wafer reset-password --email EMAIL [--generate]   (see wafer reset-password --help)
       wafer grant-plan --workspace SLUG --plan PLAN [--until DATE]   (see wafer grant-plan --help)

Applies a Codex-format patch (*** Begin Patch … *** End Patch) to the files under DIR.

  PATCH_FILE   patch to read (relative to the current directory); stdin when absent or "-"
  --cwd DIR    directory the patch's paths are relative to (default: current directory)
  --check      validate only: report what would change, write nothing
  -h, --help   show this help

Prints one line per changed file (A added, M modified, D deleted, R renamed) and exits 0.
On failure prints one line to stderr and exits 1, with no file changed. Paths that are
absolute, contain "..", or resolve outside DIR through a symlink are refused.
`;

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

function summary(change: FileChange): string {
  if (change.kind === "add") return `A ${change.path}`;
  if (change.kind === "delete") return `D ${change.path}`;
  return change.moveTo !== undefined ? `R ${change.path} -> ${change.moveTo}` : `M ${change.path}`;
}

function applyPatchCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { cwd: { type: "string" }, check: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    process.stderr.write(`wafer apply-patch: ${(err as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    process.stderr.write(`wafer apply-patch: expected at most one PATCH_FILE\n${USAGE}`);
    return EXIT_USAGE;
  }
  const source = positionals[0];
  try {
    const text = readFileSync(source === undefined || source === "-" ? 0 : source, "utf8");
    const checkout = new Checkout(values.cwd ?? process.cwd());
    const result = applyPatch(parsePatch(text), checkout);
    if (!values.check) checkout.writeAll(result.files);
    process.stdout.write(result.changes.map((c) => `${summary(c)}\n`).join(""));
    return 0;
  } catch (err) {
    const message =
      err instanceof PatchError || err instanceof CheckoutError
        ? err.message
        : err instanceof Error
          ? err.message.split("\n")[0]!
          : String(err);
    process.stderr.write(`wafer apply-patch: ${message}\n`);
    return EXIT_FAILURE;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "apply-patch") return applyPatchCommand(rest);
  // Loaded only for this command: it opens the database, which apply-patch never needs.
  if (command === "reset-password") return (await import("./reset-password")).resetPasswordCommand(rest);
  if (command === "grant-plan") return (await import("./grant-plan")).grantPlanCommand(rest);
  if (command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`wafer: ${command === undefined ? "missing command" : `unknown command ${JSON.stringify(command)}`}\n${USAGE}`);
  return EXIT_USAGE;
}

process.exitCode = await main(process.argv.slice(2));
