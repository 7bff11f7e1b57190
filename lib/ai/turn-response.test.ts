import type { UIMessageStreamWriter } from "ai";
import { describe, expect, it } from "vitest";

import type { WaferUIMessage } from "@/lib/chat/contract";
import type { TurnPublisher } from "@/lib/live/publisher";

import { TurnSender } from "./turn-response";

type Writer = UIMessageStreamWriter<WaferUIMessage>;
type Chunk = Parameters<Writer["write"]>[0];

function fakes({ failAfter = Infinity }: { failAfter?: number } = {}) {
  const live: unknown[] = [];
  const written: unknown[] = [];
  let closed = 0;
  const publisher: TurnPublisher = {
    push: (chunk) => live.push(chunk),
    close: async () => {
      closed += 1;
    },
  };
  const writer = {
    write: (chunk: Chunk) => {
      if (written.length >= failAfter) throw new Error("the browser left");
      written.push(chunk);
    },
  } as unknown as Writer;
  return { live, written, publisher, writer, closed: () => closed };
}

const delta = (n: number): Chunk => ({ type: "text-delta", id: "t", delta: String(n) });

describe("TurnSender", () => {
  it("copies every chunk to followers and to the owner once the stream is attached", () => {
    const f = fakes();
    const sender = new TurnSender(f.publisher);
    sender.send(delta(0));
    sender.attach(f.writer);
    sender.send(delta(1));
    expect(f.live).toEqual([delta(0), delta(1)]);
    expect(f.written).toEqual([delta(1)]);
  });

  it("keeps feeding followers after the owner's stream breaks, and stops writing to it", () => {
    const f = fakes({ failAfter: 1 });
    const sender = new TurnSender(f.publisher);
    sender.attach(f.writer);
    for (let i = 0; i < 4; i++) sender.send(delta(i));
    expect(f.written).toEqual([delta(0)]);
    expect(f.live).toHaveLength(4);
  });

  it("writes nothing more to an owner who left, and closes the followers' copy", async () => {
    const f = fakes();
    const sender = new TurnSender(f.publisher);
    sender.attach(f.writer);
    sender.send(delta(0));
    sender.clientLeft();
    sender.send(delta(1));
    await sender.close();
    expect(f.written).toEqual([delta(0)]);
    expect(f.live).toEqual([delta(0), delta(1)]);
    expect(f.closed()).toBe(1);
  });
});
