import { requireSessionAccess } from "@/lib/auth/guards";
import { exportSessionPatch } from "@/lib/chat/service";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** The session's accepted edits as one Codex patch, for `wafer apply-patch` on a local checkout. */
export const GET = route<{ sessionId: string }>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.read");
  const patch = await exportSessionPatch(access);
  if (patch === null) throw new AppError("not_found:session", { message: "No accepted edits in this session yet." });
  return new Response(patch, {
    headers: {
      "content-type": "text/x-diff; charset=utf-8",
      "content-disposition": `attachment; filename="wafer-session-${sessionId.slice(0, 8)}.patch"`,
      "cache-control": "no-store",
    },
  });
});
