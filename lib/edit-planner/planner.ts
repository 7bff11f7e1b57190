/**
 * Stream → editor planners: turn a streaming edit tool call into coalesced batches of editor
 * edits on the merged view of each file (see merged-view.ts).
 *
 * Call `push(...)` for every delta (cheap: O(delta) plus the lines it completes) and `drain()`
 * once per animation frame; a drain returns one batch per file that changed since the last,
 * each a handful of non-overlapping edits, however many deltas arrived. Applying every batch
 * in order to each batch's `start.initialText` gives exactly the planner's merged view: the
 * same as if each step had been applied on its own.
 *
 * The real files are never touched here: a failed or cut-off stream reverts its views.
 */
import { JsonFieldDecoder } from "./json-fields";
import type { MergedLines } from "./merged-view";
import { PatchStreamPlanner, type PatchPlannerOptions } from "./patch-planner";
import type { EditorBatch, StreamProblem } from "./planner-view";
import { RewriteStreamPlanner } from "./rewrite-planner";

export type { EditorBatch } from "./planner-view";

export type EditToolName = "apply_patch" | "write_file";

export interface ToolCallPlannerOptions extends PatchPlannerOptions {
  /** write_file's lookahead window (see RewriteStreamPlanner). */
  window?: number;
}

/**
 * One edit tool call, fed the raw JSON text of its arguments as it streams (`tool-delta`):
 * decodes `patch` for apply_patch, `path` and `content` for write_file (content arriving
 * before path is held until the path is known), and drives the matching planner.
 */
export class ToolCallPlanner {
  private readonly decoder = new JsonFieldDecoder();
  private readonly patch: PatchStreamPlanner | null;
  private rewrite: RewriteStreamPlanner | null = null;
  private path = "";
  private pathDone = false;
  private held: string[] = [];
  private contentDone = false;
  private ownProblem: StreamProblem | null = null;

  constructor(
    readonly toolName: EditToolName,
    private readonly options: ToolCallPlannerOptions,
  ) {
    this.patch = toolName === "apply_patch" ? new PatchStreamPlanner(options) : null;
  }

  get problem(): StreamProblem | null {
    return this.ownProblem ?? this.patch?.problem ?? null;
  }

  view(path: string): MergedLines | null {
    if (this.patch) return this.patch.view(path);
    return this.rewrite && this.path === path ? this.rewrite.view : null;
  }

  push(delta: string): void {
    for (const field of this.decoder.push(delta)) {
      if (this.patch) {
        if (field.field !== "patch") continue;
        this.patch.push(field.text);
        if (field.done) this.patch.end();
      } else if (field.field === "path" && !this.pathDone) {
        this.path += field.text;
        if (field.done) this.startRewrite();
      } else if (field.field === "content" && !this.contentDone) {
        if (this.rewrite) this.rewrite.push(field.text);
        else this.held.push(field.text);
        if (field.done) {
          this.contentDone = true;
          this.rewrite?.end();
        }
      }
    }
    const error = this.decoder.error;
    if (error) this.stop({ kind: "error", message: `tool input is not valid JSON: ${error.message}`, path: this.pathDone ? this.path : null });
  }

  /** The tool input is complete (or the stream ended): anything unfinished is shown as failed. */
  end(): void {
    this.decoder.end();
    // A patch cut off mid-line must not have that line read as complete.
    const complete = this.patch ? this.decoder.status === "complete" : this.contentDone && this.pathDone;
    const message = this.decoder.status === "complete" ? "the tool input lacks a path or content" : "the tool input was cut off";
    if (!complete) this.stop({ kind: "truncated", message, path: this.pathDone ? this.path : null });
    else this.patch?.end();
  }

  abort(): void {
    this.stop({ kind: "aborted", message: "the edit was stopped", path: this.pathDone ? this.path : null });
  }

  drain(): EditorBatch[] {
    return this.patch?.drain() ?? this.rewrite?.drain() ?? [];
  }

  private startRewrite(): void {
    this.pathDone = true;
    this.rewrite = new RewriteStreamPlanner({ path: this.path, original: this.options.readFile(this.path), window: this.options.window });
    for (const text of this.held) this.rewrite.push(text);
    this.held = [];
    if (this.contentDone) this.rewrite.end();
  }

  /** The first problem wins: a JSON error after a patch error is a consequence, not news. */
  private stop(problem: StreamProblem): void {
    if (this.problem) return;
    this.ownProblem = problem;
    this.patch?.abort();
    this.rewrite?.abort();
  }
}
