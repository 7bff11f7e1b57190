import { describe, expect, it } from "vitest";

import type { EditorService } from "@/components/monaco/editor-service";
import { TurnEditBus } from "@/lib/chat/turn-events";

import { AiEditsController } from "./controller";

function controller() {
  const bus = new TurnEditBus();
  const aiEdits = new AiEditsController({
    // Turns without edit tools never reach the editor.
    service: {} as EditorService,
    bus,
    canWrite: true,
    fileExists: () => false,
    isDirectory: () => false,
    sessionId: () => "s",
    onFilesChanged: () => {},
  });
  return { bus, aiEdits, disconnect: aiEdits.connect() };
}

describe("AiEditsController", () => {
  it("remembers a bounded number of turns over a page's life (issue 8, finding 12)", () => {
    const { bus, aiEdits, disconnect } = controller();
    for (let i = 0; i < 2000; i++) {
      bus.emit({ type: "turn-start", messageId: `m${i}`, mode: "review" });
      bus.emit({ type: "tool-start", messageId: `m${i}`, toolCallId: `c${i}`, toolName: "read_file" });
      bus.emit({ type: "turn-end", messageId: `m${i}`, status: i % 3 === 0 ? "stopped" : "complete", mode: "review" });
    }
    const memory = aiEdits.memory();
    expect(memory.turns).toBeLessThanOrEqual(32);
    expect(memory).toMatchObject({ calls: 0, slots: 0 });
    disconnect();
    expect(aiEdits.memory().turns).toBe(0);
  });

  it("keeps a streaming turn while others end, and lets go of it when it ends", () => {
    const { bus, aiEdits } = controller();
    bus.emit({ type: "turn-start", messageId: "long", mode: "review" });
    for (let i = 0; i < 100; i++) {
      bus.emit({ type: "turn-start", messageId: `m${i}`, mode: "review" });
      bus.emit({ type: "turn-end", messageId: `m${i}`, status: "complete", mode: "review" });
    }
    const before = aiEdits.memory().turns;
    bus.emit({ type: "turn-end", messageId: "long", status: "complete", mode: "review" });
    expect(before).toBe(33);
    expect(aiEdits.memory().turns).toBe(32);
  });
});
