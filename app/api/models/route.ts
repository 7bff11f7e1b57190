import { z } from "zod";

import { listModelsForPicker } from "@/lib/ai/models";
import { requireProjectAccess, requireUser } from "@/lib/auth/guards";
import { json, parseQuery, route } from "@/lib/http/route";
import { listModelsForWorkspace } from "@/lib/provider-keys/models";

const querySchema = z.object({ projectId: z.uuid().optional() }).strict();

/** The model picker's list; with a project, as that project's workspace sees it (its own key, its plan's locks). */
export const GET = route("model", async (request) => {
  const { projectId } = parseQuery(request, querySchema, "model");
  if (!projectId) {
    await requireUser();
    return json(await listModelsForPicker());
  }
  return json(await listModelsForWorkspace(await requireProjectAccess(projectId, "project.read", "model")));
});
