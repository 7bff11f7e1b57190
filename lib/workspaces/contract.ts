import { z } from "zod";

import { emailSchema } from "@/lib/auth/credentials";

import { workspaceRoleSchema } from "./roles";

export const createWorkspaceBodySchema = z
  .object({ name: z.string().trim().min(1, "Give the workspace a name.").max(80) })
  .strict();

export const addMemberBodySchema = z.object({ email: emailSchema, role: workspaceRoleSchema }).strict();

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  personal: boolean;
}
