import { strToU8, zipSync } from "fflate";

import type { Script } from "@/lib/testing/upstream";

import type { BenchAccount } from "./account";
import { streamWafer, type WaferContext } from "./clients";
import type { Stack } from "./harness";

const PARAGRAPH =
  "Wafer streams what the model writes straight into the editor. Every token that leaves the upstream should reach the user without waiting on a database write, a re-render or a buffer. ";

export function prose(repeats: number): string {
  return PARAGRAPH.repeat(repeats);
}

/** A 2,000-line TypeScript file, 400 small functions, and its rewrite that changes every fourth one. */
export function bigFile(lines: number): { original: string; rewritten: string } {
  const original: string[] = [];
  const rewritten: string[] = [];
  for (let i = 0; original.length < lines; i++) {
    const block = [`export function step${i}(value: number): number {`, `  const next = value * 3 + ${i};`, "  return next % 1000;", "}", ""];
    original.push(...block);
    if (i % 4 === 0) block[1] = `  const next = (value << 1) + value + ${i}; // no multiply`;
    rewritten.push(...block);
  }
  return { original: `${original.slice(0, lines).join("\n")}\n`, rewritten: `${rewritten.slice(0, lines).join("\n")}\n` };
}

/** A session the server bench measures: `sessionId` null means a new session per turn (in `projectId`, else the account's project). */
export interface Shape {
  name: string;
  describe: string;
  sessionId: string | null;
  projectId?: string;
  context?: WaferContext;
}

/** An earlier answer: a few paragraphs and a code block (about 300 tokens). */
function answer(i: number): Script {
  return { steps: [{ type: "text", text: `### Turn ${i}\n\n${prose(6)}\n\n\`\`\`ts\nexport const turn${i} = ${i};\n\`\`\`\n` }], rate: 0 };
}

async function turn(stack: Stack, account: BenchAccount, sessionId: string, text: string, scripts: Script[]): Promise<void> {
  for (const script of scripts) await stack.enqueue(script);
  const sample = await streamWafer(stack.appUrl, account.cookie, { sessionId, text, model: "gpt-oss-120b" });
  if (!sample.text) throw new Error(`seeding ${sessionId}: an earlier turn produced no text`);
}

/** A session with `turns` earlier turns through the real chat route; every `rewriteEvery`th is a 2,000-line write_file. */
async function seededSession(stack: Stack, account: BenchAccount, turns: number, rewriteEvery = 0): Promise<string> {
  const sessionId = await account.newSession();
  const { rewritten } = bigFile(2000);
  for (let i = 0; i < turns; i++) {
    const rewrite = rewriteEvery > 0 && i % rewriteEvery === rewriteEvery - 1;
    const scripts: Script[] = rewrite
      ? [
          { steps: [{ type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: `src/rewrite-${i}.ts`, content: rewritten }) }], rate: 0 },
          { steps: [{ type: "text", text: "Rewrote it." }], rate: 0 },
        ]
      : [answer(i)];
    await turn(stack, account, sessionId, rewrite ? `Rewrite src/rewrite-${i}.ts without multiplications.` : `Earlier question ${i}: how does the stream reach the editor?`, scripts);
  }
  await stack.resetUpstream();
  return sessionId;
}

export const PROJECT_FILES = 2000;
export const OPEN_FILES = 30;

/**
 * A 2,000-file project (imported from a zip, as a user would) and 30 open files of about 3,600
 * tokens each: with the tree, about 125k tokens offered for a 128k window that keeps 16k for the answer.
 */
export function bigProject(): { archive: Uint8Array; open: string[] } {
  // A root file too: the importer drops a folder that holds every entry (a zipped project folder).
  const entries: Record<string, Uint8Array> = { "README.md": strToU8("# Bench project\n\n2,000 files.\n") };
  const open: string[] = [];
  for (let i = 0; i < PROJECT_FILES - 1; i++) {
    const dir = `src/module${String(i % 40).padStart(2, "0")}`;
    const path = `${dir}/part-${String(i).padStart(4, "0")}.ts`;
    const body =
      i < OPEN_FILES
        ? bigFile(340).original
        : `export const part${i} = ${i};\nexport function use${i}(x: number): number {\n  return x + part${i};\n}\n`;
    if (i < OPEN_FILES) open.push(path);
    entries[path] = strToU8(body);
  }
  return { archive: zipSync(entries, { level: 1 }), open };
}

/**
 * Seeds the session shapes: fresh, 50 turns with ten 2,000-line rewrites, 200 turns, a 2,000-file
 * project, and a new chat in that project each turn (what a user starting a chat there waits for).
 */
export async function seedShapes(stack: Stack, account: BenchAccount, { quick }: { quick: boolean }): Promise<Shape[]> {
  const shapes: Shape[] = [{ name: "fresh", describe: "new session, no history, 4-file starter project, no open files", sessionId: null }];
  if (!quick) {
    shapes.push({
      name: "50 turns + 10 rewrites",
      describe: "50 earlier turns, ten of them 2,000-line write_file rewrites (~20k tokens each)",
      sessionId: await seededSession(stack, account, 50, 5),
    });
  }
  shapes.push({ name: "200 turns", describe: "200 earlier turns of ~300-token answers", sessionId: await seededSession(stack, account, 200) });
  const project = bigProject();
  const projectId = await account.importProject("Bench 2,000 files", project.archive);
  const context: WaferContext = { activeFile: project.open[0], openFiles: project.open, mentions: [], diagnostics: [] };
  shapes.push(
    {
      name: "2,000 files + 30 open",
      describe: "2,000-file project, 30 open files (~3.6k tokens each) near the 128k budget",
      sessionId: await account.newSession(projectId),
      context,
    },
    { name: "new chat, 2,000 files", describe: "a new session per turn in that project, the same 30 files open", sessionId: null, projectId, context },
  );
  return shapes;
}
