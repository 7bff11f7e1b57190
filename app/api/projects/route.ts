import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { createProjectBodySchema } from "@/lib/projects/contract";
import { createProjectFromStarter } from "@/lib/projects/service";

export const POST = route("project", async (request) => {
  const body = await parseJson(request, createProjectBodySchema, { surface: "project" });
  const membership = await requireWorkspaceAccess(body.workspaceId, "project.create");
  const project = await createProjectFromStarter({ ...body, userId: membership.userId, maxProjects: membership.entitlements.maxProjects });
  return json(project, { status: 201 });
});
