"use client";

import { useEffect, useRef } from "react";

import { loadMonaco, monacoThemeFor } from "@/components/monaco/load-monaco";

/** The same 200-line TypeScript file the page-load benchmark opens in the IDE. */
function benchFile(): string {
  const lines: string[] = [];
  for (let i = 0; lines.length < 200; i++) {
    lines.push(`export function step${i}(value: number): number {`, `  const next = value * 3 + ${i};`, "  return next % 1000;", "}", "");
  }
  return `${lines.slice(0, 200).join("\n")}\n`;
}

/**
 * A bare Monaco editor loaded exactly as the IDE loads it (same environment, workers and theme), so
 * the page-load benchmark's IDE ÷ bare ratio says what the rest of the IDE costs. Bench-only.
 */
export function BareMonaco() {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    void loadMonaco().then((monaco) => {
      if (disposed || !container.current) return;
      const model = monaco.editor.createModel(benchFile(), "typescript", monaco.Uri.parse("file:///src/keystroke.ts"));
      const editor = monaco.editor.create(container.current, {
        model,
        automaticLayout: true,
        theme: monacoThemeFor("light"),
        minimap: { enabled: true, renderCharacters: false, maxColumn: 80 },
        editContext: false,
      });
      dispose = () => {
        editor.dispose();
        model.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, []);
  return <div ref={container} data-testid="bare-monaco" style={{ position: "fixed", inset: 0 }} />;
}
