import { beforeAll, describe, expect, it } from "vitest";

import { addWorkspaceMember } from "@/db/queries/workspaces";
import { resolveProjectAccess, resolveWorkspaceAccess } from "@/lib/auth/access";
import { createSession } from "@/lib/chat/service";
import { AppError } from "@/lib/errors";
import { createProjectFromStarter } from "@/lib/projects/service";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { can, minimumRole, permissionsOf, workspaceActions } from "./roles";
import {
  changeMemberRole,
  createTeamWorkspace,
  deleteWorkspace,
  lastUsedWorkspaceSlug,
  listMembers,
  listWorkspaceChoices,
  recordWorkspaceVisit,
  removeMember,
  transferOwnership,
  updateWorkspace,
  type WorkspaceActor,
} from "./service";
import { slugSchema, workspaceSlug } from "./slug";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const actorOf = (userId: string, workspaceId: string) => resolveWorkspaceAccess({ userId, workspaceId, action: "workspace.read" });

let owner: { userId: string; email: string; workspaceId: string };
let second: { userId: string; email: string; workspaceId: string };

beforeAll(async () => {
  await prepareTestDatabase();
  owner = await createTestUser("ws-owner");
  second = await createTestUser("ws-second");
});

async function teamWithSecond(role: "admin" | "member" | "viewer" = "member"): Promise<WorkspaceActor> {
  const team = await createTeamWorkspace({ userId: owner.userId, name: "Service team" });
  await addWorkspaceMember({ workspaceId: team.id, userId: second.userId, role });
  return actorOf(owner.userId, team.id);
}

describe("the roles table", () => {
  it("orders every action by role: anything a role may do, every higher role may too", () => {
    const ladder = ["viewer", "member", "admin", "owner"] as const;
    for (const action of workspaceActions) {
      const allowed = ladder.map((role) => can(role, action));
      expect(allowed.indexOf(true), action).toBe(ladder.indexOf(minimumRole[action]));
      expect(allowed.slice(allowed.indexOf(true)).every(Boolean), action).toBe(true);
    }
    expect(permissionsOf("viewer")).toMatchObject({ "file.read": true, "file.write": false, "ai.use": false });
    expect(permissionsOf("member")).toMatchObject({ "project.delete": true, "ai.use": true, "session.share": true, "members.manage": false });
    expect(permissionsOf("admin")).toMatchObject({ "invitations.manage": true, "billing.manage": true, "workspace.delete": false });
    expect(permissionsOf("owner")).toMatchObject({ "workspace.transfer": true, "workspace.delete": true });
  });
});

describe("slugs", () => {
  it("are validated and unique", async () => {
    expect(slugSchema.safeParse("ok-team").success).toBe(true);
    for (const bad of ["a", "-x-", "has space", "UPPER_case!", "x".repeat(61)]) expect(slugSchema.safeParse(bad).success, bad).toBe(false);
    expect(slugSchema.parse(" My-Team ")).toBe("my-team");
    expect(slugSchema.safeParse(workspaceSlug("Ünïcode — Team!!", "ab12cd34")).success).toBe(true);
    const a = await teamWithSecond();
    const b = await teamWithSecond();
    const slug = `unique-${Date.now()}`;
    await updateWorkspace(a, { slug });
    expect((await failure(updateWorkspace(b, { slug }))).code).toBe("conflict:workspace");
    expect(await updateWorkspace(b, { name: "Renamed" })).toMatchObject({ name: "Renamed" });
  });
});

describe("members", () => {
  it("list name, email, role, joined and last active; the last visit is the last used workspace", async () => {
    const team = await teamWithSecond();
    await recordWorkspaceVisit({ workspaceId: team.workspaceId, userId: second.userId });
    const members = await listMembers(team);
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [second.email, "member"],
    ]);
    expect(members[1]?.lastActiveAt).not.toBeNull();
    expect(await lastUsedWorkspaceSlug(second.userId)).toBe(team.slug);
    await recordWorkspaceVisit({ workspaceId: second.workspaceId, userId: second.userId });
    const personal = (await listWorkspaceChoices(second.userId)).find((w) => w.personal);
    expect(await lastUsedWorkspaceSlug(second.userId)).toBe(personal?.slug);
  });

  it("an admin re-roles and removes members but not owners; the last owner stays", async () => {
    const team = await teamWithSecond("admin");
    const asAdmin = await actorOf(second.userId, team.workspaceId);
    expect((await failure(changeMemberRole(asAdmin, owner.userId, "viewer"))).code).toBe("forbidden:workspace");
    expect((await failure(removeMember(asAdmin, owner.userId))).code).toBe("forbidden:workspace");
    expect((await failure(changeMemberRole(team, owner.userId, "admin"))).code).toBe("conflict:workspace");
    expect((await failure(removeMember(team, owner.userId))).code).toBe("conflict:workspace");
  });

  it("concurrent demotions of two owners leave one owner", async () => {
    const team = await teamWithSecond("member");
    await changeMemberRole(team, second.userId, "owner");
    const asSecond = await actorOf(second.userId, team.workspaceId);
    const outcomes = await Promise.allSettled([changeMemberRole(team, second.userId, "admin"), changeMemberRole(asSecond, owner.userId, "admin")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(team)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("personal workspaces cannot be shared", async () => {
    const personal = await actorOf(owner.userId, owner.workspaceId);
    expect((await failure(transferOwnership(personal, second.userId))).code).toBe("bad_request:workspace");
    expect((await failure(deleteWorkspace(personal, "x"))).code).toBe("bad_request:workspace");
  });
});

describe("ownership", () => {
  it("transfers: the new owner is owner, the old one admin", async () => {
    const team = await teamWithSecond();
    await transferOwnership(team, second.userId);
    const roles = Object.fromEntries((await listMembers(team)).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.userId]: "admin", [second.userId]: "owner" });
    expect((await failure(transferOwnership(team, second.userId))).code).toBe("forbidden:workspace");
  });

  it("deletes the workspace with its projects and sessions, only with the exact name", async () => {
    const team = await teamWithSecond();
    const project = await createProjectFromStarter({ workspaceId: team.workspaceId, userId: owner.userId, name: "Doomed", starter: "typescript", maxProjects: Infinity });
    const access = await resolveProjectAccess({ userId: owner.userId, projectId: project.id, action: "project.read" });
    await createSession(access, "doomed session");
    expect((await failure(deleteWorkspace(team, "service team"))).code).toBe("bad_request:workspace");
    const asMember = await actorOf(second.userId, team.workspaceId);
    expect((await failure(deleteWorkspace(asMember, team.name))).code).toBe("forbidden:workspace");
    await deleteWorkspace(team, team.name);
    expect((await failure(resolveProjectAccess({ userId: owner.userId, projectId: project.id, action: "project.read" }))).code).toBe("not_found:project");
    expect((await listWorkspaceChoices(owner.userId)).some((w) => w.id === team.workspaceId)).toBe(false);
  });
});
