import { requireSessionAccess } from "@/lib/auth/guards";
import { reviewBodySchema } from "@/lib/chat/review";
import { reviewChange } from "@/lib/chat/service";
import { FILE_SIZE_LIMIT_BYTES } from "@/lib/files/contract";
import { json, parseJson, route } from "@/lib/http/route";

export const POST = route<{ sessionId: string }>("chat", async (request, { sessionId }) => {
  // Access before the (up to 6 MiB) body is read.
  const access = await requireSessionAccess(sessionId, "session.write");
  const body = await parseJson(request, reviewBodySchema, { surface: "chat", maxBytes: FILE_SIZE_LIMIT_BYTES * 6 });
  return json(await reviewChange(access, body));
});
