import { randomBytes, randomUUID } from "node:crypto";

import { database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createUser } from "@/db/queries/auth";
import { insertAssistantMessage, insertUserMessage } from "@/db/queries/sessions";
import { addWorkspaceMember } from "@/db/queries/workspaces";
import type { WorkspaceRole } from "@/db/enums";
import { resolveProjectAccess } from "@/lib/auth/access";
import type { ProjectAccess } from "@/lib/projects/access";
import { createProjectFromStarter } from "@/lib/projects/service";
import type { ProjectStarter } from "@/lib/projects/starters";
import { createPersonalWorkspace } from "@/lib/workspaces/service";

/** Call in beforeAll of data tests. Postgres was migrated by the global setup; PGlite is per file. */
export async function prepareTestDatabase(): Promise<void> {
  const handle = database();
  if (handle.driver === "pglite") await migrateDatabase(handle);
}

export async function createTestUser(label = "user"): Promise<{ userId: string; email: string; workspaceId: string }> {
  const email = `${label}-${randomBytes(5).toString("hex")}@example.test`;
  const user = await createUser({ email, name: label, passwordHash: null });
  if (!user) throw new Error("test user email collided");
  const workspace = await createPersonalWorkspace({ userId: user.id, displayName: label });
  return { userId: user.id, email, workspaceId: workspace.id };
}

export async function createTestProject(
  owner: { userId: string; workspaceId: string },
  starter: ProjectStarter = "typescript",
): Promise<ProjectAccess> {
  const project = await createProjectFromStarter({ workspaceId: owner.workspaceId, userId: owner.userId, name: `Test ${starter}`, starter, maxProjects: Infinity });
  return resolveProjectAccess({ userId: owner.userId, projectId: project.id, action: "project.read" });
}

/** Adds `userId` to the project's workspace with `role` and returns that member's access. */
export async function joinProject(project: ProjectAccess, userId: string, role: WorkspaceRole): Promise<ProjectAccess> {
  await addWorkspaceMember({ workspaceId: project.workspaceId, userId, role });
  return resolveProjectAccess({ userId, projectId: project.projectId, action: "project.read" });
}

/** `count` stored exchanges ("question i", "answer i"), oldest first; returns their ids in that order. */
export async function seedExchanges({
  sessionId,
  userId,
  count,
  questionTokens = 10,
  answerTokens = 10,
}: {
  sessionId: string;
  userId: string;
  count: number;
  questionTokens?: number;
  answerTokens?: number;
}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [question, answer] = [randomUUID(), randomUUID()];
    ids.push(question, answer);
    await insertUserMessage({ id: question, sessionId, parts: [{ type: "text", text: `question ${i}` }], tokenCount: questionTokens, createdBy: userId, meta: {} });
    await insertAssistantMessage({ id: answer, sessionId, parts: [{ type: "text", text: `answer ${i}` }], status: "complete", model: "m", meta: {}, proposals: null, tokenCount: answerTokens, title: null });
  }
  return ids;
}
