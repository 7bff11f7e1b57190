import type { MessageStatus } from "@/lib/chat/messages";
import { ToolCallPlanner, type EditToolName } from "@/lib/edit-planner";

import { DeltaGate, projectPath, ToolPathScanner } from "./tool-paths";
import type { EditorService } from "@/components/monaco/editor-service";

import type { AiEditsHost, LiveCall } from "./types";

/** What a live call needs from the editor: the project's files as the buffers hold them. */
export interface LiveCallFiles {
  /** The open buffer's text, or null when the file is not loaded. */
  text(path: string): string | null;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Loads a file into a buffer (opens it in a background tab). */
  load(path: string): Promise<unknown>;
  /** Resolves when proposal views can be created (Monaco loaded); undefined when they can already. */
  ready?: Promise<unknown>;
}

/**
 * One edit tool call's stream into the planner. The planner reads files synchronously, so the
 * DeltaGate holds each delta until every file it names is loaded; each file is read once, so one
 * call plans against one snapshot. `onWork` runs when the planner has something to drain.
 */
export function createLiveCall(
  { messageId, toolCallId, toolName }: { messageId: string; toolCallId: string; toolName: EditToolName },
  files: LiveCallFiles,
  onWork: () => void,
): LiveCall {
  const snapshots = new Map<string, string | null>();
  const planner = new ToolCallPlanner(toolName, {
    readFile: (raw) => {
      const path = projectPath(raw);
      if (path === null) return null;
      if (!snapshots.has(path)) snapshots.set(path, files.text(path));
      return snapshots.get(path)!;
    },
    isDirectory: (raw) => {
      const path = projectPath(raw);
      return path !== null && files.isDirectory(path);
    },
  });
  const gate = new DeltaGate(new ToolPathScanner(toolName), {
    before: files.ready,
    needsLoad: (path) => files.exists(path) && files.text(path) === null,
    load: (path) => files.load(path),
    feed: (delta) => {
      planner.push(delta);
      onWork();
    },
    end: () => {
      planner.end();
      onWork();
    },
  });
  return { toolCallId, messageId, planner, gate, snapshots, settled: false, drainedAt: Number.NEGATIVE_INFINITY };
}

/** Why an edit still streaming when its turn ended shows nothing. */
export function unfinishedEditNotice(status: MessageStatus): string {
  if (status === "stopped") return "The answer was stopped before this edit finished. Nothing was applied.";
  if (status === "failed") return "The answer failed before this edit finished. Nothing was applied.";
  return "The edit ended without a result. Nothing was applied.";
}

/** A live call over the editor's files: it reads open buffers and opens (without showing) those it edits. */
export function liveCallOn(
  service: EditorService,
  host: Pick<AiEditsHost, "fileExists" | "isDirectory">,
  ids: { messageId: string; toolCallId: string; toolName: EditToolName },
  onWork: () => void,
): LiveCall {
  const files: LiveCallFiles = {
    text: (path) => service.getModel(path)?.getValue() ?? null,
    exists: (path) => host.fileExists(path),
    isDirectory: (path) => host.isDirectory(path),
    load: (path) => service.openFile(path, { activate: false, focus: false }),
    // Proposal models need Monaco, which loads with the first file opened.
    ready: service.getMonaco() ? undefined : service.monaco(),
  };
  return createLiveCall(ids, files, onWork);
}
