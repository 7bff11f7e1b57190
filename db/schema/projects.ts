import { bigint, index, integer, numeric, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { projectOrigins } from "../enums";
import { users } from "./auth";
import { workspaces } from "./workspaces";

export const projectStarterEnum = pgEnum("project_starter", projectOrigins);

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    starter: projectStarterEnum("starter").notNull().default("blank"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The tree's fingerprint, kept by triggers on files (migration 0016) so a chat turn reads two
     * values instead of hashing every path: the entry count and the sum of 64-bit hashes of kind and
     * path (any entry added, removed, renamed or turned into a folder changes it).
     */
    treeCount: integer("tree_count").notNull().default(0),
    treeHash: numeric("tree_hash").notNull().default("0"),
    /**
     * Moves with every statement that inserts, updates or deletes any of the project's files (the same
     * triggers, migration 0017): a chat turn that holds the files it asks for at this version skips
     * reading them, a probe of the files index per path.
     */
    filesVersion: bigint("files_version", { mode: "number" }).notNull().default(0),
  },
  (t) => [index("projects_workspace_idx").on(t.workspaceId, t.updatedAt)],
);
