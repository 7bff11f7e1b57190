import "server-only";

import { randomBytes } from "node:crypto";

import type { Executor } from "@/db/client";
import { getUserByEmail } from "@/db/queries/auth";
import {
  addWorkspaceMember,
  createWorkspace,
  upsertWorkspaceMember,
  type WorkspaceMembership,
  type WorkspaceRow,
} from "@/db/queries/workspaces";
import { inTransaction } from "@/db/transaction";
import { AppError } from "@/lib/errors";

import type { WorkspaceSummary } from "./contract";
import type { WorkspaceRole } from "./roles";
import { workspaceSlug } from "./slug";

const newSlug = (name: string) => workspaceSlug(name, randomBytes(4).toString("hex"));

export async function createPersonalWorkspace({
  executor,
  userId,
  displayName,
}: {
  executor?: Executor;
  userId: string;
  displayName: string;
}): Promise<WorkspaceRow> {
  const workspace = await createWorkspace({ executor, slug: newSlug(displayName), name: `${displayName}'s workspace`, personal: true });
  await addWorkspaceMember({ executor, workspaceId: workspace.id, userId, role: "owner" });
  return workspace;
}

export async function createTeamWorkspace({ userId, name }: { userId: string; name: string }): Promise<WorkspaceSummary> {
  return inTransaction(async (tx) => {
    const workspace = await createWorkspace({ executor: tx, slug: newSlug(name), name, personal: false });
    await addWorkspaceMember({ executor: tx, workspaceId: workspace.id, userId, role: "owner" });
    return { id: workspace.id, slug: workspace.slug, name: workspace.name, personal: workspace.personal };
  });
}

/** Only an owner hands out ownership; personal workspaces stay single-member. */
export async function addMemberByEmail(
  actor: WorkspaceMembership & { userId: string },
  { email, role }: { email: string; role: WorkspaceRole },
): Promise<{ userId: string; role: WorkspaceRole }> {
  if (actor.personal) throw new AppError("bad_request:workspace", { message: "Personal workspaces cannot be shared. Create a team workspace." });
  if (role === "owner" && actor.role !== "owner") throw new AppError("forbidden:workspace", { message: "Only an owner can add owners." });
  const user = await getUserByEmail({ email });
  if (!user) throw new AppError("not_found:workspace", { message: "No Wafer account uses that email. Ask them to sign up first." });
  if (user.id === actor.userId) throw new AppError("bad_request:workspace", { message: "You cannot change your own role." });
  await upsertWorkspaceMember({ workspaceId: actor.workspaceId, userId: user.id, role });
  return { userId: user.id, role };
}
