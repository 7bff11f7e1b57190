import { requireProjectAccess } from "@/lib/auth/guards";
import { createEntryBodySchema, FILE_SIZE_LIMIT_BYTES } from "@/lib/files/contract";
import { createEntry } from "@/lib/files/service";
import { json, parseJson, route } from "@/lib/http/route";

export const POST = route<{ projectId: string }>("files", async (request, { projectId }) => {
  // Access first: nobody unknown gets up to 6 MiB buffered and parsed. JSON escaping can grow text up
  // to 6×; the content limit itself is enforced on the decoded string.
  const access = await requireProjectAccess(projectId, "file.write", "files");
  const body = await parseJson(request, createEntryBodySchema, { surface: "files", maxBytes: FILE_SIZE_LIMIT_BYTES * 6 });
  return json(await createEntry(access, body), { status: 201 });
});
