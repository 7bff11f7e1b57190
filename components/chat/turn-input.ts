import type { ChatContext } from "@/lib/chat/contract";
import type { MessageContextChips } from "@/lib/chat/messages";

import type { ChatState, EditorContextSnapshot, SendInput } from "./chat-state";

const MAX_CONTEXT_PATHS = 30;
const MAX_DIAGNOSTICS = 100;

export const selectionKey = (s: { path: string; startLine: number; endLine: number }) => `${s.path}:${s.startLine}-${s.endLine}`;

export function unique(paths: readonly (string | undefined)[]): string[] {
  return [...new Set(paths.filter((p): p is string => Boolean(p)))];
}

/**
 * A turn's context: the input's own (the inline edit's file and selection) or the editor's, minus
 * the chips the user removed; paths de-duplicated and capped.
 */
export function buildContext(input: SendInput, editorContext: () => EditorContextSnapshot, excluded: ChatState["excluded"]): ChatContext {
  const mentions = unique([...(input.mentions ?? []), ...(input.context?.mentions ?? [])]).slice(0, MAX_CONTEXT_PATHS);
  if (input.context) {
    return {
      ...input.context,
      openFiles: unique(input.context.openFiles ?? []).slice(0, MAX_CONTEXT_PATHS),
      mentions,
      diagnostics: (input.context.diagnostics ?? []).slice(0, MAX_DIAGNOSTICS),
    };
  }
  const editor = editorContext();
  const activeFile = editor.activeFile && editor.activeFile !== excluded.activeFile ? editor.activeFile : undefined;
  const selection = editor.selection && selectionKey(editor.selection) !== excluded.selection ? editor.selection : undefined;
  return {
    ...(activeFile ? { activeFile } : {}),
    ...(selection ? { selection } : {}),
    openFiles: unique(editor.openFiles).slice(0, MAX_CONTEXT_PATHS),
    mentions,
    diagnostics: editor.diagnostics.slice(0, MAX_DIAGNOSTICS),
  };
}

/** What the user message shows of its context. */
export function contextChips(context: ChatContext): MessageContextChips {
  return {
    ...(context.activeFile ? { activeFile: context.activeFile } : {}),
    ...(context.selection ? { selection: context.selection } : {}),
    mentions: context.mentions ?? [],
  };
}

/** Where a message's text came from, so a refusal before streaming can put it back. */
export type TurnOrigin =
  | { kind: "composer"; draft: string; mentions: string[]; excluded: ChatState["excluded"] }
  | { kind: "edit"; messageId: string; draft: string }
  | null;

export function turnOrigin(input: SendInput, state: Pick<ChatState, "mentions" | "excluded">): TurnOrigin {
  if (input.origin === "composer") return { kind: "composer", draft: input.text, mentions: state.mentions, excluded: state.excluded };
  if (input.origin === "edit" && input.replaceFromMessageId) return { kind: "edit", messageId: input.replaceFromMessageId, draft: input.text };
  return null;
}

/** Nothing the user typed is lost: it goes back where it was typed, before anything typed since. */
export function giveBack(origin: TurnOrigin, state: Pick<ChatState, "draft" | "mentions">): Partial<ChatState> {
  if (origin?.kind === "composer") {
    const typedSince = state.draft.trim();
    return {
      draft: typedSince ? `${origin.draft}\n\n${typedSince}` : origin.draft,
      mentions: unique([...origin.mentions, ...state.mentions]),
      excluded: origin.excluded,
    };
  }
  if (origin?.kind === "edit") return { editingId: origin.messageId, editDraft: origin.draft };
  return {};
}
