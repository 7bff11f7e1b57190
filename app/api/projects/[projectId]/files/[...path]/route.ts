import { requireProjectAccess } from "@/lib/auth/guards";
import { FILE_SIZE_LIMIT_BYTES, moveEntryBodySchema, saveFileBodySchema } from "@/lib/files/contract";
import { deleteEntry, moveEntry, readFile, saveFile } from "@/lib/files/service";
import { json, parseJson, route } from "@/lib/http/route";

type Params = { projectId: string; path: string[] };

export const GET = route<Params>("files", async (_request, { projectId, path }) => {
  const access = await requireProjectAccess(projectId, "file.read", "files");
  return json(await readFile(access, path.join("/")));
});

export const PUT = route<Params>("files", async (request, { projectId, path }) => {
  // Access first: nobody unknown gets up to 6 MiB buffered and parsed. JSON escaping can grow text up
  // to 6×; the content limit itself is enforced on the decoded string.
  const access = await requireProjectAccess(projectId, "file.write", "files");
  const body = await parseJson(request, saveFileBodySchema, { surface: "files", maxBytes: FILE_SIZE_LIMIT_BYTES * 6 });
  return json(await saveFile(access, path.join("/"), body));
});

export const PATCH = route<Params>("files", async (request, { projectId, path }) => {
  const access = await requireProjectAccess(projectId, "file.write", "files");
  const body = await parseJson(request, moveEntryBodySchema, { surface: "files" });
  return json(await moveEntry(access, path.join("/"), body.newPath));
});

export const DELETE = route<Params>("files", async (_request, { projectId, path }) => {
  const access = await requireProjectAccess(projectId, "file.write", "files");
  await deleteEntry(access, path.join("/"));
  return new Response(null, { status: 204 });
});
