import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { users } from "./auth";
import { workspaces } from "./workspaces";

/**
 * A workspace's own model API key (bring your own key). Only the AES-256-GCM ciphertext is stored;
 * the last four characters are kept apart so the UI can name the key without ever receiving it.
 */
export const workspaceProviderKeys = pgTable("workspace_provider_keys", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** One of the allowed base URLs (BYOK_ALLOWED_BASE_URLS), checked again on every use. */
  baseUrl: text("base_url").notNull(),
  /** base64url(iv ‖ tag ‖ ciphertext). */
  encryptedKey: text("encrypted_key").notNull(),
  last4: text("last4").notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
