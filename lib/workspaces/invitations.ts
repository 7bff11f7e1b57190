import "server-only";

import { createHash, randomBytes } from "node:crypto";

import { getUserByEmail, getUserById, hitRateLimitBucketByKey } from "@/db/queries/auth";
import {
  consumeInvitationUse,
  getInvitationByTokenHash,
  insertInvitation,
  listPendingInvitationsByWorkspaceId,
  revokeInvitationById,
  type InvitationRow,
  type InvitationWithWorkspace,
} from "@/db/queries/invitations";
import { getWorkspaceMembershipByUserId, insertWorkspaceMemberIfAbsent } from "@/db/queries/workspaces";
import { inTransaction } from "@/db/transaction";
import { assertSeatAvailable, assertSeatFree } from "@/lib/billing/seats";
import { AppError } from "@/lib/errors";

import type {
  CreateInvitationBody,
  CreatedInvitation,
  InvitationPreview,
  InvitationProblem,
  InvitationSummary,
  WorkspaceSummary,
} from "./contract";
import type { WorkspaceActor } from "./service";

/** Invitations a workspace may create per hour, counted in Postgres so every instance shares it. */
export const INVITATIONS_PER_HOUR = 20;
const RATE_WINDOW_SECONDS = 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 256 bits from the CSPRNG, independent of any row id. */
export const newInvitationToken = () => randomBytes(32).toString("base64url");
export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const invitationPath = (token: string) => `/invite/${token}`;

const summaryOf = (row: InvitationRow): InvitationSummary => ({
  id: row.id,
  role: row.role,
  email: row.email,
  maxUses: row.maxUses,
  uses: row.uses,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

export async function createInvitation(actor: WorkspaceActor, body: CreateInvitationBody): Promise<CreatedInvitation> {
  if (actor.personal) throw new AppError("bad_request:invitation", { message: "Personal workspaces cannot be shared. Create a team workspace." });
  if (body.kind === "email") {
    const existing = await getUserByEmail({ email: body.email });
    if (existing && (await getWorkspaceMembershipByUserId({ workspaceId: actor.workspaceId, userId: existing.id }))) {
      throw new AppError("conflict:invitation", { message: "That person is already a member." });
    }
  }
  await assertSeatFree(undefined, actor.workspaceId);
  const sent = await hitRateLimitBucketByKey({ key: `invitations:workspace:${actor.workspaceId}`, windowSeconds: RATE_WINDOW_SECONDS });
  if (sent > INVITATIONS_PER_HOUR) {
    throw new AppError("rate_limit:invitation", {
      message: `This workspace created ${INVITATIONS_PER_HOUR} invitations in the last hour. Try again later.`,
      retryAfterSeconds: RATE_WINDOW_SECONDS,
    });
  }
  const token = newInvitationToken();
  const row = await insertInvitation({
    workspaceId: actor.workspaceId,
    role: body.role,
    tokenHash: hashInvitationToken(token),
    email: body.kind === "email" ? body.email : null,
    maxUses: body.kind === "email" ? 1 : body.maxUses,
    expiresAt: new Date(Date.now() + body.expiresInDays * DAY_MS),
    createdBy: actor.userId,
  });
  return { ...summaryOf(row), path: invitationPath(token) };
}

export async function listPendingInvitations(actor: WorkspaceActor): Promise<InvitationSummary[]> {
  return (await listPendingInvitationsByWorkspaceId({ workspaceId: actor.workspaceId })).map(summaryOf);
}

export async function revokeInvitation(actor: WorkspaceActor, invitationId: string): Promise<void> {
  if (!(await revokeInvitationById({ workspaceId: actor.workspaceId, invitationId }))) throw new AppError("not_found:invitation");
}

function stateProblem(invitation: InvitationRow, now = Date.now()): InvitationProblem | null {
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt.getTime() <= now) return "expired";
  if (invitation.uses >= invitation.maxUses) return "used_up";
  return null;
}

async function problemFor(invitation: InvitationWithWorkspace, userId: string): Promise<InvitationProblem | null> {
  if (invitation.personal) return "personal";
  if (await getWorkspaceMembershipByUserId({ workspaceId: invitation.workspaceId, userId })) return "already_member";
  const problem = stateProblem(invitation);
  if (problem) return problem;
  if (invitation.email) {
    const user = await getUserById({ id: userId });
    if (user?.email?.toLowerCase() !== invitation.email.toLowerCase()) return "wrong_email";
  }
  return null;
}

async function findInvitation(token: string): Promise<InvitationWithWorkspace | null> {
  return getInvitationByTokenHash({ tokenHash: hashInvitationToken(token) });
}

/** What the invitation page shows: never throws for a bad, old or used invitation. */
export async function previewInvitation(token: string, userId: string): Promise<InvitationPreview | null> {
  const invitation = await findInvitation(token);
  if (!invitation) return null;
  return {
    workspaceName: invitation.workspaceName,
    workspaceSlug: invitation.workspaceSlug,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    email: invitation.email,
    expiresAt: invitation.expiresAt.toISOString(),
    problem: await problemFor(invitation, userId),
  };
}

export const invitationProblemMessages: Record<InvitationProblem, string> = {
  not_found: "This invitation link is not valid. Ask for a new one.",
  expired: "This invitation has expired. Ask an admin of the workspace for a new one.",
  revoked: "This invitation was revoked. Ask an admin of the workspace for a new one.",
  used_up: "This invitation has already been used. Ask an admin of the workspace for a new one.",
  already_member: "You are already a member of this workspace.",
  wrong_email: "This invitation was sent to another email address. Sign in with that address to accept it.",
  personal: "Personal workspaces cannot be shared.",
};

function problemError(problem: InvitationProblem): AppError {
  const type = problem === "not_found" ? "not_found" : problem === "wrong_email" ? "forbidden" : "conflict";
  return new AppError(`${type}:invitation`, { message: invitationProblemMessages[problem], details: { problem } });
}

/**
 * Joins the workspace: the membership insert and the use are one transaction, and the use is a
 * conditional UPDATE, so a single-use link accepted twice at once lets exactly one person in.
 */
export async function acceptInvitation(token: string, userId: string): Promise<WorkspaceSummary> {
  const invitation = await findInvitation(token);
  if (!invitation) throw problemError("not_found");
  const problem = await problemFor(invitation, userId);
  if (problem) throw problemError(problem);
  await inTransaction(async (tx) => {
    await assertSeatAvailable({ executor: tx, workspaceId: invitation.workspaceId });
    const added = await insertWorkspaceMemberIfAbsent({ executor: tx, workspaceId: invitation.workspaceId, userId, role: invitation.role });
    if (!added) throw problemError("already_member");
    if (!(await consumeInvitationUse({ executor: tx, invitationId: invitation.id }))) {
      throw problemError(stateProblem({ ...invitation, uses: invitation.maxUses }) ?? "used_up");
    }
  });
  return { id: invitation.workspaceId, slug: invitation.workspaceSlug, name: invitation.workspaceName, personal: false };
}
