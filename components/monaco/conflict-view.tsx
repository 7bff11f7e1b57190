"use client";

import { GitCompare } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";

import { useEditorService, useEditorState } from "./editor-context";
import { modelOptionsFor, textOptionsFor } from "./editor-settings";
import { EDITOR_FONT } from "./editor-types";

/**
 * Shown instead of the editor when a save was refused as stale and the two versions changed the
 * same lines (changes to different lines merge on their own): theirs (the saved copy, read-only)
 * on the left, mine (the live buffer, editable for merging) on the right. Always side by side, so
 * the banner's "left/right" stays true in a narrow window.
 */
export function ConflictView({ path }: { path: string }) {
  const service = useEditorService();
  const conflict = useEditorState((state) => state.files[path]?.conflict ?? null);
  const containerRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    const monaco = service.getMonaco();
    const mine = service.getModel(path);
    if (!container || !monaco || !mine || !conflict) return;
    const theirs = monaco.editor.createModel(
      conflict.content,
      mine.getLanguageId(),
      monaco.Uri.from({ scheme: "wafer-theirs", path: `/${path}`, query: `v${conflict.version}` }),
    );
    theirs.setEOL(mine.getEOL() === "\r\n" ? monaco.editor.EndOfLineSequence.CRLF : monaco.editor.EndOfLineSequence.LF);
    const diff = monaco.editor.createDiffEditor(container, {
      automaticLayout: true,
      originalEditable: false,
      readOnly: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: false,
      ignoreTrimWhitespace: false,
      fontFamily: EDITOR_FONT.fontFamily,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      editContext: false,
    });
    diff.setModel({ original: theirs, modified: mine });
    // Type size, wrapping and tab size follow the user's settings, live, like the code editor.
    const stopSettings = service.watchSettings((settings) => {
      diff.updateOptions(textOptionsFor(settings));
      theirs.updateOptions(modelOptionsFor(settings));
      mine.updateOptions(modelOptionsFor(settings));
    });
    diff.getModifiedEditor().focus();
    return () => {
      stopSettings();
      diff.setModel(null);
      diff.dispose();
      theirs.dispose();
    };
  }, [service, path, conflict]);

  if (!conflict) return null;

  const keepMine = async () => {
    setBusy(true);
    const result = await service.keepMine(path);
    setBusy(false);
    if (result?.status === "saved") toast.success(`Saved your version of ${path}; theirs was replaced.`);
  };

  return (
    <div className="absolute inset-0 flex flex-col" data-testid="conflict-view" role="region" aria-label={`Conflict in ${path}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100">
        <GitCompare className="size-4 shrink-0" aria-hidden />
        <p className="min-w-0 flex-1" data-testid="conflict-message">
          Someone saved <strong className="font-semibold">{path}</strong> (version {conflict.version}) with changes to the same
          lines you edited. Left: their saved version. Right: yours, editable. Copy what you need from theirs into yours, then
          save yours; or take theirs (Ctrl+Z in the editor brings yours back).
        </p>
        <div className="flex gap-2">
          <Button size="xs" variant="secondary" disabled={busy} onClick={() => service.useTheirs(path)} data-testid="conflict-use-theirs">
            Take theirs, set mine aside
          </Button>
          <Button size="xs" variant="primary" disabled={busy} onClick={keepMine} data-testid="conflict-keep-mine">
            Save mine, replacing theirs
          </Button>
        </div>
      </div>
      <div className="grid grid-cols-2 border-b border-zinc-200 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
        <span className="px-3 py-1">Theirs · saved version {conflict.version} · read-only</span>
        <span className="px-3 py-1">Mine · not saved · editable</span>
      </div>
      <div ref={containerRef} className="relative min-h-0 flex-1" data-testid="conflict-diff" />
    </div>
  );
}
