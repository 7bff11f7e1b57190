/** fast-check generators shared by the lib/edits tests (test-only). */
import fc from "fast-check";
import { formatPatch, type FileEdit } from "./format";

/** Characters that stress the engine: whitespace, markers, look-alike punctuation, astral emoji. */
const UNITS = ["a", "b", "x", " ", "\t", "-", "+", "@", "*", "é", "中", "😀", "—", "“", "’", "\u00a0", "{", "}", ";"];

const lineText: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 10 });

/** A small pool, so random texts share lines and diffs have to cope with repeats. */
const POOL = ["", "foo", "bar", "  baz();", "}", "😀 emoji", "naïve café", "—dash", "*** End Patch", "@@ x", " lead", "trail "];
export const poolLine: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...POOL) }, { weight: 1, arbitrary: lineText });

export const lineEnding: fc.Arbitrary<"\n" | "\r\n"> = fc.constantFrom("\n" as const, "\r\n" as const);

/** Any text: each line its own ending (LF/CRLF), final newline optional. */
export const mixedText: fc.Arbitrary<string> = fc
  .record({ lines: fc.array(fc.tuple(poolLine, lineEnding), { maxLength: 16 }), finalNewline: fc.boolean() })
  .map(({ lines, finalNewline }) => {
    const text = lines.map(([line, eol]) => line + eol).join("");
    return finalNewline || lines.length === 0 ? text : text.slice(0, -lines[lines.length - 1]![1].length);
  });

/** Text with one line-ending style that ends with a newline (what Codex patches can express exactly). */
export function uniformText(eol: "\n" | "\r\n", maxLines = 16): fc.Arbitrary<string> {
  return fc.array(poolLine, { maxLength: maxLines }).map((lines) => lines.map((l) => l + eol).join(""));
}

/** Like `uniformText` but derived from `base` by a few edits, so diffs stay local. */
export function editedText(base: string, eol: "\n" | "\r\n"): fc.Arbitrary<string> {
  const lines = base === "" ? [] : base.slice(0, -eol.length).split(eol);
  return fc
    .array(fc.tuple(fc.nat(), fc.nat(3), fc.array(poolLine, { maxLength: 3 })), { maxLength: 3 })
    .map((edits) => {
      const out = [...lines];
      for (const [at, remove, insert] of edits) out.splice(at % (out.length + 1), remove, ...insert);
      return out.map((l) => l + eol).join("");
    });
}

export interface EditScenario {
  files: Map<string, string>;
  edits: FileEdit[];
  expected: Map<string, string | null>;
}

const PATHS = ["a.txt", "dir/b.ts", "c/d/e.md", "ü/😀.txt", "f.txt"];

/** A base tree plus add/delete/update/move edits and the files they should produce. */
export const editScenario: fc.Arbitrary<EditScenario> = fc
  .record({
    eol: lineEnding,
    picks: fc.uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 }),
    kinds: fc.array(fc.constantFrom("add", "delete", "update", "move"), { minLength: 3, maxLength: 3 }),
  })
  .chain(({ eol, picks, kinds }) =>
    fc.tuple(...picks.map(() => fc.tuple(uniformText(eol, 10).filter((t) => t !== "" || eol === "\n"), fc.nat()))).chain((bases) =>
      fc.tuple(...bases.map(([base]) => editedText(base, eol))).map((proposals) => {
        const files = new Map<string, string>();
        const edits: FileEdit[] = [];
        const expected = new Map<string, string | null>();
        picks.forEach((path, i) => {
          const [base] = bases[i]!;
          const proposed = proposals[i]!;
          const kind = kinds[i]!;
          if (kind === "add") {
            edits.push({ kind: "add", path, content: proposed.replace(/\r\n/g, "\n") });
            expected.set(path, proposed.replace(/\r\n/g, "\n"));
            return;
          }
          files.set(path, base);
          if (kind === "delete") {
            edits.push({ kind: "delete", path });
            expected.set(path, null);
          } else if (kind === "update") {
            edits.push({ kind: "update", path, previous: base, content: proposed });
            expected.set(path, proposed);
          } else {
            const moveTo = `moved/${path}`;
            edits.push({ kind: "update", path, moveTo, previous: base, content: proposed });
            expected.set(path, null);
            expected.set(moveTo, proposed);
          }
        });
        return { files, edits, expected };
      }),
    ),
  )
  .filter(({ edits }) => {
    try {
      formatPatch(edits);
      return true;
    } catch {
      return false; // every edit was a no-op
    }
  });

/** Patch text variations Codex tolerates: CRLF lines, padded markers, heredoc wrapper. */
export const patchDressing = fc.record({ crlf: fc.boolean(), padMarkers: fc.boolean(), heredoc: fc.boolean() });

export function dressPatch(text: string, dressing: { crlf: boolean; padMarkers: boolean; heredoc: boolean }): string {
  let lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  if (dressing.padMarkers) {
    lines = lines.map((l) => (l === "*** Begin Patch" || l === "*** End Patch" ? `  ${l} ` : l.startsWith("*** ") ? `${l}  ` : l));
  }
  if (dressing.heredoc) lines = ["<<'EOF'", ...lines, "EOF"];
  return lines.join(dressing.crlf ? "\r\n" : "\n") + (dressing.crlf ? "\r\n" : "\n");
}

/**
 * A patch updating every tenth line of a `lines`-line file, then adding that file again as a new
 * one: shared by the streaming parser's scaling test and `npm run bench:edits`.
 */
export function everyTenthLinePatch(lines: number): { text: string; file: string } {
  const file = Array.from({ length: lines }, (_, i) => `line ${i} ${"x".repeat(i % 40)}`);
  const out = ["*** Begin Patch", "*** Update File: big.txt"];
  for (let i = 3; i + 4 < lines; i += 10) out.push("@@", ` ${file[i - 1]}`, `-${file[i]}`, `+${file[i]}!`, ` ${file[i + 1]}`);
  out.push("*** Add File: extra.txt", ...file.map((l) => `+${l}`), "*** End Patch", "");
  return { text: out.join("\n"), file: `${file.join("\n")}\n` };
}
