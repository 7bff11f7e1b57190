import { describe, expect, it } from "vitest";

import type { EditorService } from "@/components/monaco/editor-service";
import type { FileProposal } from "@/lib/chat/proposals";

import { FileReview } from "./file-review";
import type { ProposalModels } from "./proposal-models";
import { Slots } from "./slots";
import { TurnLedger } from "./turn-ledger";
import type { AiEditsHost } from "./types";
import { AiFilesStore } from "./view-store";

const update: FileProposal = { path: "a.ts", before: "one\ntwo\n", after: "ONE\ntwo\n", baseVersion: 1 };

function setup({ exists = true, open = true } = {}) {
  const calls: string[] = [];
  const service = {
    getModel: () => (open ? { getValue: () => "one\ntwo\n" } : null),
    openFile: async (path: string, { activate }: { activate: boolean }) => calls.push(`open ${path} ${activate}`),
    openPlaceholderTab: (path: string) => calls.push(`placeholder ${path}`),
    closeFile: async (path: string) => calls.push(`close ${path}`),
  } as unknown as EditorService;
  const host = { fileExists: () => exists } as unknown as AiEditsHost;
  const models = { dispose: () => calls.push("dispose model") } as unknown as ProposalModels;
  const views = new AiFilesStore();
  const turns = new TurnLedger();
  let refreshes = 0;
  const slots = new Slots({ service, host, models, views, turns, editor: () => ({ refresh: () => refreshes++, follow: () => {}, reveal: () => {}, applyDetached: (_model, apply) => apply() }) });
  return { slots, views, turns, calls, refreshes: () => refreshes };
}

describe("Slots", () => {
  it("publishes a slot's view to the store, ready once its turn ended, and refreshes the proposal editor", () => {
    const { slots, views, turns, refreshes } = setup();
    turns.ensure("m", "s", "review");
    const slot = slots.create("a.ts");
    slot.review = new FileReview({ messageId: "m", proposals: [update] });
    slots.publish(slot);
    expect(views.files["a.ts"]).toMatchObject({ phase: "review", pending: 1, ready: false });
    turns.get("m")!.end();
    slots.publish(slot);
    expect(views.files["a.ts"]?.ready).toBe(true);
    expect(refreshes()).toBe(2);
  });

  it("opens the file's tab, or a placeholder tab for a file that does not exist yet", () => {
    const open = setup();
    open.slots.openTab(open.slots.create("a.ts"), { activate: true });
    expect(open.calls).toEqual(["open a.ts true"]);
    const missing = setup({ exists: false, open: false });
    const slot = missing.slots.create("new.ts");
    missing.slots.openTab(slot, { activate: false });
    expect(missing.calls).toEqual(["placeholder new.ts"]);
    expect(slot.placeholder).toBe(true);
  });

  it("finishing a review remembers it, closes the slot and its view, and closes a rejected new file's tab", () => {
    const { slots, views, turns, calls } = setup({ exists: false, open: false });
    const slot = slots.create("new.ts");
    slot.placeholder = true;
    slot.review = new FileReview({ messageId: "m", proposals: [{ path: "new.ts", before: null, after: "x\n", baseVersion: null }] });
    slots.publish(slot);
    slots.finish(slot);
    expect(turns.isFinished("m", "new.ts")).toBe(true);
    expect(slots.get("new.ts")).toBeUndefined();
    expect(views.files["new.ts"]).toBeUndefined();
    expect(calls).toEqual(["dispose model", "close new.ts"]);
    // A stale slot no longer shown changes nothing.
    slots.publish(slot);
    expect(views.files["new.ts"]).toBeUndefined();
  });
});
