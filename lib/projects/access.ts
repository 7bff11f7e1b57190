import type { Plan, WorkspaceRole } from "@/db/enums";

/** Who may do what in a project, resolved from the database for this request only. */
export interface ProjectAccess {
  userId: string;
  projectId: string;
  projectName: string;
  workspaceId: string;
  workspaceName: string;
  role: WorkspaceRole;
  plan: Plan;
  canWrite: boolean;
}
