"use client";

import { createStoreContext } from "@/components/ui/store-context";

import type { EditorService } from "./editor-service";
import type { EditorState } from "./editor-types";

const context = createStoreContext<EditorService, EditorState>("useEditorService");

export const EditorServiceProvider = context.Provider;
/** The workbench's editor service: open files, read models, stream edits, decorate. */
export const useEditorService = context.useOwner;
export const useEditorState = context.useSlice;
