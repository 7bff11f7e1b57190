"use client";

import { useState, useTransition, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { fontSizeChoices, keybindingModes, tabSizeChoices, type EditorSettings } from "@/lib/settings/contract";

export type SaveEditorSettings = (settings: EditorSettings) => Promise<{ settings: EditorSettings } | { error: string }>;

const selectClass =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500";

function Row({ label, hint, children }: { label: ReactNode; hint?: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4 py-2">
      <div className="min-w-0">
        <div className="text-sm font-medium">{label}</div>
        {hint ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{hint}</div> : null}
      </div>
      {children}
    </div>
  );
}

const keybindingLabels: Record<EditorSettings["keybindings"], string> = { default: "Default", vim: "Vim" };

/** Editor settings, stored per user; the account page and the IDE's settings dialog both show it. */
export function EditorSettingsForm({ initial, save, onSaved }: { initial: EditorSettings; save: SaveEditorSettings; onSaved?: (settings: EditorSettings) => void }) {
  const [settings, setSettings] = useState(initial);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const set = <K extends keyof EditorSettings>(key: K, value: EditorSettings[K]) => {
    setSettings((current) => ({ ...current, [key]: value }));
    setMessage(null);
  };

  const submit = () =>
    startTransition(async () => {
      const result = await save(settings);
      if ("error" in result) {
        setMessage({ kind: "error", text: result.error });
        return;
      }
      setSettings(result.settings);
      setMessage({ kind: "ok", text: "Settings saved." });
      onSaved?.(result.settings);
    });

  return (
    <form
      className="divide-y divide-zinc-200 dark:divide-zinc-800"
      data-testid="editor-settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Row label={<label htmlFor="setting-font-size">Font size</label>}>
        <select id="setting-font-size" className={selectClass} value={settings.fontSize} onChange={(e) => set("fontSize", Number(e.target.value))}>
          {fontSizeChoices.map((size) => (
            <option key={size} value={size}>
              {size} px
            </option>
          ))}
        </select>
      </Row>
      <Row label={<label htmlFor="setting-tab-size">Tab size</label>}>
        <select id="setting-tab-size" className={selectClass} value={settings.tabSize} onChange={(e) => set("tabSize", Number(e.target.value))}>
          {tabSizeChoices.map((size) => (
            <option key={size} value={size}>
              {size} spaces
            </option>
          ))}
        </select>
      </Row>
      <Row label={<label htmlFor="setting-word-wrap">Word wrap</label>} hint="Wrap long lines at the editor's width.">
        <input id="setting-word-wrap" type="checkbox" className="size-4" checked={settings.wordWrap} onChange={(e) => set("wordWrap", e.target.checked)} />
      </Row>
      <Row label={<label htmlFor="setting-minimap">Minimap</label>} hint="The code overview at the editor's right edge.">
        <input id="setting-minimap" type="checkbox" className="size-4" checked={settings.minimap} onChange={(e) => set("minimap", e.target.checked)} />
      </Row>
      <Row label={<span id="setting-keybindings">Keybindings</span>} hint="Vim: normal, insert and visual modes in the code editor (monaco-vim).">
        <div role="radiogroup" aria-labelledby="setting-keybindings" className="flex gap-3 text-sm">
          {keybindingModes.map((mode) => (
            <label key={mode} className="flex items-center gap-1.5">
              <input type="radio" name="keybindings" value={mode} checked={settings.keybindings === mode} onChange={() => set("keybindings", mode)} />
              {keybindingLabels[mode]}
            </label>
          ))}
        </div>
      </Row>
      <Row
        label={<label htmlFor="setting-auto-apply">Apply AI edits without review</label>}
        hint="The chat's starting mode in a browser that has not chosen one; every edit can still be undone."
      >
        <input id="setting-auto-apply" type="checkbox" className="size-4" checked={settings.autoApply} onChange={(e) => set("autoApply", e.target.checked)} />
      </Row>
      <div className="flex items-center gap-3 pt-3">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {message ? (
          <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "text-sm text-red-700 dark:text-red-400" : "text-sm text-emerald-700 dark:text-emerald-400"}>
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
