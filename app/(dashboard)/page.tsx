import { notFound, redirect } from "next/navigation";

import { requirePageUser } from "@/lib/auth/guards";
import { lastUsedWorkspaceSlug } from "@/lib/workspaces/service";

/** `/` opens the workspace the user used last (remembered in the database, per user). */
export default async function HomePage() {
  const user = await requirePageUser("/");
  const slug = await lastUsedWorkspaceSlug(user.userId);
  if (!slug) notFound();
  redirect(`/w/${slug}`);
}
