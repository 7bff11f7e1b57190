import { defaultEditorSettings, type EditorSettings } from "@/lib/settings/contract";

/**
 * The user's editor settings and the editors following them: the code editor applies them itself,
 * the page's other editors (conflict diff, AI proposal view) watch, so all read one source.
 */
export class SettingsFanout {
  private current: EditorSettings = defaultEditorSettings;
  private readonly watchers = new Set<(settings: EditorSettings) => void>();

  set(settings: EditorSettings): void {
    this.current = settings;
    for (const apply of this.watchers) apply(settings);
  }

  /** Calls `apply` with the settings now and on every change; returns its remover. */
  watch(apply: (settings: EditorSettings) => void): () => void {
    this.watchers.add(apply);
    apply(this.current);
    return () => {
      this.watchers.delete(apply);
    };
  }
}
