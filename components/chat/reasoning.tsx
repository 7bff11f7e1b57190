"use client";

import { Brain, ChevronRight } from "lucide-react";
import { memo, useId, useState } from "react";

import { cn } from "@/components/ui/cn";

/** The model's reasoning: open while it streams, collapsed once it ends, unless the user chose. */
export const Reasoning = memo(function Reasoning({ text, streaming }: { text: string; streaming: boolean }) {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? streaming;
  const id = useId();
  return (
    <div data-testid="reasoning" className="text-[12px] text-zinc-500 dark:text-zinc-400">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setChosen(!open)}
        className="flex items-center gap-1 rounded px-1 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <ChevronRight className={cn("size-3 transition-transform", open && "rotate-90")} aria-hidden />
        <Brain className="size-3" aria-hidden />
        {streaming ? "Thinking…" : "Reasoning"}
      </button>
      {open ? (
        <div id={id} className="mt-1 max-h-48 overflow-y-auto border-l-2 border-zinc-200 pl-2 whitespace-pre-wrap dark:border-zinc-700">
          {text}
        </div>
      ) : null}
    </div>
  );
});
