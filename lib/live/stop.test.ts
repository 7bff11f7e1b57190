import { describe, expect, it, vi } from "vitest";

import { LiveHub, STOP_PREFIX, type HubTransport } from "./hub";
import { watchTurnStop, type StopWatchDeps } from "./stop";

const turn = { sessionId: "s1", messageId: "m1" };

/** A hub whose notifications arrive when the test sends them. */
function hubWith(): { hub: LiveHub; send: (payload: string) => void } {
  let listener: ((payload: string) => void) | null = null;
  const transport: HubTransport = {
    listen: async (_channel, onPayload) => {
      listener = onPayload;
    },
    notify: async (_channel, payload) => queueMicrotask(() => listener?.(payload)),
  };
  return { hub: new LiveHub(transport, 100), send: (payload) => listener?.(payload) };
}

describe("watchTurnStop", () => {
  it("stops at the turn's notification, without reading the database first", async () => {
    const { hub, send } = hubWith();
    const stopExists = vi.fn(async () => false);
    const onStop = vi.fn();
    const end = watchTurnStop(turn, onStop, { hub, stopExists, pollMs: 20 });
    await hub.start();
    expect(stopExists).not.toHaveBeenCalled();
    send(`${STOP_PREFIX}s1:m1`);
    expect(onStop).toHaveBeenCalledTimes(1);
    end();
  });

  it("ignores a stop for the same message id through another session", async () => {
    const { hub, send } = hubWith();
    const onStop = vi.fn();
    const end = watchTurnStop(turn, onStop, { hub, stopExists: async () => false, pollMs: 20 });
    await hub.start();
    send(`${STOP_PREFIX}other:m1`);
    await new Promise((r) => setTimeout(r, 60));
    expect(onStop).not.toHaveBeenCalled();
    end();
  });

  it("finds a stop whose notification was lost on its poll, and fires once", async () => {
    const { hub, send } = hubWith();
    let recorded = false;
    const deps: StopWatchDeps = { hub, pollMs: 20, stopExists: vi.fn(async (t) => recorded && t.sessionId === "s1" && t.messageId === "m1") };
    const onStop = vi.fn();
    watchTurnStop(turn, onStop, deps);
    await new Promise((r) => setTimeout(r, 50));
    expect(onStop).not.toHaveBeenCalled();
    recorded = true;
    await vi.waitFor(() => expect(onStop).toHaveBeenCalledTimes(1), { timeout: 1000 });
    send(`${STOP_PREFIX}s1:m1`);
    await new Promise((r) => setTimeout(r, 60));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it("neither polls nor fires once ended (the turn finished)", async () => {
    const { hub, send } = hubWith();
    const stopExists = vi.fn(async () => true);
    const onStop = vi.fn();
    watchTurnStop(turn, onStop, { hub, stopExists, pollMs: 20 })();
    await hub.start();
    send(`${STOP_PREFIX}s1:m1`);
    await new Promise((r) => setTimeout(r, 60));
    expect(stopExists).not.toHaveBeenCalled();
    expect(onStop).not.toHaveBeenCalled();
  });
});
