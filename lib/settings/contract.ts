import { z } from "zod";

import { keybindingModes } from "@/db/enums";

export { keybindingModes };

/** Editor settings, per user: the one schema the server action, the forms and the editors read. */
export const editorSettingsSchema = z
  .object({
    fontSize: z.coerce.number().int().min(10).max(24),
    tabSize: z.coerce.number().int().min(1).max(8),
    wordWrap: z.boolean(),
    minimap: z.boolean(),
    keybindings: z.enum(keybindingModes),
    autoApply: z.boolean(),
  })
  .strict();

export type EditorSettings = z.infer<typeof editorSettingsSchema>;

/** What a user has before saving any: the editor as it always looked. */
export const defaultEditorSettings: EditorSettings = {
  fontSize: 13,
  tabSize: 2,
  wordWrap: false,
  minimap: true,
  keybindings: "default",
  autoApply: false,
};

export const fontSizeChoices = [11, 12, 13, 14, 15, 16, 18, 20] as const;
export const tabSizeChoices = [2, 4, 8] as const;
