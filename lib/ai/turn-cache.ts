import { treeEntries, type TreePaths, type TurnHistoryMessage, type TurnState } from "@/db/queries/sessions";

/**
 * What a turn reads that never changes, memoised per instance: a stored message's parts (messages
 * are written once; a message stored again after an edit gets a new seq), a file's content at one
 * id and version (a re-created file gets a new id), a project's tree paths at one fingerprint and a
 * session's history rows (without parts) through one seq, checked by their count and seq sum.
 * The turn-state read then skips what this instance holds. A miss, an eviction or another
 * instance's write only costs one full read, so no other instance ever needs this memory.
 */
class Lru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private weight = 0;
  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) {
      this.weight -= old.weight;
      this.map.delete(key);
    }
    const weight = this.weigh(value);
    this.map.set(key, { value, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.map) {
      if (this.weight <= this.maxWeight) break;
      this.map.delete(oldest);
      this.weight -= entry.weight;
    }
  }
  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}

const parts = new Lru<unknown[]>(20_000, () => 1);
/** Highest seq this instance has read parts through, per session. */
const readThrough = new Lru<number>(5_000, () => 1);
const contents = new Lru<string>(64 * 1024 * 1024, (text) => text.length + 64);
/** `id:version` of the content held for a session's path. */
const heldFiles = new Lru<string>(50_000, () => 1);
const trees = new Lru<TreePaths>(32 * 1024 * 1024, (t) => [...t.files, ...t.folders].reduce((n, p) => n + p.length + 16, 64));
/** The tree fingerprint held for a session's project. */
const heldTrees = new Lru<string>(5_000, () => 1);
const treeKey = (projectId: string, fingerprint: string) => `${projectId}:${fingerprint}`;

/** A session's history rows through `through`, parts left out, and their `count:sum of seq`. */
export interface HeldHistory {
  through: number;
  digest: string;
  messages: readonly TurnHistoryMessage[];
}
const histories = new Lru<HeldHistory>(100_000, (h) => h.messages.length + 1);

const partsKey = (m: { id: string; seq: number }) => `${m.id}:${m.seq}`;
const fileKey = (f: { id: string; version: number }) => `${f.id}:${f.version}`;

/**
 * What to tell the turn-state read this instance already holds for the session; `history` is what
 * `fillTurnState` completes the read's newer rows with.
 */
export function heldForTurn(
  sessionId: string,
  contentPaths: readonly string[],
): { partsAfterSeq: number; historyAfterSeq: number; knownFiles: Record<string, string>; knownTree: string; history: HeldHistory | null } {
  const knownFiles: Record<string, string> = {};
  for (const path of contentPaths) {
    const held = heldFiles.get(`${sessionId}:${path}`);
    if (held !== undefined && contents.get(held) !== undefined) knownFiles[path] = held;
  }
  const tree = heldTrees.get(sessionId);
  const knownTree = tree !== undefined && trees.get(tree) !== undefined ? tree.slice(tree.indexOf(":") + 1) : "";
  const history = histories.get(sessionId) ?? null;
  return { partsAfterSeq: readThrough.get(sessionId) ?? -1, historyAfterSeq: history?.through ?? -1, knownFiles, knownTree, history };
}

/**
 * Fills what the read skipped from memory, in place. False on any miss, or when the held history
 * is no longer what the database holds through its seq (the caller reads again without
 * `heldForTurn`). Parts are expected for the newest messages within `historyBudget`.
 */
export function fillTurnState(state: TurnState, historyBudget: number | null, contentPaths: readonly string[], heldHistory: HeldHistory | null = null): boolean {
  // The read returned only the rows after the held ones; those come first, as copies the turn may fill.
  if (heldHistory) {
    if (state.heldHistory !== heldHistory.digest) return false;
    state.history = [...heldHistory.messages.map((m) => ({ ...m })), ...state.history];
  }
  if (state.tree.paths === null) {
    const held = trees.get(treeKey(state.projectId, state.tree.fingerprint));
    if (!held) return false;
    state.tree.paths = held;
    state.files = treeEntries(held, state.files);
  }
  let newer = 0;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const message = state.history[i]!;
    newer += message.tokenCount;
    if (historyBudget !== null && newer > historyBudget) break;
    if (message.parts !== null) continue;
    const held = parts.get(partsKey(message));
    if (!held) return false;
    message.parts = held;
  }
  const wanted = new Set(contentPaths);
  for (const file of state.files) {
    if (file.content !== null || !wanted.has(file.path)) continue;
    const held = contents.get(fileKey(file));
    if (held === undefined) return false;
    file.content = held;
  }
  return true;
}

/** Remembers what a complete turn state holds, for the session's next turn on this instance. */
export function rememberTurnState(state: TurnState, contentPaths: readonly string[]): void {
  if (state.tree.paths) {
    const key = treeKey(state.projectId, state.tree.fingerprint);
    if (trees.get(key) === undefined) trees.set(key, state.tree.paths);
    heldTrees.set(state.sessionId, key);
  }
  let through = -1;
  for (const message of state.history) {
    if (message.parts === null) continue;
    parts.set(partsKey(message), message.parts);
    through = Math.max(through, message.seq);
  }
  // Only a read through the newest message lets the next read skip everything up to it.
  if (through >= 0 && through === state.history.at(-1)?.seq) readThrough.set(state.sessionId, through);
  const last = state.history.at(-1);
  if (last) {
    const sum = state.history.reduce((n, m) => n + m.seq, 0);
    histories.set(state.sessionId, { through: last.seq, digest: `${state.history.length}:${sum}`, messages: state.history.map((m) => ({ ...m, parts: null })) });
  }
  const wanted = new Set(contentPaths);
  for (const file of state.files) {
    if (file.content === null || !wanted.has(file.path)) continue;
    contents.set(fileKey(file), file.content);
    heldFiles.set(`${state.sessionId}:${file.path}`, fileKey(file));
  }
}

/** Tests start from an empty memory. */
export function clearTurnCache(): void {
  for (const lru of [parts, readThrough, contents, heldFiles, trees, heldTrees, histories]) lru.clear();
}
