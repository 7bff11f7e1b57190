import type { Plan, WorkspaceRole } from "@/db/enums";
import type { Entitlements } from "@/lib/plans/entitlements";

/** Who may do what in a project, resolved from the database for this request only. */
export interface ProjectAccess {
  userId: string;
  projectId: string;
  projectName: string;
  workspaceId: string;
  workspaceName: string;
  role: WorkspaceRole;
  /** The plan in force for this request (a lapsed grant is Free). */
  plan: Plan;
  entitlements: Entitlements;
  canWrite: boolean;
}
