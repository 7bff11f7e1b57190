import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "@/lib/chat/service";
import { toAppError } from "@/lib/errors";

import { runTurn, startChatFixture, storedMessages, type ChatFixture } from "./chat-fixture";
import { report, SIZES } from "./support";

/** The same message id posted 3 times, in series and at once: 1 row, 1 answer, 1 model call. */
let fixture: ChatFixture;
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  fixture = await startChatFixture();
  fixture.upstream.upstream.setDefault({ steps: [{ type: "text", text: " one answer" }], rate: 2000 });
});

afterAll(async () => {
  report("Idempotency", figures);
  await fixture.upstream.close();
});

/** The HTTP status the route would answer with, or 200 for a stream; a refused duplicate inside the stream counts as its error's status. */
async function post(sessionId: string, messageId: string, text: string): Promise<number> {
  try {
    const outcome = await runTurn(fixture, { sessionId, messageId, text });
    return outcome.saved?.error?.code === "conflict:chat" ? 409 : 200;
  } catch (error) {
    return toAppError(error, "chat").status;
  }
}

describe.each(["in series", "at once"] as const)("the same message id posted 3 times %s", (mode) => {
  it("stores one user message and one answer, and calls the model once", async () => {
    const tally = { userRows: 0, assistantRows: 0, modelCalls: 0, answered: 0, refused: 0, other: 0 };
    for (let round = 0; round < SIZES.idempotency; round++) {
      const sessionId = (await createSession(fixture.project, undefined)).id;
      const messageId = randomUUID();
      const text = `same ${randomUUID()}`;
      const statuses =
        mode === "in series"
          ? [await post(sessionId, messageId, text), await post(sessionId, messageId, text), await post(sessionId, messageId, text)]
          : await Promise.all([0, 1, 2].map(() => post(sessionId, messageId, text)));
      const stored = await storedMessages(sessionId);
      const calls = fixture.upstream.upstream.requests().filter((r) => JSON.stringify(r.body.messages.at(-1)).includes(text));
      tally.userRows += stored.filter((m) => m.role === "user" && m.id === messageId).length;
      tally.assistantRows += stored.filter((m) => m.role === "assistant").length;
      tally.modelCalls += calls.length;
      tally.answered += statuses.filter((s) => s === 200).length;
      tally.refused += statuses.filter((s) => s === 409).length;
      tally.other += statuses.filter((s) => s !== 200 && s !== 409).length;
    }
    const n = SIZES.idempotency;
    figures.push({ case: mode, rounds: n, "user rows / round": tally.userRows / n, "answers / round": tally.assistantRows / n, "model calls / round": tally.modelCalls / n, "200s": tally.answered, "409s": tally.refused, other: tally.other });
    expect(tally).toEqual({ userRows: n, assistantRows: n, modelCalls: n, answered: n, refused: 2 * n, other: 0 });
  });
});
