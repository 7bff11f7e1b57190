import { describe, expect, it } from "vitest";

import type { TurnEditEvent } from "@/lib/chat/turn-events";

import { EditEventRelay } from "./edit-relay";

const start: TurnEditEvent = { type: "tool-start", messageId: "m1", toolCallId: "t1", toolName: "apply_patch" };
const delta = (text: string): TurnEditEvent => ({ type: "tool-delta", messageId: "m1", toolCallId: "t1", delta: text });
const end: TurnEditEvent = { type: "turn-end", messageId: "m1", status: "complete", mode: "review" };

describe("EditEventRelay", () => {
  it("hands an editor that attaches mid-turn the turn's earlier events, in order, then the live ones", () => {
    const relay = new EditEventRelay();
    relay.onEditEvent(start);
    relay.onEditEvent(delta("a"));
    const seen: TurnEditEvent[] = [];
    relay.attach((e) => seen.push(e));
    relay.onEditEvent(delta("b"));
    expect(seen).toEqual([start, delta("a"), delta("b")]);
  });

  it("drops a turn that ended before the editor attached, and keeps the next one", () => {
    const relay = new EditEventRelay();
    relay.onEditEvent(start);
    relay.onEditEvent(end);
    const next = { ...start, messageId: "m2" };
    relay.onEditEvent(next);
    const seen: TurnEditEvent[] = [];
    relay.attach((e) => seen.push(e));
    expect(seen).toEqual([next]);
  });

  it("hands nothing twice, and nothing to a detached editor", () => {
    const relay = new EditEventRelay();
    relay.onEditEvent(start);
    const first: TurnEditEvent[] = [];
    const detach = relay.attach((e) => first.push(e));
    detach();
    relay.onEditEvent(delta("x"));
    const second: TurnEditEvent[] = [];
    relay.attach((e) => second.push(e));
    expect(first).toEqual([start]);
    expect(second).toEqual([delta("x")]);
  });
});
