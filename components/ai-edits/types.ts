import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import type { HunkDecision } from "@/lib/chat/review";
import type { TurnEditBus } from "@/lib/chat/turn-events";
import type { HeldDecoration, ToolCallPlanner } from "@/lib/edit-planner";

import type { FileChangeKind, FileReview } from "./file-review";
import type { DeltaGate } from "./tool-paths";

/** A pending hunk as the proposal view shows it (1-based lines of the proposal model). */
export interface ProposalHunk {
  id: string;
  startLine: number;
  endLine: number;
  added: number;
  removed: number;
  /** The user changed these lines too since the AI read the file: accepting asks what to keep. */
  conflict: boolean;
}

export type AiFilePhase = "streaming" | "review" | "notice";

/** What the review bar, the tab badge and the proposal view show for one file. */
/** What is left to review in one file (tests and the benchmark read it). */
export interface PendingReview {
  path: string;
  messageId: string | null;
  phase: AiFilePhase;
  pending: number;
  total: number;
}

export interface AiFileView {
  path: string;
  phase: AiFilePhase;
  kind: FileChangeKind;
  /** The file moves there (its proposal deletes it here and adds it there). */
  moveTo: string | null;
  messageId: string | null;
  /** The proposal view exists; false for files reviewed as a whole (lone CRs). */
  hasProposal: boolean;
  /** The editor shows the proposal rather than the real file. */
  showProposal: boolean;
  /** Decisions wait for the turn to end: the server stores the answer only then. */
  ready: boolean;
  busy: boolean;
  /** Units (hunks, or the file as a whole) in the review, and those still undecided. */
  total: number;
  pending: number;
  /** Index of the current unit among the undecided ones. */
  current: number;
  hunks: ProposalHunk[];
  added: number;
  removed: number;
  notice: string | null;
}

export interface AiEditsState {
  files: Record<string, AiFileView>;
}

/** Benchmark and test figures: the stream → editor path never replaces a model's text. */
export interface AiEditsStats {
  /** `setValue` calls on proposal models and streamed-into files while edits stream: must stay 0. */
  setValueCalls: number;
  /** Planner batches applied to proposal models (at most one per file per frame). */
  editBatches: number;
  /** Longest single batch application (edits, decorations, reveal), ms. */
  maxBatchMs: number;
  /** Animation frames that drained planners, and the longest of them, ms. */
  frames: number;
  maxFrameMs: number;
}

export const emptyStats = (): AiEditsStats => ({ setValueCalls: 0, editBatches: 0, maxBatchMs: 0, frames: 0, maxFrameMs: 0 });

export interface AiEditsHost {
  service: EditorService;
  bus: TurnEditBus;
  canWrite: boolean;
  /** The project tree knows a file (not a folder) at this path. */
  fileExists: (path: string) => boolean;
  isDirectory: (path: string) => boolean;
  /** The chat's session, read when a turn starts (edit events do not carry it). */
  sessionId: () => string | null;
  /** Files were created or deleted: refresh the explorer. */
  onFilesChanged: () => void;
  /** An accepted change of `messageId` was saved: its checkpoint exists now. */
  onEditsAccepted?: (messageId: string, paths: string[]) => void;
}

export type ConflictChoice = "theirs" | "mine" | "cancel";

export interface ProposalEditorPort {
  /** The proposal model shown for the active path changed (created, replaced, hidden). */
  refresh(): void;
  /** Scrolls the proposal editor to `line` if it shows `model`. */
  follow(model: TextModel, line: number): void;
  /** Scrolls to a hunk and puts the cursor there. */
  reveal(hunk: ProposalHunk): void;
  /** Runs a big batch of edits on `model` with the view detached, if the editor shows it. */
  applyDetached(model: TextModel, apply: () => void): void;
}

/** One edit tool call streaming into proposal views. */
export interface LiveCall {
  toolCallId: string;
  messageId: string;
  planner: ToolCallPlanner;
  gate: DeltaGate;
  /** Each file's text as the call first read it: one base for the whole call. */
  snapshots: Map<string, string | null>;
  settled: boolean;
  /** performance.now() of the last drain of its batches into the views. */
  drainedAt: number;
}

/** Everything shown for one path: its proposal model, the live call writing it, its review. */
export interface Slot {
  path: string;
  model: TextModel | null;
  /** The decorations the model holds, with the lines each covered when last known; updated as a delta per batch. */
  decorations: HeldDecoration[];
  live: LiveCall | null;
  liveKind: FileChangeKind;
  liveMoveTo: string | null;
  review: FileReview | null;
  sessionId: string | null;
  /** Decisions the server has recorded: what a failed write rolls the review back to. */
  confirmed: Record<string, HunkDecision>;
  /** The tab was opened for a file that does not exist yet. */
  placeholder: boolean;
  showProposal: boolean;
  current: number;
  busy: boolean;
  /** Decisions on one file run one after another. */
  queue: Promise<void>;
}

export function newSlot(path: string): Slot {
  return {
    path,
    model: null,
    decorations: [],
    live: null,
    liveKind: "update",
    liveMoveTo: null,
    review: null,
    sessionId: null,
    confirmed: {},
    placeholder: false,
    showProposal: true,
    current: 0,
    busy: false,
    queue: Promise.resolve(),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}
