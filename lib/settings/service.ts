import "server-only";

import { getUserSettingsByUserId, upsertUserSettings } from "@/db/queries/settings";

import { defaultEditorSettings, type EditorSettings } from "./contract";

export async function getEditorSettings(userId: string): Promise<EditorSettings> {
  const row = await getUserSettingsByUserId({ userId });
  if (!row) return defaultEditorSettings;
  const { fontSize, tabSize, wordWrap, minimap, keybindings, autoApply } = row;
  return { fontSize, tabSize, wordWrap, minimap, keybindings, autoApply };
}

export async function saveEditorSettings(userId: string, settings: EditorSettings): Promise<EditorSettings> {
  const row = await upsertUserSettings({ userId, values: settings });
  const { fontSize, tabSize, wordWrap, minimap, keybindings, autoApply } = row;
  return { fontSize, tabSize, wordWrap, minimap, keybindings, autoApply };
}
