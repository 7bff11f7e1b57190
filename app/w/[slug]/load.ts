import "server-only";

import { cache } from "react";

import { requireWorkspacePage } from "@/lib/auth/guards";
import type { WorkspaceAction } from "@/lib/workspaces/roles";
import { listWorkspaceChoices, recordWorkspaceVisit, viewOf } from "@/lib/workspaces/service";

/**
 * One access check per request for a /w/[slug] page (shared by metadata and page), read from the
 * database; the visit becomes the member's "last active" and the user's last used workspace.
 */
export const loadWorkspacePage = cache(async (slug: string, action: WorkspaceAction, path: string) => {
  const actor = await requireWorkspacePage(slug, action, path);
  const [workspaces] = await Promise.all([listWorkspaceChoices(actor.userId), recordWorkspaceVisit(actor)]);
  return { actor, workspace: viewOf(actor), workspaces };
});
