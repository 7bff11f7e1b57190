"use client";

import { useEffect, useRef } from "react";

import { useEditorService } from "./editor-context";

/** The one Monaco code editor of the workbench; the service swaps models into it per tab. */
export function CodeEditor({ hidden }: { hidden: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const service = useEditorService();

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    return service.mountEditor(container);
  }, [service]);

  return <div ref={ref} hidden={hidden} className="absolute inset-0" data-testid="code-editor" />;
}
