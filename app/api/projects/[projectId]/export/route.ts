import { requireProjectAccess } from "@/lib/auth/guards";
import { route } from "@/lib/http/route";
import { exportProjectZip } from "@/lib/projects/service";

export const GET = route<{ projectId: string }>("zip", async (_request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "project.read", "zip");
  const { filename, bytes } = await exportProjectZip(access);
  return new Response(new Blob([bytes.slice()]), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
});
