import { editChannelPreferences, editModes, type EditChannelPreference, type EditMode } from "@/lib/chat/contract";

/**
 * The pane's remembered choices, per browser profile (and per user when the pane knows who that
 * is). Storage can be unavailable (private mode, quota); every read has a fallback.
 */
export class ChatPrefs {
  constructor(
    private readonly scope: string,
    private readonly defaultMode: EditMode = "review",
  ) {}

  private key(name: string): string {
    return `wafer.chat.${this.scope ? `${this.scope}.` : ""}${name}`;
  }

  private read(name: string): string | null {
    try {
      return window.localStorage.getItem(this.key(name));
    } catch {
      return null;
    }
  }

  private write(name: string, value: string | null): void {
    try {
      if (value === null) window.localStorage.removeItem(this.key(name));
      else window.localStorage.setItem(this.key(name), value);
    } catch {
      // Not remembering a preference is not worth bothering anyone about.
    }
  }

  get mode(): EditMode {
    const stored = this.read("mode");
    return (editModes as readonly string[]).includes(stored ?? "") ? (stored as EditMode) : this.defaultMode;
  }
  set mode(mode: EditMode) {
    this.write("mode", mode);
  }

  get editChannel(): EditChannelPreference {
    const stored = this.read("editChannel");
    return (editChannelPreferences as readonly string[]).includes(stored ?? "") ? (stored as EditChannelPreference) : "auto";
  }
  set editChannel(channel: EditChannelPreference) {
    this.write("editChannel", channel);
  }

  get model(): string | null {
    return this.read("model");
  }
  set model(model: string | null) {
    this.write("model", model);
  }

  lastSession(projectId: string): string | null {
    return this.read(`session.${projectId}`);
  }
  setLastSession(projectId: string, sessionId: string | null): void {
    this.write(`session.${projectId}`, sessionId);
  }
}
