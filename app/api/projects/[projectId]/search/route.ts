import { requireProjectAccess } from "@/lib/auth/guards";
import { json, parseQuery, route } from "@/lib/http/route";
import { searchOptionsOf, searchQuerySchema } from "@/lib/search/contract";
import { searchProject } from "@/lib/search/service";

/** Read-only: a replace preview computes text for the client's review and writes nothing. */
export const GET = route<{ projectId: string }>("files", async (request, { projectId }) => {
  const query = parseQuery(request, searchQuerySchema, "files");
  const access = await requireProjectAccess(projectId, "file.read", "files");
  return json(await searchProject(access, searchOptionsOf(query), query.replace));
});
