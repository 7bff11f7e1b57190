import { mergeThreeWay } from "@/lib/edits/three-way-merge";
import type { FileDocument } from "@/lib/files/contract";

export const saveStatuses = ["saved", "dirty", "saving", "conflict", "error"] as const;
export type SaveStatus = (typeof saveStatuses)[number];

export type SaveOutcome =
  | { kind: "saved"; version: number }
  | { kind: "conflict"; current: FileDocument }
  | { kind: "error"; message: string };

export type SendSave = (content: string, baseVersion: number) => Promise<SaveOutcome>;

/** The buffer being saved. For Monaco: `model.getAlternativeVersionId()` and `model.getValue()`. */
export interface SaveTarget {
  /** Changes on every edit and returns to an earlier value when the edit is undone. */
  versionId(): number;
  content(): string;
  /** Puts a merged text in the buffer as one undoable edit; without it stale saves always conflict. */
  replace?(content: string): void;
}

export interface SaveSnapshot {
  status: SaveStatus;
  dirty: boolean;
  /** The server version the buffer is based on; every save sends it. */
  baseVersion: number;
  conflict: FileDocument | null;
  error: string | null;
}

const FORCE_DIRTY = -1;

/**
 * Saves one file without ever losing work or overwriting someone else's:
 * - every save sends the server version the buffer is based on, so a stale save is refused (409);
 * - typing during a save is allowed, and any number of save requests meanwhile coalesce into a
 *   single follow-up that sends the latest content;
 * - a conflict blocks further saves until the user keeps theirs or theirs (or merges);
 * - a failed save keeps the buffer dirty and is retried by the next save.
 */
export class SaveQueue {
  private savedVersionId: number;
  private baseVersion: number;
  /** The server's text at `baseVersion` (what both sides started from), when known: the merge base. */
  private baseContent: string | null;
  private saving = false;
  private running: Promise<void> | null = null;
  private followUp = false;
  private conflict: FileDocument | null = null;
  private error: string | null = null;
  private last: SaveSnapshot;

  constructor(
    private readonly target: SaveTarget,
    private readonly send: SendSave,
    options: { baseVersion: number; dirty?: boolean; baseContent?: string | null },
    private readonly onChange: (snapshot: SaveSnapshot) => void = () => {},
  ) {
    this.baseVersion = options.baseVersion;
    this.baseContent = options.baseContent !== undefined ? options.baseContent : options.dirty ? null : target.content();
    this.savedVersionId = options.dirty ? FORCE_DIRTY : target.versionId();
    this.last = this.snapshot();
  }

  get dirty(): boolean {
    return this.target.versionId() !== this.savedVersionId;
  }

  snapshot(): SaveSnapshot {
    const dirty = this.dirty;
    const status: SaveStatus = this.conflict
      ? "conflict"
      : this.saving
        ? "saving"
        : dirty && this.error
          ? "error"
          : dirty
            ? "dirty"
            : "saved";
    return { status, dirty, baseVersion: this.baseVersion, conflict: this.conflict, error: dirty ? this.error : null };
  }

  /** Call after every buffer change. Publishes only when something visible changed (not per keystroke). */
  touched(): void {
    this.publish();
  }

  /** Resolves once this save and any follow-up it queued have settled. */
  save(): Promise<SaveSnapshot> {
    if (this.conflict) return Promise.resolve(this.snapshot());
    if (this.running) {
      this.followUp = true;
      return this.running.then(() => this.snapshot());
    }
    if (!this.dirty) {
      this.error = null;
      this.publish();
      return Promise.resolve(this.snapshot());
    }
    this.running = this.run().finally(() => {
      this.running = null;
      this.publish();
    });
    return this.running.then(() => this.snapshot());
  }

  /** Resolves when no save is in flight (for moves and closes that must not race a save). */
  whenIdle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Keep mine: overwrite theirs knowingly, by basing the save on their version. */
  keepMine(): Promise<SaveSnapshot> {
    if (!this.conflict) return Promise.resolve(this.snapshot());
    this.baseVersion = this.conflict.version;
    this.baseContent = this.conflict.content;
    this.conflict = null;
    // Even if the buffer was undone back to what we last saved, the server now holds theirs.
    this.savedVersionId = FORCE_DIRTY;
    return this.save();
  }

  /** Use theirs: `replaceBuffer` puts their content in the buffer (undoably); it becomes the saved state. */
  useTheirs(replaceBuffer: (content: string) => void): void {
    const theirs = this.conflict;
    if (!theirs) return;
    replaceBuffer(theirs.content);
    this.baseVersion = theirs.version;
    this.baseContent = theirs.content;
    this.savedVersionId = this.target.versionId();
    this.conflict = null;
    this.error = null;
    this.publish();
  }

  /**
   * A newer server copy arrived while the buffer is clean (another tab saved): take it. Returns
   * false, and changes nothing, when local edits or a save in flight make that unsafe.
   */
  acceptRemote(document: FileDocument, replaceBuffer: (content: string) => void): boolean {
    if (this.dirty || this.saving || this.conflict || document.version <= this.baseVersion) return false;
    replaceBuffer(document.content);
    this.baseVersion = document.version;
    this.baseContent = document.content;
    this.savedVersionId = this.target.versionId();
    this.publish();
    return true;
  }

  /**
   * The buffer as of `versionId` was written to the server as `version` by another writer (an
   * accepted AI change saved together with its review). Call while no save is in flight.
   * `content` is the text written; unknown (no merge base) if omitted for an older `versionId`.
   */
  markSaved(version: number, versionId: number = this.target.versionId(), content?: string): void {
    this.baseVersion = version;
    this.baseContent = content ?? (versionId === this.target.versionId() ? this.target.content() : null);
    this.savedVersionId = versionId;
    this.error = null;
    this.publish();
  }

  private async run(): Promise<void> {
    this.saving = true;
    this.publish();
    try {
      do {
        this.followUp = false;
        const versionId = this.target.versionId();
        const content = this.target.content();
        const outcome = await this.send(content, this.baseVersion).catch(
          (error: unknown): SaveOutcome => ({ kind: "error", message: error instanceof Error ? error.message : String(error) }),
        );
        if (outcome.kind === "saved") {
          this.baseVersion = outcome.version;
          this.baseContent = content;
          this.savedVersionId = versionId;
          this.error = null;
        } else if (outcome.kind === "conflict" && outcome.current.content === content) {
          // Both sides wrote the same text: nothing to resolve.
          this.baseVersion = outcome.current.version;
          this.baseContent = outcome.current.content;
          this.savedVersionId = versionId;
          this.error = null;
        } else if (outcome.kind === "conflict" && this.mergeWith(outcome.current)) {
          // Merged into the buffer: loop to save it on top of their version.
          this.followUp = true;
          continue;
        } else if (outcome.kind === "conflict") {
          this.conflict = outcome.current;
          return;
        } else {
          this.error = outcome.message;
          return;
        }
        this.publish();
      } while (this.followUp && this.dirty);
    } finally {
      this.saving = false;
      this.followUp = false;
    }
  }

  /**
   * A stale save: merges their version into the buffer when the two changed different lines of
   * the text both started from. Returns false (a real conflict for a person) otherwise.
   */
  private mergeWith(theirs: FileDocument): boolean {
    if (this.baseContent === null || !this.target.replace) return false;
    const merge = mergeThreeWay({ base: this.baseContent, mine: this.target.content(), theirs: theirs.content });
    if (merge.kind === "conflict") return false;
    this.target.replace(merge.text);
    this.baseVersion = theirs.version;
    this.baseContent = theirs.content;
    // The server holds theirs now: even a merge equal to what we last saved must be written.
    this.savedVersionId = FORCE_DIRTY;
    return true;
  }

  private publish(): void {
    const next = this.snapshot();
    const last = this.last;
    if (
      next.status === last.status &&
      next.dirty === last.dirty &&
      next.baseVersion === last.baseVersion &&
      next.conflict === last.conflict &&
      next.error === last.error
    ) {
      return;
    }
    this.last = next;
    this.onChange(next);
  }
}
