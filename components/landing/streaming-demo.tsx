/**
 * A looping picture of what Wafer does: a request in the chat, its edit streaming into the editor
 * line by line, then kept. CSS only (no client JavaScript, nothing fetched); with reduced motion it
 * is the finished frame.
 */

interface DemoLine {
  text: string;
  kind: "same" | "removed" | "added";
}

const lines: DemoLine[] = [
  { text: "# main.py", kind: "same" },
  { text: "def greet(name):", kind: "removed" },
  { text: "def greet(name: str) -> str:", kind: "added" },
  { text: '    return f"Hello, {name}!"', kind: "same" },
  { text: "", kind: "same" },
  { text: "def add(a, b):", kind: "removed" },
  { text: "def add(a: int, b: int) -> int:", kind: "added" },
  { text: "    return a + b", kind: "same" },
];

const CYCLE_SECONDS = 9;

/** One keyframes rule per added line: hidden, then typed out in steps, held, then faded for the loop. */
function keyframes(): string {
  const added = lines.filter((line) => line.kind === "added");
  const rules = added.map((line, index) => {
    const start = 18 + index * 22;
    const end = start + 14;
    return `@keyframes wafer-stream-${index} {
  0%, ${start}% { clip-path: inset(0 100% 0 0); animation-timing-function: steps(${line.text.length}, end); }
  ${end}%, 88% { clip-path: inset(0 0 0 0); opacity: 1; }
  96%, 100% { clip-path: inset(0 0 0 0); opacity: 0; }
}`;
  });
  const removedFade = `@keyframes wafer-strike { 0%, 14% { opacity: 1; text-decoration-color: transparent; } 18%, 88% { opacity: .75; text-decoration-color: currentColor; } 96%, 100% { opacity: 0; } }`;
  const reduced = `@media (prefers-reduced-motion: reduce) { [data-demo-line] { animation: none !important; clip-path: none !important; opacity: 1 !important; } }`;
  return [...rules, removedFade, reduced].join("\n");
}

const kindClass: Record<DemoLine["kind"], string> = {
  same: "",
  removed: "bg-red-500/15 text-red-800 line-through dark:text-red-300",
  added: "bg-emerald-500/15 text-emerald-900 dark:text-emerald-200",
};

export function StreamingDemo() {
  let addedIndex = 0;
  let lineNumber = 0;
  return (
    <figure className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900" data-testid="landing-demo">
      <style>{keyframes()}</style>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <span className="size-2.5 rounded-full bg-red-400" aria-hidden />
        <span className="size-2.5 rounded-full bg-amber-400" aria-hidden />
        <span className="size-2.5 rounded-full bg-emerald-400" aria-hidden />
        <span className="ml-2 font-medium text-zinc-800 dark:text-zinc-200">main.py</span>
        <span className="ml-auto tabular-nums">2,184 tok/s</span>
      </div>
      <div className="grid sm:grid-cols-[1fr_13rem]">
        <pre className="overflow-x-auto py-3 font-mono text-[13px] leading-6" aria-label="An edit streaming into main.py">
          {lines.map((line, index) => {
            const style =
              line.kind === "added"
                ? { animation: `wafer-stream-${addedIndex++} ${CYCLE_SECONDS}s infinite` }
                : line.kind === "removed"
                  ? { animation: `wafer-strike ${CYCLE_SECONDS}s infinite` }
                  : undefined;
            const number = line.kind === "removed" ? "−" : String(++lineNumber);
            return (
              <div key={index} className={`flex px-3 ${kindClass[line.kind]}`} data-demo-line={line.kind === "same" ? undefined : line.kind} style={style}>
                <span className="w-7 shrink-0 pr-3 text-right text-zinc-500 select-none dark:text-zinc-400" aria-hidden>
                  {number}
                </span>
                <code>{line.text || " "}</code>
              </div>
            );
          })}
        </pre>
        <div className="space-y-2 border-t border-zinc-200 p-3 text-xs sm:border-t-0 sm:border-l dark:border-zinc-800">
          <p className="ml-auto w-fit rounded-lg bg-indigo-600 px-2.5 py-1.5 text-white">Add type hints</p>
          <p className="rounded-lg bg-zinc-100 px-2.5 py-1.5 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
            Typed <code>greet</code> and <code>add</code>. Review each change, or keep both.
          </p>
          <div className="flex gap-1.5">
            <span className="rounded border border-emerald-600/40 px-1.5 py-0.5 text-emerald-800 dark:text-emerald-300">Keep</span>
            <span className="rounded border border-zinc-300 px-1.5 py-0.5 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">Undo</span>
          </div>
        </div>
      </div>
      <figcaption className="sr-only">A looping example: the request “Add type hints” and the model’s edit appearing in the editor as it is written.</figcaption>
    </figure>
  );
}
