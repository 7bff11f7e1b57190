import { requireProjectAccess } from "@/lib/auth/guards";
import type { TreeResponse } from "@/lib/files/contract";
import { listTree } from "@/lib/files/service";
import { json, route } from "@/lib/http/route";

export const GET = route<{ projectId: string }>("files", async (_request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "file.read", "files");
  const body: TreeResponse = { entries: await listTree(access) };
  return json(body);
});
