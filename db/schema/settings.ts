import { sql } from "drizzle-orm";
import { boolean, check, integer, pgEnum, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";

import { keybindingModes } from "../enums";
import { users } from "./auth";

export const keybindingModeEnum = pgEnum("keybinding_mode", keybindingModes);

/**
 * A user's editor settings, one row per user once they change any (defaults live in
 * lib/settings/contract.ts until then). Ranges are kept by the database too.
 */
export const userSettings = pgTable(
  "user_settings",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    fontSize: integer("font_size").notNull(),
    tabSize: integer("tab_size").notNull(),
    wordWrap: boolean("word_wrap").notNull(),
    minimap: boolean("minimap").notNull(),
    keybindings: keybindingModeEnum("keybindings").notNull(),
    /** The chat's edit mode in a browser that has not picked one: apply AI edits at once, or review first. */
    autoApply: boolean("auto_apply").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("user_settings_font_size", sql`${t.fontSize} between 10 and 24`),
    check("user_settings_tab_size", sql`${t.tabSize} between 1 and 8`),
  ],
);
