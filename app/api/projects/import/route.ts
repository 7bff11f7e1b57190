import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { json, parseQuery, readBody, route } from "@/lib/http/route";
import { importProjectFieldsSchema } from "@/lib/projects/contract";
import { importProjectFromZip } from "@/lib/projects/service";
import { ZIP_UPLOAD_LIMIT_BYTES } from "@/lib/projects/zip";

/** The archive is the raw body (application/zip); workspace and name travel in the query string. */
export const POST = route("zip", async (request) => {
  const fields = parseQuery(request, importProjectFieldsSchema, "zip");
  const membership = await requireWorkspaceAccess(fields.workspaceId, "project.create");
  const archive = Buffer.from(await readBody(request, ZIP_UPLOAD_LIMIT_BYTES, "zip"));
  if (archive.length === 0) throw new AppError("bad_request:zip", { message: "Choose a .zip file to import." });
  const result = await importProjectFromZip({
    workspaceId: fields.workspaceId,
    userId: membership.userId,
    name: fields.name ?? "Imported project",
    archive,
    maxProjects: membership.entitlements.maxProjects,
  });
  return json(result, { status: 201 });
});
