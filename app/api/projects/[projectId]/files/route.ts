import { requireProjectAccess } from "@/lib/auth/guards";
import { createEntryBodySchema, FILE_SIZE_LIMIT_BYTES } from "@/lib/files/contract";
import { createEntry } from "@/lib/files/service";
import { json, parseJson, route } from "@/lib/http/route";

export const POST = route<{ projectId: string }>("files", async (request, { projectId }) => {
  // JSON escaping can grow text up to 6×; the content limit itself is enforced on the decoded string.
  const body = await parseJson(request, createEntryBodySchema, { surface: "files", maxBytes: FILE_SIZE_LIMIT_BYTES * 6 });
  const access = await requireProjectAccess(projectId, "member", "files");
  return json(await createEntry(access, body), { status: 201 });
});
