"use client";

import { createStoreContext } from "@/components/ui/store-context";

import type { AiEditsController, AiEditsState } from "./controller";

const context = createStoreContext<AiEditsController, AiEditsState>("useAiEdits");

export const AiEditsProvider = context.Provider;
/** The workbench's AI edits: live proposal views, reviews, decisions. */
export const useAiEdits = context.useOwner;
export const useAiEditsState = context.useSlice;
