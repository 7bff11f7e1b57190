import { beforeEach, describe, expect, it } from "vitest";

import type { TurnState } from "@/db/queries/sessions";

import { clearTurnCache, fillTurnState, heldForTurn, noteSessionProject, rememberTurnState } from "./turn-cache";

function state(over: Partial<TurnState> = {}): TurnState {
  const s = {
    sessionId: "s1",
    sessionTitle: "t",
    projectId: "p1",
    projectName: "p",
    workspaceId: "w1",
    workspaceName: "w",
    plan: "free",
    role: "owner",
    history: [
      { id: "m1", seq: 1, role: "user", parts: [{ type: "text", text: "one" }], label: "one", status: "complete", tokenCount: 10 },
      { id: "m2", seq: 2, role: "assistant", parts: [{ type: "text", text: "two" }], label: null, status: "complete", tokenCount: 10 },
    ],
    files: [{ id: "f1", path: "a.ts", kind: "file", size: 3, version: 1, content: "abc" }],
    tree: { fingerprint: "1:42", paths: { files: ["a.ts"], folders: [] } },
    filesVersion: "7",
    ...over,
  } as TurnState;
  // As the read returns them: the asked-for entries are the tree's own objects.
  if (!("wanted" in over)) s.wanted = s.files;
  return s;
}

beforeEach(() => clearTurnCache());

describe("the turn cache", () => {
  it("holds nothing for a session it has not read", () => {
    expect(heldForTurn("s1", "u1", ["a.ts"])).toEqual({ historyAfterSeq: -1, knownFiles: {}, knownTree: "", knownFilesVersion: "", history: null });
  });

  it("after a read, skips the messages and file contents it holds and fills them back", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    const held = heldForTurn("s1", "u1", ["a.ts"]);
    expect(held).toMatchObject({ historyAfterSeq: 2, knownFiles: { "a.ts": "f1:1" }, knownTree: "p1:1:42" });
    // The read skipped the held rows (it returns their count and seq sum) and the held content.
    const skipped = state({ heldHistory: "2:3" });
    skipped.history = [];
    skipped.files[0]!.content = null;
    expect(fillTurnState(skipped, 1000, ["a.ts"], held.history)).toBe(true);
    expect(skipped.history.map((m) => m.parts)).toEqual(state().history.map((m) => m.parts));
    expect(skipped.files[0]!.content).toBe("abc");
  });

  it("reports a miss for a message it never read (another instance's write, an eviction)", () => {
    rememberTurnState(state(), "u1", []);
    const next = state();
    next.history.push({ id: "m3", seq: 3, role: "user", parts: null, label: "x", status: "complete", tokenCount: 10 });
    expect(fillTurnState(next, 1000, [])).toBe(false);
  });

  it("does not ask for parts beyond the history budget", () => {
    const s = state();
    s.history[0]!.parts = null;
    // m2 alone fits in 15 tokens; m1 is older than what any model packs.
    expect(fillTurnState(s, 15, [])).toBe(true);
    expect(s.history[0]!.parts).toBeNull();
  });

  it("a file re-created at the same version (new id) is read again", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    const next = state({ files: [{ id: "f2", path: "a.ts", kind: "file", size: 3, version: 1, content: null }] } as Partial<TurnState>);
    next.history = [];
    expect(fillTurnState(next, 1000, ["a.ts"])).toBe(false);
  });

  it("reports a miss when a held row read beyond an earlier budget is wanted now (a regenerate reads every part)", () => {
    const s = state();
    s.history[0]!.parts = null;
    rememberTurnState(s, "u1", []);
    const held = heldForTurn("s1", "u1", []).history;
    const next = state({ heldHistory: "2:3" });
    next.history = [];
    // m2 alone fits in 15 tokens, as when it was read.
    expect(fillTurnState(next, 15, [], held)).toBe(true);
    const regenerate = state({ heldHistory: "2:3" });
    regenerate.history = [];
    expect(fillTurnState(regenerate, null, [], held)).toBe(false);
  });

  it("fills the tree it holds at the read's fingerprint, with the asked-for entries in place", () => {
    const big = { files: ["a.ts", "b.ts", "src/c.ts"], folders: ["src"] };
    rememberTurnState(state({ tree: { fingerprint: "4:7", paths: big } }), "u1", ["a.ts"]);
    expect(heldForTurn("s1", "u1", ["a.ts"]).knownTree).toBe("p1:4:7");
    // The read left the paths out: only the asked-for entry came back.
    const next = state({ tree: { fingerprint: "4:7", paths: null }, files: [{ id: "f1", path: "a.ts", kind: "file", size: 3, version: 1, content: "abc" }] });
    expect(fillTurnState(next, 1000, ["a.ts"])).toBe(true);
    expect(next.tree.paths).toEqual(big);
    expect(next.files.map((f) => [f.path, f.kind, f.content])).toEqual([
      ["a.ts", "file", "abc"],
      ["b.ts", "file", null],
      ["src/c.ts", "file", null],
      ["src", "folder", null],
    ]);
    // Next turn: the content it now holds comes back from memory into the held tree, in place.
    rememberTurnState(next, "u1", ["a.ts"]);
    const third = state({ tree: { fingerprint: "4:7", paths: null }, files: [{ id: "f1", path: "a.ts", kind: "file", size: 3, version: 1, content: null }] });
    expect(fillTurnState(third, 1000, ["a.ts"])).toBe(true);
    expect(third.files.map((f) => [f.path, f.content])).toEqual([
      ["a.ts", "abc"],
      ["b.ts", null],
      ["src/c.ts", null],
      ["src", null],
    ]);
  });

  it("holds the history rows through the newest, so the next read returns only newer ones, and puts them back in order with their parts", () => {
    rememberTurnState(state(), "u1", []);
    const held = heldForTurn("s1", "u1", []);
    expect(held.history).toMatchObject({ through: 2, digest: "2:3" });
    // The read after one more exchange: only the two newer rows, and the held rows' count and seq sum.
    const next = state({ heldHistory: "2:3" });
    next.history = [
      { id: "m3", seq: 5, role: "user", parts: [{ type: "text", text: "three" }], label: "three", status: "complete", tokenCount: 10 },
      { id: "m4", seq: 6, role: "assistant", parts: [{ type: "text", text: "four" }], label: null, status: "complete", tokenCount: 10 },
    ];
    expect(fillTurnState(next, 1000, [], held.history)).toBe(true);
    expect(next.history.map((m) => [m.id, m.seq, m.label, (m.parts?.[0] as { text: string } | undefined)?.text])).toEqual([
      ["m1", 1, "one", "one"],
      ["m2", 2, null, "two"],
      ["m3", 5, "three", "three"],
      ["m4", 6, null, "four"],
    ]);
    // The held rows are shared, not copied, and frozen so no turn can change them for the next.
    expect(next.history[0]).toBe(held.history!.messages[0]);
    expect(() => {
      next.history[0]!.parts = null;
    }).toThrow(TypeError);
    rememberTurnState(next, "u1", []);
    expect(Object.isFrozen(next.history[3])).toBe(true);
    expect(heldForTurn("s1", "u1", []).history).toMatchObject({ through: 6, digest: "4:14" });
  });

  it("reports a miss when the held history changed underneath (a deleted message, a late commit of a lower seq)", () => {
    rememberTurnState(state(), "u1", []);
    const held = heldForTurn("s1", "u1", []).history;
    const next = state({ heldHistory: "1:1" });
    next.history = [];
    expect(fillTurnState(next, 1000, [], held)).toBe(false);
  });

  it("names the files version it holds the asked-for entries at, only for the same paths, and hands each turn its own copies", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    expect(heldForTurn("s1", "u1", ["a.ts"]).knownFilesVersion).toBe("p1:7");
    expect(heldForTurn("s1", "u1", ["a.ts", "b.ts"]).knownFilesVersion).toBe("");
    expect(heldForTurn("s1", "u1", []).knownFilesVersion).toBe("");
    // The read found that version and left the entries out, and the tree too (held at its fingerprint).
    const skipped = () => state({ wanted: null, files: [], tree: { fingerprint: "1:42", paths: null } });
    const next = skipped();
    expect(fillTurnState(next, 1000, ["a.ts"])).toBe(true);
    expect(next.files).toEqual([{ id: "f1", path: "a.ts", kind: "file", size: 3, version: 1, content: "abc" }]);
    expect(next.wanted).toEqual(next.files);
    next.files[0]!.content = "changed by this turn";
    const third = skipped();
    expect(fillTurnState(third, 1000, ["a.ts"])).toBe(true);
    expect(third.files[0]!.content).toBe("abc");
  });

  it("reports a miss when the read skipped the asked-for entries at a version it does not hold, or for other paths", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    const moved = state({ wanted: null, files: [], filesVersion: "8" });
    expect(fillTurnState(moved, 1000, ["a.ts"])).toBe(false);
    const other = state({ wanted: null, files: [] });
    expect(fillTurnState(other, 1000, ["b.ts"])).toBe(false);
  });

  it("names, for a session it has not read, the project of the user's last turn; for one it has, the session's own", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    const p1 = { knownFiles: { "a.ts": "f1:1" }, knownTree: "p1:1:42", knownFilesVersion: "p1:7" };
    // A new chat of the same user: the project's hints, and no history.
    expect(heldForTurn("s2", "u1", ["a.ts"])).toEqual({ historyAfterSeq: -1, history: null, ...p1 });
    expect(heldForTurn("s2", "u2", ["a.ts"])).toMatchObject({ knownFiles: {}, knownTree: "", knownFilesVersion: "" });
    // The user then works in p2: a new session guesses p2, the first session still names p1.
    rememberTurnState(
      state({ sessionId: "s3", projectId: "p2", files: [{ id: "f9", path: "a.ts", kind: "file", size: 1, version: 4, content: "z" }], tree: { fingerprint: "1:5", paths: { files: ["a.ts"], folders: [] } }, filesVersion: "2" }),
      "u1",
      ["a.ts"],
    );
    expect(heldForTurn("s4", "u1", ["a.ts"])).toMatchObject({ knownFiles: { "a.ts": "f9:4" }, knownTree: "p2:1:5", knownFilesVersion: "p2:2" });
    expect(heldForTurn("s1", "u1", ["a.ts"])).toMatchObject(p1);
    // Held per project: a new session in p1 fills from what s1's turn left.
    const next = state({ sessionId: "s5", history: [], wanted: null, files: [], tree: { fingerprint: "1:42", paths: null } });
    expect(fillTurnState(next, 1000, ["a.ts"])).toBe(true);
    expect(next.files).toEqual([{ id: "f1", path: "a.ts", kind: "file", size: 3, version: 1, content: "abc" }]);
  });

  it("names the project of a session made or opened here before its first turn, over the user's last one", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    rememberTurnState(state({ sessionId: "s3", projectId: "p2", files: [], wanted: [], tree: { fingerprint: "1:5", paths: { files: ["a.ts"], folders: [] } } }), "u1", []);
    // u1's last turn was in p2; the new session s4 was made in p1, and a teammate u2 has no turn here.
    noteSessionProject("s4", "p1");
    expect(heldForTurn("s4", "u1", ["a.ts"])).toMatchObject({ knownFiles: { "a.ts": "f1:1" }, knownTree: "p1:1:42" });
    expect(heldForTurn("s4", "u2", ["a.ts"])).toMatchObject({ knownFiles: { "a.ts": "f1:1" }, knownTree: "p1:1:42" });
    expect(heldForTurn("s5", "u2", ["a.ts"])).toMatchObject({ knownFiles: {}, knownTree: "" });
  });

  it("reports a miss for a tree fingerprint it does not hold", () => {
    rememberTurnState(state(), "u1", ["a.ts"]);
    const changed = state({ tree: { fingerprint: "2:9", paths: null } });
    changed.history = [];
    expect(fillTurnState(changed, 1000, ["a.ts"])).toBe(false);
  });
});
