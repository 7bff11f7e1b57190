import { randomUUID } from "node:crypto";

import { insertAssistantMessage } from "@/db/queries/sessions";
import type { EditProposal } from "@/lib/chat/proposals";
import { createSession } from "@/lib/chat/service";
import { createEntry } from "@/lib/files/service";

import { createTestProject, createTestUser, prepareTestDatabase } from "./database";
import { sessionCookie } from "./http";

export const FIXTURE_FILE = "docs/readme.md";
export const FIXTURE_BEFORE = "one\ntwo\nthree\nfour\nfive\n";
export const FIXTURE_AFTER = "one\nTWO\nthree\nfour\nFIVE\n";

/**
 * A signed-in owner with a workspace, a project holding one file, a session, and an AI turn that
 * proposed a two-hunk change to that file (what review decisions refer to).
 */
export async function createSecurityFixture() {
  await prepareTestDatabase();
  const owner = await createTestUser("owner");
  const other = await createTestUser("other");
  const access = await createTestProject(owner, "blank");
  const file = await createEntry(access, { path: FIXTURE_FILE, kind: "file", content: FIXTURE_BEFORE });
  const session = await createSession(access, "Fixture");
  const messageId = randomUUID();
  const proposals: EditProposal[] = [
    {
      toolCallId: "call-1",
      toolName: "write_file",
      files: [{ path: FIXTURE_FILE, before: FIXTURE_BEFORE, after: FIXTURE_AFTER, baseVersion: file.version }],
    },
  ];
  await insertAssistantMessage({
    id: messageId,
    sessionId: session.id,
    parts: [{ type: "text", text: "Edited." }],
    status: "complete",
    model: "test",
    meta: {},
    proposals,
    tokenCount: 1,
    title: null,
  });
  return {
    owner,
    cookie: await sessionCookie(owner.userId),
    fixture: {
      workspaceId: owner.workspaceId,
      projectId: access.projectId,
      sessionId: session.id,
      messageId,
      filePath: FIXTURE_FILE,
      fileVersion: file.version,
      otherEmail: other.email,
    },
  };
}
