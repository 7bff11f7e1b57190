import "server-only";

import { notFound, redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";

import { getSessionUserByGeneration } from "@/db/queries/auth";
import { env } from "@/lib/env";
import { AppError, type ErrorSurface } from "@/lib/errors";
import { requestHeaders } from "@/lib/http/request-context";
import type { ProjectAccess } from "@/lib/projects/access";
import type { WorkspaceAction } from "@/lib/workspaces/roles";

import { resolveProjectAccess, resolveSessionAccess, resolveWorkspaceAccess, resolveWorkspaceAccessBySlug, type WorkspaceAccess } from "./access";
import { tokenSessionGeneration } from "./session-generation";
import { decodeCached } from "./token-cache";

export interface SessionUser {
  userId: string;
  email: string | null;
  name: string | null;
}

const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is calling, from the session cookie: one authenticated decryption of the JWT, then one primary
 * key lookup that the session was not ended since (sign-out, password change, account deleted).
 * `auth()` would run Auth.js's whole session endpoint and re-encrypt a rolled cookie on every API
 * call, which sits before a chat answer's first token; page views roll the cookie instead (proxy.ts).
 */
export async function currentUser(): Promise<SessionUser | null> {
  const claims = await sessionClaims();
  if (!claims) return null;
  const current = await getSessionUserByGeneration({ userId: claims.userId, generation: claims.generation });
  if (!current) return null;
  return { userId: claims.userId, name: current.name, email: current.email };
}

/**
 * The session token's claims, NOT yet checked against the database: for the one caller (the chat)
 * that checks the generation inside its own single access query instead of a separate lookup.
 */
export async function requireSessionClaims(): Promise<SessionUser & { generation: number }> {
  const claims = await sessionClaims();
  if (!claims) throw new AppError("unauthorized:auth");
  return claims;
}

async function sessionClaims(): Promise<(SessionUser & { generation: number }) | null> {
  const headers = await requestHeaders();
  const token = await getToken({
    req: { headers },
    secret: env().AUTH_SECRET,
    decode: decodeCached,
    // Auth.js names the cookie by the scheme it was set over; a browser only sends this one over HTTPS.
    secureCookie: (headers.get("cookie") ?? "").includes(SECURE_SESSION_COOKIE),
  });
  const id = token?.sub;
  if (!id || !uuidPattern.test(id)) return null;
  return {
    userId: id,
    email: typeof token.email === "string" ? token.email : null,
    name: typeof token.name === "string" ? token.name : null,
    generation: tokenSessionGeneration(token),
  };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized:auth");
  return user;
}

/**
 * The session gives identity only; access comes from lib/auth/access, read fresh per request.
 */
export async function requireProjectAccess(
  projectId: string,
  action: WorkspaceAction,
  surface: ErrorSurface = "project",
): Promise<ProjectAccess> {
  const user = await requireUser();
  return resolveProjectAccess({ userId: user.userId, projectId, action, surface });
}

export async function requireWorkspaceAccess(
  workspaceId: string,
  action: WorkspaceAction,
): Promise<WorkspaceAccess> {
  const user = await requireUser();
  return resolveWorkspaceAccess({ userId: user.userId, workspaceId, action });
}

/** For pages: anonymous → sign-in, not a member → 404. */
export async function requirePageUser(callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}

export async function requireProjectPage(projectId: string): Promise<ProjectAccess> {
  const user = await requirePageUser(`/p/${projectId}`);
  try {
    return await resolveProjectAccess({ userId: user.userId, projectId, action: "project.read" });
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}

/** For /w/[slug] pages: anonymous → sign-in, not a member → 404, role too low → 404 as well (pages only read). */
export async function requireWorkspacePage(
  slug: string,
  action: WorkspaceAction,
  callbackPath: string,
): Promise<WorkspaceAccess> {
  const user = await requirePageUser(callbackPath);
  try {
    return await resolveWorkspaceAccessBySlug({ userId: user.userId, slug, action });
  } catch (error) {
    if (error instanceof AppError && (error.type === "not_found" || error.type === "forbidden")) notFound();
    throw error;
  }
}

export async function requireSessionAccess(sessionId: string, action: WorkspaceAction) {
  const user = await requireUser();
  return resolveSessionAccess({ userId: user.userId, sessionId, action });
}
