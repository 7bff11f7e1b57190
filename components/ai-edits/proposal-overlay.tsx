"use client";

import { useEffect, useRef, useState } from "react";

import { useEditorService, useEditorState } from "@/components/monaco/editor-context";

import { useAiEdits, useAiEditsState } from "./ai-edits-context";
import "./ai-edits.css";
import { ProposalEditor } from "./proposal-editor";

/**
 * Covers the code editor with the read-only proposal view while the active file's AI change streams
 * in or waits for review. Mounted once: its Monaco editor swaps proposal models like the code editor
 * swaps file models.
 */
export function ProposalOverlay() {
  const controller = useAiEdits();
  const service = useEditorService();
  const [editor] = useState(() => new ProposalEditor(controller, service));
  const ref = useRef<HTMLDivElement>(null);
  const activePath = useEditorState((state) => state.activePath);
  const shown = useAiEditsState((state) => (activePath ? (state.files[activePath]?.showProposal ?? false) : false));

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    return editor.mount(container);
  }, [editor]);

  return (
    <div
      ref={ref}
      hidden={!shown}
      className="absolute inset-0 z-10 bg-white dark:bg-zinc-900"
      data-testid="proposal-view"
      data-path={shown ? activePath : undefined}
      aria-label={shown && activePath ? `AI proposal for ${activePath}` : undefined}
    />
  );
}
