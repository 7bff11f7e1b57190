import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { fileKinds } from "../enums";
import { users } from "./auth";
import { projects } from "./projects";

export const fileKindEnum = pgEnum("file_kind", fileKinds);

/**
 * Files and explicit folders of a project, addressed by normalised relative path. `version` starts at 1
 * and grows by one per write; a save is `UPDATE … WHERE version = expected`, so a stale write touches
 * nothing and the caller answers 409.
 */
export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    kind: fileKindEnum("kind").notNull().default("file"),
    content: text("content").notNull().default(""),
    /** Byte length of content in UTF-8, kept so quota checks never read file bodies. */
    size: integer("size").notNull().default(0),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("files_project_path_unique").on(t.projectId, t.path),
    index("files_project_idx").on(t.projectId),
    check("files_path_length", sql`char_length(${t.path}) between 1 and 255`),
    check("files_version_positive", sql`${t.version} > 0`),
  ],
);
