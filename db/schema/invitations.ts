import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { users } from "./auth";
import { workspaceRoleEnum, workspaces } from "./workspaces";

/**
 * An invitation to a workspace, by link (single or multi-use) or bound to one email address. Only the
 * SHA-256 of the token is stored: the URL is shown once, when the invitation is created.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    role: workspaceRoleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Lowercased; when set, only an account with this email can accept. */
    email: text("email"),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("invitations_workspace_idx").on(t.workspaceId, t.createdAt),
    check("invitations_uses_within_max", sql`${t.uses} >= 0 and ${t.uses} <= ${t.maxUses}`),
    check("invitations_max_uses_range", sql`${t.maxUses} between 1 and 1000`),
    check("invitations_not_owner", sql`${t.role} <> 'owner'`),
  ],
);
