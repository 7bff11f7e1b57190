import { z } from "zod";

import type { Plan } from "@/db/enums";
import { emailSchema } from "@/lib/auth/credentials";

import { assignableRoles, workspaceRoleSchema, type Permissions, type WorkspaceRole } from "./roles";
import { slugSchema } from "./slug";

const nameSchema = z.string().trim().min(1, "Give the workspace a name.").max(80);

export const createWorkspaceBodySchema = z.object({ name: nameSchema }).strict();

export const updateWorkspaceBodySchema = z
  .object({ name: nameSchema.optional(), slug: slugSchema.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.slug !== undefined, "Change the name or the slug.");

export const deleteWorkspaceBodySchema = z.object({ confirmName: z.string().max(200) }).strict();

export const addMemberBodySchema = z.object({ email: emailSchema, role: workspaceRoleSchema }).strict();

export const changeRoleBodySchema = z.object({ role: workspaceRoleSchema }).strict();

export const transferBodySchema = z.object({ userId: z.uuid() }).strict();

export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 30;
export const INVITATION_MAX_USES = 1000;

const invitationRoleSchema = z.enum(assignableRoles);
const expiresInDaysSchema = z.number().int().min(1).max(INVITATION_MAX_DAYS).default(INVITATION_DEFAULT_DAYS);

export const createInvitationBodySchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("link"),
      role: invitationRoleSchema,
      maxUses: z.number().int().min(1).max(INVITATION_MAX_USES).default(1),
      expiresInDays: expiresInDaysSchema,
    })
    .strict(),
  z.object({ kind: z.literal("email"), role: invitationRoleSchema, email: emailSchema, expiresInDays: expiresInDaysSchema }).strict(),
]);
export type CreateInvitationBody = z.infer<typeof createInvitationBodySchema>;

/** 32 random bytes, base64url: what goes in an invitation URL. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid.");
export const acceptInvitationBodySchema = z.object({ token: invitationTokenSchema }).strict();

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  personal: boolean;
}

/** One row of the workspace switcher. */
export interface WorkspaceChoice extends WorkspaceSummary {
  plan: Plan;
  role: WorkspaceRole;
}

/** The workspace a page shows, with what the viewer's role may do there. */
export interface WorkspaceView extends WorkspaceChoice {
  permissions: Permissions;
}

export interface MemberSummary {
  userId: string;
  name: string | null;
  email: string | null;
  role: WorkspaceRole;
  joinedAt: string;
  lastActiveAt: string | null;
}

export interface InvitationSummary {
  id: string;
  role: WorkspaceRole;
  email: string | null;
  maxUses: number;
  uses: number;
  expiresAt: string;
  createdAt: string;
}

/** Answered once, at creation: the token is never stored or shown again. */
export interface CreatedInvitation extends InvitationSummary {
  path: string;
}

export const invitationProblems = ["not_found", "expired", "revoked", "used_up", "already_member", "wrong_email", "personal"] as const;
export type InvitationProblem = (typeof invitationProblems)[number];

export interface InvitationPreview {
  workspaceName: string;
  workspaceSlug: string;
  role: WorkspaceRole;
  invitedBy: string | null;
  email: string | null;
  expiresAt: string;
  problem: InvitationProblem | null;
}
