import { randomUUID } from "node:crypto";

import { insertAssistantMessage } from "@/db/queries/sessions";
import { addWorkspaceMember } from "@/db/queries/workspaces";
import { resolveSessionAccess, resolveWorkspaceAccess } from "@/lib/auth/access";
import type { EditProposal } from "@/lib/chat/proposals";
import { createSession } from "@/lib/chat/service";
import { createEntry } from "@/lib/files/service";
import { createShareLink } from "@/lib/shares/service";
import { createInvitation } from "@/lib/workspaces/invitations";
import { createTeamWorkspace } from "@/lib/workspaces/service";

import { createTestProject, createTestUser, prepareTestDatabase } from "./database";
import { sessionCookie } from "./http";

export const FIXTURE_FILE = "docs/readme.md";
export const FIXTURE_BEFORE = "one\ntwo\nthree\nfour\nfive\n";
export const FIXTURE_AFTER = "one\nTWO\nthree\nfour\nFIVE\n";

/**
 * A signed-in owner with a workspace, a project holding one file, a session, and an AI turn that
 * proposed a two-hunk change to that file (what review decisions refer to). Team routes get a team
 * workspace shared with "other" and a pending invitation; destructive ones (workspace delete, member
 * removal, ownership transfer) get their own throwaway team workspaces so a success cannot break
 * other cells. Sharing gets a live share link, and accepting gets a link invitation into a team the
 * owner is not in (so a cross-origin accept would really write).
 */
export async function createSecurityFixture() {
  // Workspace keys are checked against the provider before saving: a closed local port, so no fuzzed key ever leaves the machine.
  process.env.BYOK_ALLOWED_BASE_URLS = "http://127.0.0.1:9/v1";
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

  // createTeamWorkspace makes its creator the owner.
  const team = async (userId: string, name: string, member?: string) => {
    const workspace = await createTeamWorkspace({ userId, name });
    if (member) await addWorkspaceMember({ workspaceId: workspace.id, userId: member, role: "member" });
    return workspace;
  };
  const teamWorkspace = await team(owner.userId, "Fixture team", other.userId);
  const scratchWorkspace = await team(owner.userId, "Scratch team", other.userId);
  const transferWorkspace = await team(owner.userId, "Transfer team", other.userId);
  const ownerActor = await resolveWorkspaceAccess({ userId: owner.userId, workspaceId: teamWorkspace.id, action: "invitations.manage" });
  const invitation = await createInvitation(ownerActor, { kind: "email", role: "viewer", email: "invitee@example.test", expiresInDays: 7 });
  const othersTeam = await team(other.userId, "Other's team");
  const otherActor = await resolveWorkspaceAccess({ userId: other.userId, workspaceId: othersTeam.id, action: "invitations.manage" });
  const invite = await createInvitation(otherActor, { kind: "link", role: "viewer", maxUses: 1000, expiresInDays: 7 });
  const sessionAccess = await resolveSessionAccess({ userId: owner.userId, sessionId: session.id, action: "session.share" });
  const share = await createShareLink(sessionAccess, { label: "Fixture", expiresInDays: null });
  const tokenOf = (path: string) => path.split("/").pop()!;

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
      otherUserId: other.userId,
      teamWorkspaceId: teamWorkspace.id,
      scratchWorkspaceId: scratchWorkspace.id,
      scratchWorkspaceName: scratchWorkspace.name,
      transferWorkspaceId: transferWorkspace.id,
      invitationId: invitation.id,
      invitationToken: tokenOf(invite.path),
      shareId: share.id,
      shareToken: tokenOf(share.path),
    },
  };
}
