import { z } from "zod";

import { projectStarters } from "@/db/enums";

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, "Give the project a name.")
  .max(80, "Project names are limited to 80 characters.");

export const createProjectBodySchema = z
  .object({
    workspaceId: z.uuid(),
    name: projectNameSchema,
    starter: z.enum(projectStarters).default("blank"),
  })
  .strict();
export type CreateProjectBody = z.input<typeof createProjectBodySchema>;

export const renameProjectBodySchema = z.object({ name: projectNameSchema }).strict();

export const importProjectFieldsSchema = z
  .object({
    workspaceId: z.uuid(),
    name: projectNameSchema.optional(),
  })
  .strict();

export interface ProjectSummary {
  id: string;
  workspaceId: string;
  name: string;
  starter: string;
  updatedAt: string;
}

export interface ImportProjectResponse {
  project: ProjectSummary;
  imported: number;
  skipped: { path: string; reason: "ignored" | "binary" }[];
}
