import { treeEntries, type TreePaths, type TurnFileEntry, type TurnHistoryMessage, type TurnState } from "@/db/queries/sessions";

/**
 * What a turn reads that never changes, memoised per instance: a session's history rows through one
 * seq, checked by their count and seq sum (messages are written once; a message stored again after an
 * edit gets a new seq), a file's content at one id and version (a re-created file gets a new id), the
 * entries a project's last turn asked for at one project files version, and a project's tree paths at
 * one fingerprint. The turn-state read then skips what this instance holds. A miss, an eviction or
 * another instance's write only costs one full read, so no other instance ever needs this memory.
 *
 * Files and the tree are held per project, not per session, so the first turn of a new chat in a
 * 2,000-file project reads neither again. The read needs the project before it runs, so the hints
 * name the session's project when this instance has seen the session (a turn of it, or the session
 * made or opened here, as for a teammate's first chat), else the project of the user's last turn
 * here. Each hint names its project (`projectId:…`) and the read compares it with the session's
 * own, so a wrong guess only costs the reads it would have made anyway.
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

const contents = new Lru<string>(64 * 1024 * 1024, (text) => text.length + 64);
/** `id:version` of the content held for a project's path. */
const heldFiles = new Lru<string>(50_000, () => 1);
const trees = new Lru<TreePaths>(32 * 1024 * 1024, (t) => [...t.files, ...t.folders].reduce((n, p) => n + p.length + 16, 64));
/** The tree key (`projectId:fingerprint`) held for a project. */
const heldTrees = new Lru<string>(5_000, () => 1);
const treeKey = (projectId: string, fingerprint: string) => `${projectId}:${fingerprint}`;
/** A session's project, and the project of a user's last turn on this instance (a new session's guess). */
const sessionProjects = new Lru<string>(50_000, () => 1);
const userProjects = new Lru<string>(50_000, () => 1);

/**
 * A project's last asked-for entries, complete, at its files version: the next turn that asks for
 * the same paths and finds that version reads none of them. Frozen; each turn gets copies.
 */
interface HeldWanted {
  paths: string;
  filesVersion: string;
  entries: readonly TurnFileEntry[];
}
const heldWanted = new Lru<HeldWanted>(64 * 1024 * 1024, (h) => h.entries.reduce((n, e) => n + 96 + e.path.length + (e.content?.length ?? 0), 64));
const pathsKey = (paths: readonly string[]) => paths.join("\n");

/**
 * A session's history rows through `through`, with the parts the read returned, and their
 * `count:sum of seq`. The rows are frozen and shared by every turn that holds them: a turn's history
 * is the held array plus the read's newer rows, so a 400-message session costs no per-message copy
 * or lookup (copying and re-keying each row was 0.4 ms of such a turn, measured).
 */
export interface HeldHistory {
  through: number;
  digest: string;
  messages: readonly TurnHistoryMessage[];
}
// Weighed by an estimate of the bytes a row holds: its parts (about four characters a token) and,
// while the row lives, its wire JSON in ./history-prompt.
const histories = new Lru<HeldHistory>(64 * 1024 * 1024, (h) => h.messages.reduce((n, m) => n + 128 + (m.parts === null ? 0 : m.tokenCount * 12), 0));

const fileKey = (f: { id: string; version: number }) => `${f.id}:${f.version}`;

/**
 * What to tell the turn-state read this instance already holds for the session; `history` is what
 * `fillTurnState` completes the read's newer rows with. `knownTree` and `knownFilesVersion` are
 * `projectId:…`, as the read compares them.
 */
export function heldForTurn(
  sessionId: string,
  userId: string,
  contentPaths: readonly string[],
): { historyAfterSeq: number; knownFiles: Record<string, string>; knownTree: string; knownFilesVersion: string; history: HeldHistory | null } {
  const history = histories.get(sessionId) ?? null;
  const held = { historyAfterSeq: history?.through ?? -1, knownFiles: {} as Record<string, string>, knownTree: "", knownFilesVersion: "", history };
  const projectId = sessionProjects.get(sessionId) ?? userProjects.get(userId);
  if (projectId === undefined) return held;
  for (const path of contentPaths) {
    const file = heldFiles.get(`${projectId}:${path}`);
    if (file !== undefined && contents.get(file) !== undefined) held.knownFiles[path] = file;
  }
  const tree = heldTrees.get(projectId);
  if (tree !== undefined && trees.get(tree) !== undefined) held.knownTree = tree;
  const wanted = heldWanted.get(projectId);
  if (wanted !== undefined && wanted.paths === pathsKey(contentPaths)) held.knownFilesVersion = `${projectId}:${wanted.filesVersion}`;
  return held;
}

/**
 * Fills what the read skipped from memory, in place. False on any miss, or when the held history
 * is no longer what the database holds through its seq (the caller reads again without
 * `heldForTurn`). Parts are expected for the newest messages within `historyBudget`.
 */
export function fillTurnState(state: TurnState, historyBudget: number | null, contentPaths: readonly string[], heldHistory: HeldHistory | null = null): boolean {
  // The read returned only the rows after the held ones.
  if (heldHistory) {
    if (state.heldHistory !== heldHistory.digest) return false;
    state.history = heldHistory.messages.concat(state.history);
  }
  if (state.wanted === null) {
    // Held at the version the read found: copies, since a turn's entries are its own.
    const held = heldWanted.get(state.projectId);
    if (!held || held.filesVersion !== state.filesVersion || held.paths !== pathsKey(contentPaths)) return false;
    state.wanted = held.entries.map((entry) => ({ ...entry }));
    if (state.tree.paths !== null) state.files = treeEntries(state.tree.paths, state.wanted);
  } else if (!fillContents(state.wanted, new Set(contentPaths))) return false;
  if (state.tree.paths === null) {
    const held = trees.get(treeKey(state.projectId, state.tree.fingerprint));
    if (!held) return false;
    state.tree.paths = held;
    state.files = treeEntries(held, state.wanted);
  }
  // A held row read beyond an earlier budget has no parts; one this budget wants means a full read.
  let newer = 0;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const message = state.history[i]!;
    newer += message.tokenCount;
    if (historyBudget !== null && newer > historyBudget) break;
    if (message.parts === null) return false;
  }
  return true;
}

/** Puts the held content into each asked-for entry the read left without it; false on a miss. */
function fillContents(files: readonly TurnFileEntry[], wanted: ReadonlySet<string>): boolean {
  for (const file of files) {
    if (file.content !== null || !wanted.has(file.path)) continue;
    const held = contents.get(fileKey(file));
    if (held === undefined) return false;
    file.content = held;
  }
  return true;
}

/**
 * Remembers what a complete turn state holds, for the session's next turn and the project's new
 * chats on this instance. Its history rows are frozen here and must not be changed afterwards.
 */
export function rememberTurnState(state: TurnState, userId: string, contentPaths: readonly string[]): void {
  sessionProjects.set(state.sessionId, state.projectId);
  userProjects.set(userId, state.projectId);
  if (state.tree.paths) {
    const key = treeKey(state.projectId, state.tree.fingerprint);
    if (trees.get(key) === undefined) trees.set(key, state.tree.paths);
    heldTrees.set(state.projectId, key);
  }
  const last = state.history.at(-1);
  if (last) {
    let sum = 0;
    for (const message of state.history) {
      sum += message.seq;
      if (!Object.isFrozen(message)) Object.freeze(message);
    }
    histories.set(state.sessionId, { through: last.seq, digest: `${state.history.length}:${sum}`, messages: state.history });
  }
  if (state.wanted === null) return;
  const wanted = new Set(contentPaths);
  for (const file of state.wanted) {
    if (file.content === null || !wanted.has(file.path)) continue;
    contents.set(fileKey(file), file.content);
    heldFiles.set(`${state.projectId}:${file.path}`, fileKey(file));
  }
  const entries = state.wanted.filter((entry) => wanted.has(entry.path)).map((entry) => Object.freeze({ ...entry }));
  heldWanted.set(state.projectId, { paths: pathsKey(contentPaths), filesVersion: state.filesVersion, entries });
}

/** The instance that makes or opens a session learns its project before its first turn. */
export function noteSessionProject(sessionId: string, projectId: string): void {
  sessionProjects.set(sessionId, projectId);
}

/** Tests start from an empty memory. */
export function clearTurnCache(): void {
  for (const lru of [contents, heldFiles, trees, heldTrees, sessionProjects, userProjects, histories, heldWanted]) lru.clear();
}
