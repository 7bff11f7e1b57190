"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";

import type { EditorService, EditorState } from "./editor-service";

const EditorServiceContext = createContext<EditorService | null>(null);

export function EditorServiceProvider({ service, children }: { service: EditorService; children: ReactNode }) {
  return <EditorServiceContext.Provider value={service}>{children}</EditorServiceContext.Provider>;
}

/** The workbench's editor service: open files, read models, stream edits, decorate. */
export function useEditorService(): EditorService {
  const service = useContext(EditorServiceContext);
  if (!service) throw new Error("useEditorService must be used inside <EditorServiceProvider>.");
  return service;
}

/** Subscribes to a slice of editor state; re-renders only when the selected value changes. */
export function useEditorState<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorService().store, selector);
}
