"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";

import type { AiEditsController, AiEditsState } from "./controller";

const AiEditsContext = createContext<AiEditsController | null>(null);

export function AiEditsProvider({ controller, children }: { controller: AiEditsController; children: ReactNode }) {
  return <AiEditsContext.Provider value={controller}>{children}</AiEditsContext.Provider>;
}

/** The workbench's AI edits: live proposal views, reviews, decisions. */
export function useAiEdits(): AiEditsController {
  const controller = useContext(AiEditsContext);
  if (!controller) throw new Error("useAiEdits must be used inside <AiEditsProvider>.");
  return controller;
}

/** Subscribes to a slice of the AI edits state; re-renders only when it changes. */
export function useAiEditsState<T>(selector: (state: AiEditsState) => T): T {
  return useStore(useAiEdits().store, selector);
}
