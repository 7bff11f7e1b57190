import type * as MonacoApi from "monaco-editor";

import type { DecorationKind, LineRange, MergedLines } from "@/lib/edit-planner";

type Decoration = MonacoApi.editor.IModelDeltaDecoration;

// Monaco's enum values, inlined so this module needs no runtime Monaco import.
const OVERVIEW_FULL = 7;
const STICKINESS_NEVER_GROWS = 1;

function lines(range: LineRange, options: MonacoApi.editor.IModelDecorationOptions): Decoration {
  return {
    range: { startLineNumber: range.startLineNumber, startColumn: 1, endLineNumber: range.endLineNumber, endColumn: 1 },
    options: { isWholeLine: true, stickiness: STICKINESS_NEVER_GROWS, ...options },
  };
}

const added: MonacoApi.editor.IModelDecorationOptions = {
  className: "wafer-ai-added",
  linesDecorationsClassName: "wafer-ai-added-gutter",
  overviewRuler: { color: "rgba(22, 163, 74, 0.7)", position: OVERVIEW_FULL },
};

const removed: MonacoApi.editor.IModelDecorationOptions = {
  className: "wafer-ai-removed",
  inlineClassName: "wafer-ai-removed-text",
  linesDecorationsClassName: "wafer-ai-removed-gutter",
  overviewRuler: { color: "rgba(220, 38, 38, 0.7)", position: OVERVIEW_FULL },
};

const pending: MonacoApi.editor.IModelDecorationOptions = {
  className: "wafer-ai-pending",
  linesDecorationsClassName: "wafer-ai-pending-gutter",
};

const optionsByKind: Record<DecorationKind, MonacoApi.editor.IModelDecorationOptions> = { added, removed, pending };

/** One planned decoration as Monaco's. */
export function toDecoration(kind: DecorationKind, range: LineRange): Decoration {
  return lines(range, optionsByKind[kind]);
}

/**
 * What a model shows, as a merged view's texts (kinds are irrelevant to edits): the starting point
 * for reconciling a proposal model to a new view with minimal edits instead of replacing its text.
 */
export function viewOfModel(model: MonacoApi.editor.ITextModel): MergedLines {
  const texts = model.getLinesContent();
  // Monaco's last line is empty exactly when the text ends with a line break.
  const terminated = texts.length > 0 && texts.at(-1) === "";
  if (terminated) texts.pop();
  return { texts, kinds: texts.map(() => "context"), terminated };
}
