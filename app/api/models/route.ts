import { listModelsForPicker } from "@/lib/ai/models";
import { requireUser } from "@/lib/auth/guards";
import { json, route } from "@/lib/http/route";

export const GET = route("model", async () => {
  await requireUser();
  return json(await listModelsForPicker());
});
