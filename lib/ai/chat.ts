import "server-only";

import { statementsRunInProcess, statementsSent } from "@/db/client";
import type { ParsedChatRequest } from "@/lib/chat/contract";
import { AppError } from "@/lib/errors";
import { publishTurn } from "@/lib/live/publisher";
import { watchTurnStop } from "@/lib/live/stop";
import { modelsForKey, providerKeyFromRow, workspaceEndpoint } from "@/lib/provider-keys/service";
import { planAccess } from "@/lib/plans/access";
import { can } from "@/lib/workspaces/roles";

import { chooseEditRoute } from "./edit-route";
import { resolveModel } from "./models";
import { endpointForModel, type ByteClock } from "./provider";
import { createTurnTools } from "./tools";
import { meterTurn } from "./turn-budget";
import { callModel, limitTurn } from "./turn-call";
import { TurnOutcome } from "./turn-outcome";
import { packPrompt } from "./turn-prompt";
import { TurnSender, turnResponse } from "./turn-response";
import { loadTurnState, resolveTarget, turnContentPaths } from "./turn-target";
import { TurnWorkspace } from "./workspace";

/**
 * One chat turn: one read for access, history and context files; the user's message stored before
 * the model is called; the answer streamed as the model writes it; the assistant message stored once
 * when the turn ends, however it ends. Nothing is written per token.
 *
 * The parts, in the order a turn meets them: turn-target (the read and which message it answers),
 * turn-prompt (context packed into the window), turn-call (the model call and its limits),
 * turn-outcome (what the turn produced, stored once), turn-response (the owner's stream and the
 * followers' copy).
 */
export async function streamTurn({
  userId,
  sessionGeneration,
  request,
  requestStartedAt,
}: {
  userId: string;
  /** Checked in the turn's one read, so an ended session cannot chat (lib/auth/guards). */
  sessionGeneration: number;
  request: ParsedChatRequest;
  requestStartedAt: number;
}): Promise<Response> {
  const ctx = request.context;
  const state = await loadTurnState(request, userId, sessionGeneration, turnContentPaths(ctx));
  if (!state) throw new AppError("not_found:session");
  if (!state.sessionCurrent) throw new AppError("unauthorized:auth");
  if (!can(state.role, "ai.use")) throw new AppError("forbidden:chat", { message: "Viewers can read this session but cannot chat in it." });
  // Bring your own key: a workspace key serves the turn, unlocks the models it reaches and spends no Wafer budget.
  const key = providerKeyFromRow(state.workspaceId, state.providerKey);
  const plan = planAccess(state);
  const model = await resolveModel(request.model, plan, key.source === "workspace" ? await modelsForKey(key) : null);
  const target = await resolveTarget(request, state);
  const knownVerdict = state.modelVerdicts[model.id] ?? null;
  const activeFile = ctx.activeFile !== undefined && state.files.some((f) => f.path === ctx.activeFile && f.content !== null);
  const predictionRefused = state.predictionRefusedModels.includes(model.id);
  const route = chooseEditRoute({ preference: request.editChannel, model, verdict: knownVerdict, activeFile, intent: request.intent, predictionRefused });
  const editChannel = route.channel;
  const prompt = packPrompt(request, state, model, target, editChannel, plan.entitlements.maxContextTokens);

  // The reservation and the question are written while the model call is set up; its HTTP request
  // waits on them (turn-budget), and the answer is only returned once the reservation is known, so a
  // refused turn is a plain 429 that stored nothing and sent nothing. PGlite runs the statement in
  // WASM on this event loop, where overlapping only interleaves the two (0.5 ms slower, measured):
  // there it runs first. A server gets the statement before the set-up starts, or it would wait for it.
  const { meter, reserved, userMessageStored } = meterTurn({ state, entitlements: plan.entitlements, userId, request, target, prompt, modelId: model.id, keySource: key.source });
  if (statementsRunInProcess()) await reserved;
  else await statementsSent();

  const assistantId = crypto.randomUUID();
  const endpoint = key.source === "workspace" && !model.demo ? workspaceEndpoint(key) : endpointForModel(model.id);
  const clock: ByteClock = { firstByteAt: null, lastByteAt: null };
  const outcome = new TurnOutcome({ state, target, modelId: model.id, endpointName: endpoint.name, editChannel, editChannelReason: route.reason, knownVerdict, assistantId, requestStartedAt, userMessageStored, meter });
  // Only Stop (its own request, from any instance: lib/live/stop) and the turn's limits end the model
  // call; the browser going away (a reload, a closed tab) does not, and a reloaded page follows it.
  const abort = new AbortController();

  const sender = new TurnSender(publishTurn({ sessionId: state.sessionId, messageId: assistantId }));
  const tools = model.tools
    ? createTurnTools({
        workspace: new TurnWorkspace(state.projectId, state.files),
        mode: request.mode,
        onProposal: (proposal) => {
          outcome.proposals.push(proposal);
          sender.send({ type: "data-proposal", id: proposal.toolCallId, data: proposal });
        },
      })
    : undefined;

  const requestSent = Promise.withResolvers<void>();
  const result = callModel({ endpoint, model, clock, userMessageStored, editChannel, prediction: route.prediction, assistantId, prompt, tools, abortSignal: abort.signal, outcome, meter, requestSent: () => requestSent.resolve() });
  try {
    await reserved;
  } catch (error) {
    // The model call is still waiting on the reservation: it ends here, before its request is sent.
    abort.abort(error);
    throw error;
  }
  // The model's request leaves before the rest of the turn: answering the browser first would put
  // that work between the reservation and the request's last byte on this event loop (0.4–0.6 ms a
  // turn, measured). Bounded, so a set-up that fails without reaching the provider still answers.
  await settledWithin(requestSent.promise, REQUEST_SENT_WAIT_MS);
  const stopLimits = limitTurn({ clock, requestStartedAt, outcome, abort });
  const unwatchStop = watchTurnStop({ sessionId: state.sessionId, messageId: assistantId }, () => abort.abort());
  const stopTimers = () => {
    stopLimits();
    unwatchStop();
  };
  return turnResponse({ result, sender, outcome, abort, stopTimers, report: prompt.report, modelId: model.id, userMessageId: target.userMessageId, assistantId, requestStartedAt, clock });
}

/** How long a turn's answer waits for its model request to leave (it takes a millisecond or two). */
const REQUEST_SENT_WAIT_MS = 200;

function settledWithin(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}
