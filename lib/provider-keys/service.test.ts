import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { getProviderKeyByWorkspaceId, upsertProviderKey } from "@/db/queries/provider-keys";
import { getBudgetTokensUsed, listModelCallsBySessionId } from "@/db/queries/usage";
import { resetWorkspaceBudgetForTest, setWorkspacePlanForTest } from "@/db/testing";
import { streamTurn } from "@/lib/ai/chat";
import { resolveWorkspaceAccess } from "@/lib/auth/access";
import { chatRequestSchema } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { readUiChunks } from "@/lib/chat/sse";
import { budgetMonth } from "@/lib/plans/budget";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { startUpstreamServer, type UpstreamServer } from "@/lib/testing/upstream";
import type { WorkspaceActor } from "@/lib/workspaces/service";

import { listModelsForWorkspace } from "./models";
import { deleteProviderKey, providerKeyFor, providerKeySummary, saveProviderKey } from "./service";

/**
 * Bring your own key against the scripted upstream, which accepts Wafer's key and the workspace's
 * (each with its own model list) and records the last 4 characters of the key each call used.
 */
const WAFER_KEY = "wafer-operator-key-aaaa";
const WORKSPACE_KEY = "csk-workspace-own-key-9z9z";
let upstream: UpstreamServer;
let project: ProjectAccess;
let admin: WorkspaceActor;

beforeAll(async () => {
  upstream = await startUpstreamServer({ defaultRate: 0, apiKey: WAFER_KEY });
  Object.assign(process.env, { AI_BASE_URL: upstream.baseURL, AI_API_KEY: WAFER_KEY, BYOK_ALLOWED_BASE_URLS: upstream.baseURL });
  await prepareTestDatabase();
  const owner = await createTestUser("byok");
  project = await createTestProject(owner, "blank");
  admin = await resolveWorkspaceAccess({ userId: owner.userId, workspaceId: owner.workspaceId, action: "billing.manage" });
});

afterAll(() => upstream.close());

beforeEach(async () => {
  upstream.upstream.reset();
  upstream.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "t" }, { id: "zai-glm-4.7", owned_by: "t" }]);
  upstream.upstream.setKeys({ [WORKSPACE_KEY]: [{ id: "gpt-oss-120b", owned_by: "cerebras" }, { id: "zai-glm-4.7", owned_by: "cerebras" }] });
  await deleteProviderKey(admin);
});

async function turn(model: string) {
  const sessionId = (await createSession(project, undefined)).id;
  lastSessionId = sessionId;
  const request = chatRequestSchema.parse({ sessionId, model, message: { id: randomUUID(), text: "hi" } });
  const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
  for await (const chunk of readUiChunks(response.body!)) void chunk;
}

let lastSessionId = "";

describe("a workspace's own API key", () => {
  it("is checked on /v1/models, stored sealed, and only its last 4 characters ever come back", async () => {
    const saved = await saveProviderKey(admin, { apiKey: WORKSPACE_KEY });
    expect(saved).toMatchObject({ key: { last4: "9z9z", baseUrl: upstream.baseURL }, models: ["gpt-oss-120b", "zai-glm-4.7"] });
    expect(JSON.stringify(saved)).not.toContain(WORKSPACE_KEY);
    expect(JSON.stringify(await providerKeySummary(admin.workspaceId))).not.toContain(WORKSPACE_KEY);
    const row = await getProviderKeyByWorkspaceId({ workspaceId: admin.workspaceId });
    expect(row?.encryptedKey).not.toContain("workspace-own");
    expect(Buffer.from(row!.encryptedKey, "base64url").toString("latin1")).not.toContain("workspace-own");
    expect(await providerKeyFor(admin.workspaceId)).toEqual({ source: "workspace", apiKey: WORKSPACE_KEY, baseURL: upstream.baseURL });
  });

  it("a key the provider refuses is not saved; replacing and deleting work", async () => {
    await expect(saveProviderKey(admin, { apiKey: "csk-not-a-real-key-0000" })).rejects.toMatchObject({ code: "bad_request:provider_key", message: "The provider refused this key. Check it and try again." });
    expect(await providerKeySummary(admin.workspaceId)).toBeNull();
    await saveProviderKey(admin, { apiKey: WORKSPACE_KEY });
    upstream.upstream.setKeys({ [WORKSPACE_KEY]: [{ id: "gpt-oss-120b", owned_by: "cerebras" }], "csk-replacement-key-7777": [{ id: "gpt-oss-120b", owned_by: "cerebras" }] });
    await saveProviderKey(admin, { apiKey: "csk-replacement-key-7777" });
    expect((await providerKeySummary(admin.workspaceId))?.last4).toBe("7777");
    await deleteProviderKey(admin);
    expect(await providerKeyFor(admin.workspaceId)).toMatchObject({ source: "wafer", apiKey: WAFER_KEY });
  });

  it("serves a Free workspace's turns with its key and unlocks the premium models that key reaches", async () => {
    // Wafer's key, Free plan: the premium model is listed, locked, and refused.
    const wafers = await listModelsForWorkspace(project);
    expect(wafers.workspace).toMatchObject({ plan: "free", keySource: "wafer" });
    expect(wafers.models.find((m) => m.id === "zai-glm-4.7")).toMatchObject({ premium: true, locked: true });
    await expect(turn("zai-glm-4.7")).rejects.toMatchObject({ code: "forbidden:model" });

    await saveProviderKey(admin, { apiKey: WORKSPACE_KEY });
    const listing = await listModelsForWorkspace(project);
    expect(listing.workspace).toMatchObject({ plan: "free", keySource: "workspace" });
    expect(listing.models.find((m) => m.id === "zai-glm-4.7")).toMatchObject({ premium: true });
    expect(listing.models.find((m) => m.id === "zai-glm-4.7")?.locked).toBeUndefined();
    await turn("zai-glm-4.7");
    const calls = upstream.upstream.requests();
    expect(calls.map((c) => [c.model, c.headers.keyLast4])).toEqual([["zai-glm-4.7", "9z9z"]]);
  });

  it("its calls are in the ledger and never counted against Wafer's budget, even one of 10 tokens", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { monthlyTokenBudget: 10 } });
    await resetWorkspaceBudgetForTest(project.workspaceId);
    await saveProviderKey(admin, { apiKey: WORKSPACE_KEY });
    upstream.upstream.enqueue({ steps: [{ type: "text", text: "byok" }], usage: { prompt_tokens: 900, completion_tokens: 3 } });
    await turn("gpt-oss-120b");
    expect(await listModelCallsBySessionId({ sessionId: lastSessionId })).toEqual([
      expect.objectContaining({ keySource: "workspace", reserved: 0, settled: 0, inputTokens: 900 }),
    ]);
    expect(await getBudgetTokensUsed({ workspaceId: project.workspaceId, month: budgetMonth() })).toBe(0);
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free" });
  });

  it("a stored key whose base URL left the allowlist is refused, never sent elsewhere", async () => {
    // As if the operator narrowed BYOK_ALLOWED_BASE_URLS after the key was saved.
    await upsertProviderKey({ workspaceId: admin.workspaceId, baseUrl: "http://attacker.example/v1", encryptedKey: "x", last4: "9z9z", createdBy: admin.userId });
    await expect(providerKeyFor(admin.workspaceId)).rejects.toMatchObject({ code: "conflict:provider_key" });
    await expect(turn("gpt-oss-120b")).rejects.toMatchObject({ code: "conflict:provider_key" });
    expect(upstream.upstream.requests()).toEqual([]);
  });
});
