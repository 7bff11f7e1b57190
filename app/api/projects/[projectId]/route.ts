import { requireProjectAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { renameProjectBodySchema } from "@/lib/projects/contract";
import { deleteProject, renameProject } from "@/lib/projects/service";

type Params = { projectId: string };

export const PATCH = route<Params>("project", async (request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "project.edit");
  const body = await parseJson(request, renameProjectBodySchema, { surface: "project" });
  await renameProject(access, body.name);
  return json({ id: projectId, name: body.name });
});

export const DELETE = route<Params>("project", async (_request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "project.delete");
  await deleteProject(access);
  return new Response(null, { status: 204 });
});
