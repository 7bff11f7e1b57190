/**
 * The security suite's table of mutating endpoints: each real route handler export, how to reach it
 * for the fixture's owner, a valid body, and the body's documented shape (the fuzz oracle, written
 * independently of the zod schemas the routes use).
 */
import * as chat from "@/app/api/chat/route";
import * as acceptInvitation from "@/app/api/invitations/accept/route";
import * as exportProject from "@/app/api/projects/[projectId]/export/route";
import * as projectFile from "@/app/api/projects/[projectId]/files/[...path]/route";
import * as projectFiles from "@/app/api/projects/[projectId]/files/route";
import * as project from "@/app/api/projects/[projectId]/route";
import * as projectSessions from "@/app/api/projects/[projectId]/sessions/route";
import * as importProject from "@/app/api/projects/import/route";
import * as tree from "@/app/api/projects/[projectId]/tree/route";
import * as projects from "@/app/api/projects/route";
import * as fork from "@/app/api/s/[token]/fork/route";
import * as restore from "@/app/api/sessions/[sessionId]/checkpoints/[messageId]/restore/route";
import * as review from "@/app/api/sessions/[sessionId]/review/route";
import * as sessionPatch from "@/app/api/sessions/[sessionId]/patch/route";
import * as session from "@/app/api/sessions/[sessionId]/route";
import * as share from "@/app/api/sessions/[sessionId]/shares/[shareId]/route";
import * as shares from "@/app/api/sessions/[sessionId]/shares/route";
import * as stopTurn from "@/app/api/sessions/[sessionId]/turns/[messageId]/stop/route";
import * as invitation from "@/app/api/workspaces/[workspaceId]/invitations/[invitationId]/route";
import * as invitations from "@/app/api/workspaces/[workspaceId]/invitations/route";
import * as member from "@/app/api/workspaces/[workspaceId]/members/[userId]/route";
import * as members from "@/app/api/workspaces/[workspaceId]/members/route";
import * as workspace from "@/app/api/workspaces/[workspaceId]/route";
import * as transfer from "@/app/api/workspaces/[workspaceId]/transfer/route";
import * as workspaces from "@/app/api/workspaces/route";
import * as stripeWebhook from "@/app/api/billing/stripe-webhook/route";
import * as billingCheckout from "@/app/api/workspaces/[workspaceId]/billing/checkout/route";
import * as billingPortal from "@/app/api/workspaces/[workspaceId]/billing/portal/route";
import * as providerKey from "@/app/api/workspaces/[workspaceId]/provider-key/route";

// Handlers differ only in their params type; the table stores them under one.
type AnyHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export type FieldType = "string" | "integer" | "string|null" | "integer|null" | "object";

export interface Fixture {
  workspaceId: string;
  projectId: string;
  sessionId: string;
  messageId: string;
  filePath: string;
  fileVersion: number;
  otherEmail: string;
  otherUserId: string;
  /** A team the owner owns and "other" is a member of: rename, invitations, role changes. */
  teamWorkspaceId: string;
  /** Throwaway team ("other" a member) for workspace delete and member removal. */
  scratchWorkspaceId: string;
  scratchWorkspaceName: string;
  /** Throwaway team ("other" a member) for ownership transfer, which a fuzzed success ends. */
  transferWorkspaceId: string;
  /** A pending email invitation into the team workspace. */
  invitationId: string;
  /** A link invitation into a team of "other"'s that the owner is not in. */
  invitationToken: string;
  /** A live share link of the fixture session. */
  shareId: string;
  shareToken: string;
}

export interface Endpoint {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  handler: AnyHandler;
  path: (f: Fixture) => string;
  params: (f: Fixture) => Record<string, unknown>;
  /** A valid body for the fixture; undefined for endpoints without a JSON body. */
  body?: (f: Fixture) => Record<string, unknown>;
  /** Documented body fields and their types; anything else in an accepted body is a finding. */
  fields?: Record<string, FieldType>;
}

const h = (handler: unknown) => handler as AnyHandler;

export const mutatingEndpoints: Endpoint[] = [
  {
    name: "POST /api/workspaces",
    method: "POST",
    handler: h(workspaces.POST),
    path: () => "/api/workspaces",
    params: () => ({}),
    body: () => ({ name: "Team" }),
    fields: { name: "string" },
  },
  {
    name: "POST /api/workspaces/:id/members",
    method: "POST",
    handler: h(members.POST),
    path: (f) => `/api/workspaces/${f.workspaceId}/members`,
    params: (f) => ({ workspaceId: f.workspaceId }),
    body: (f) => ({ email: f.otherEmail, role: "viewer" }),
    fields: { email: "string", role: "string" },
  },
  {
    name: "PATCH /api/workspaces/:id",
    method: "PATCH",
    handler: h(workspace.PATCH),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId }),
    body: () => ({ name: "Renamed team" }),
    fields: { name: "string", slug: "string" },
  },
  {
    name: "DELETE /api/workspaces/:id",
    method: "DELETE",
    handler: h(workspace.DELETE),
    path: (f) => `/api/workspaces/${f.scratchWorkspaceId}`,
    params: (f) => ({ workspaceId: f.scratchWorkspaceId }),
    // The real name: a refused cell would really have deleted the workspace.
    body: (f) => ({ confirmName: f.scratchWorkspaceName }),
    fields: { confirmName: "string" },
  },
  {
    name: "PATCH /api/workspaces/:id/members/:uid",
    method: "PATCH",
    handler: h(member.PATCH),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}/members/${f.otherUserId}`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId, userId: f.otherUserId }),
    body: () => ({ role: "viewer" }),
    fields: { role: "string" },
  },
  {
    name: "DELETE /api/workspaces/:id/members/:uid",
    method: "DELETE",
    handler: h(member.DELETE),
    path: (f) => `/api/workspaces/${f.scratchWorkspaceId}/members/${f.otherUserId}`,
    params: (f) => ({ workspaceId: f.scratchWorkspaceId, userId: f.otherUserId }),
  },
  {
    name: "POST /api/workspaces/:id/invitations",
    method: "POST",
    handler: h(invitations.POST),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}/invitations`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId }),
    body: () => ({ kind: "link", role: "member", maxUses: 5, expiresInDays: 7 }),
    fields: { kind: "string", role: "string", maxUses: "integer", expiresInDays: "integer", email: "string" },
  },
  {
    name: "DELETE /api/workspaces/:id/invitations/:iid",
    method: "DELETE",
    handler: h(invitation.DELETE),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}/invitations/${f.invitationId}`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId, invitationId: f.invitationId }),
  },
  {
    name: "POST /api/workspaces/:id/transfer",
    method: "POST",
    handler: h(transfer.POST),
    path: (f) => `/api/workspaces/${f.transferWorkspaceId}/transfer`,
    params: (f) => ({ workspaceId: f.transferWorkspaceId }),
    body: (f) => ({ userId: f.otherUserId }),
    fields: { userId: "string" },
  },
  {
    name: "POST /api/workspaces/:id/billing/checkout",
    method: "POST",
    handler: h(billingCheckout.POST),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}/billing/checkout`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId }),
    body: () => ({ plan: "team", seats: 3 }),
    fields: { plan: "string", seats: "integer" },
  },
  {
    name: "POST /api/workspaces/:id/billing/portal",
    method: "POST",
    handler: h(billingPortal.POST),
    path: (f) => `/api/workspaces/${f.teamWorkspaceId}/billing/portal`,
    params: (f) => ({ workspaceId: f.teamWorkspaceId }),
  },
  {
    // No cookie and no Origin in real use: its auth is the Stripe-Signature over the raw body.
    name: "POST /api/billing/stripe-webhook",
    method: "POST",
    handler: h(stripeWebhook.POST),
    path: () => "/api/billing/stripe-webhook",
    params: () => ({}),
  },
  {
    name: "PUT /api/workspaces/:id/provider-key",
    method: "PUT",
    handler: h(providerKey.PUT),
    path: (f) => `/api/workspaces/${f.workspaceId}/provider-key`,
    params: (f) => ({ workspaceId: f.workspaceId }),
    body: () => ({ apiKey: "csk-fixture-key-0000" }),
    fields: { apiKey: "string" },
  },
  {
    name: "DELETE /api/workspaces/:id/provider-key",
    method: "DELETE",
    handler: h(providerKey.DELETE),
    path: (f) => `/api/workspaces/${f.workspaceId}/provider-key`,
    params: (f) => ({ workspaceId: f.workspaceId }),
  },
  {
    name: "POST /api/invitations/accept",
    method: "POST",
    handler: h(acceptInvitation.POST),
    path: () => "/api/invitations/accept",
    params: () => ({}),
    body: (f) => ({ token: f.invitationToken }),
    fields: { token: "string" },
  },
  {
    name: "POST /api/projects",
    method: "POST",
    handler: h(projects.POST),
    path: () => "/api/projects",
    params: () => ({}),
    body: (f) => ({ workspaceId: f.workspaceId, name: "P", starter: "blank" }),
    fields: { workspaceId: "string", name: "string", starter: "string" },
  },
  {
    name: "PATCH /api/projects/:id",
    method: "PATCH",
    handler: h(project.PATCH),
    path: (f) => `/api/projects/${f.projectId}`,
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ name: "Renamed" }),
    fields: { name: "string" },
  },
  {
    name: "DELETE /api/projects/:id",
    method: "DELETE",
    handler: h(project.DELETE),
    path: (f) => `/api/projects/${f.projectId}`,
    params: (f) => ({ projectId: f.projectId }),
  },
  {
    name: "POST /api/projects/:id/files",
    method: "POST",
    handler: h(projectFiles.POST),
    path: (f) => `/api/projects/${f.projectId}/files`,
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ path: "notes/new.txt", kind: "file", content: "hello" }),
    fields: { path: "string", kind: "string", content: "string" },
  },
  {
    name: "PUT /api/projects/:id/files/*",
    method: "PUT",
    handler: h(projectFile.PUT),
    path: (f) => `/api/projects/${f.projectId}/files/${f.filePath}`,
    params: (f) => ({ projectId: f.projectId, path: f.filePath.split("/") }),
    body: (f) => ({ content: "saved", baseVersion: f.fileVersion }),
    fields: { content: "string", baseVersion: "integer" },
  },
  {
    name: "PATCH /api/projects/:id/files/*",
    method: "PATCH",
    handler: h(projectFile.PATCH),
    path: (f) => `/api/projects/${f.projectId}/files/${f.filePath}`,
    params: (f) => ({ projectId: f.projectId, path: f.filePath.split("/") }),
    body: () => ({ newPath: "moved/readme.md" }),
    fields: { newPath: "string" },
  },
  {
    name: "DELETE /api/projects/:id/files/*",
    method: "DELETE",
    handler: h(projectFile.DELETE),
    path: (f) => `/api/projects/${f.projectId}/files/${f.filePath}`,
    params: (f) => ({ projectId: f.projectId, path: f.filePath.split("/") }),
  },
  {
    name: "POST /api/projects/:id/sessions",
    method: "POST",
    handler: h(projectSessions.POST),
    path: (f) => `/api/projects/${f.projectId}/sessions`,
    params: (f) => ({ projectId: f.projectId }),
    body: () => ({ title: "S" }),
    fields: { title: "string" },
  },
  {
    name: "PATCH /api/sessions/:id",
    method: "PATCH",
    handler: h(session.PATCH),
    path: (f) => `/api/sessions/${f.sessionId}`,
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ title: "Renamed" }),
    fields: { title: "string" },
  },
  {
    name: "DELETE /api/sessions/:id",
    method: "DELETE",
    handler: h(session.DELETE),
    path: (f) => `/api/sessions/${f.sessionId}`,
    params: (f) => ({ sessionId: f.sessionId }),
  },
  {
    name: "POST /api/sessions/:id/review",
    method: "POST",
    handler: h(review.POST),
    path: (f) => `/api/sessions/${f.sessionId}/review`,
    params: (f) => ({ sessionId: f.sessionId }),
    body: (f) => ({ messageId: f.messageId, path: f.filePath, decisions: {} }),
    fields: { messageId: "string", path: "string", decisions: "object", write: "object" },
  },
  {
    name: "POST /api/sessions/:id/shares",
    method: "POST",
    handler: h(shares.POST),
    path: (f) => `/api/sessions/${f.sessionId}/shares`,
    params: (f) => ({ sessionId: f.sessionId }),
    body: () => ({ label: "For review", expiresInDays: 7 }),
    fields: { label: "string", expiresInDays: "integer|null" },
  },
  {
    name: "DELETE /api/sessions/:id/shares/:sid",
    method: "DELETE",
    handler: h(share.DELETE),
    path: (f) => `/api/sessions/${f.sessionId}/shares/${f.shareId}`,
    params: (f) => ({ sessionId: f.sessionId, shareId: f.shareId }),
  },
  {
    name: "POST /api/s/:token/fork",
    method: "POST",
    handler: h(fork.POST),
    path: (f) => `/api/s/${f.shareToken}/fork`,
    params: (f) => ({ token: f.shareToken }),
    body: (f) => ({ workspaceId: f.workspaceId }),
    fields: { workspaceId: "string" },
  },
  {
    name: "POST /api/sessions/:id/checkpoints/:mid/restore",
    method: "POST",
    handler: h(restore.POST),
    path: (f) => `/api/sessions/${f.sessionId}/checkpoints/${f.messageId}/restore`,
    params: (f) => ({ sessionId: f.sessionId, messageId: f.messageId }),
  },
  {
    name: "POST /api/sessions/:id/turns/:mid/stop",
    method: "POST",
    handler: h(stopTurn.POST),
    path: (f) => `/api/sessions/${f.sessionId}/turns/${f.messageId}/stop`,
    params: (f) => ({ sessionId: f.sessionId, messageId: f.messageId }),
  },
  {
    name: "POST /api/chat",
    method: "POST",
    handler: h(chat.POST),
    path: () => "/api/chat",
    params: () => ({}),
    // A random session: the body parses, access fails; the suite never calls the model.
    body: () => ({ sessionId: crypto.randomUUID(), message: { id: crypto.randomUUID(), text: "hi" } }),
    fields: { sessionId: "string", model: "string", message: "object", replaceFromMessageId: "string", regenerateMessageId: "string", context: "object" },
  },
  {
    name: "POST /api/projects/import",
    method: "POST",
    handler: h(importProject.POST),
    path: (f) => `/api/projects/import?workspaceId=${f.workspaceId}&name=Imported`,
    params: () => ({}),
  },
];

/** Reads with path params: fuzzed for 5xx and for answering about anything but the fixture's own ids. */
export const readEndpoints: Endpoint[] = [
  {
    name: "GET /api/projects/:id/files/*",
    method: "GET",
    handler: h(projectFile.GET),
    path: (f) => `/api/projects/${f.projectId}/files/${f.filePath}`,
    params: (f) => ({ projectId: f.projectId, path: f.filePath.split("/") }),
  },
  {
    name: "GET /api/projects/:id/tree",
    method: "GET",
    handler: h(tree.GET),
    path: (f) => `/api/projects/${f.projectId}/tree`,
    params: (f) => ({ projectId: f.projectId }),
  },
  {
    name: "GET /api/projects/:id/export",
    method: "GET",
    handler: h(exportProject.GET),
    path: (f) => `/api/projects/${f.projectId}/export`,
    params: (f) => ({ projectId: f.projectId }),
  },
  {
    name: "GET /api/projects/:id/sessions",
    method: "GET",
    handler: h(projectSessions.GET),
    path: (f) => `/api/projects/${f.projectId}/sessions`,
    params: (f) => ({ projectId: f.projectId }),
  },
  {
    name: "GET /api/sessions/:id",
    method: "GET",
    handler: h(session.GET),
    path: (f) => `/api/sessions/${f.sessionId}`,
    params: (f) => ({ sessionId: f.sessionId }),
  },
  {
    name: "GET /api/sessions/:id/patch",
    method: "GET",
    handler: h(sessionPatch.GET),
    path: (f) => `/api/sessions/${f.sessionId}/patch`,
    params: (f) => ({ sessionId: f.sessionId }),
  },
];
