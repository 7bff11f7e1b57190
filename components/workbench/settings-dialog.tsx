"use client";

import Link from "next/link";

import { EditorSettingsForm, type SaveEditorSettings } from "@/components/settings/editor-settings-form";
import { Dialog } from "@/components/ui/dialog";
import type { EditorSettings } from "@/lib/settings/contract";

/** The editor settings from the IDE's palette: the same form as the account page, applied on save. */
export function SettingsDialog({
  open,
  onClose,
  settings,
  save,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  settings: EditorSettings;
  save: SaveEditorSettings;
  onSaved: (settings: EditorSettings) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Editor settings"
      description={
        <>
          Saved to your account. Name, password and account deletion are on the{" "}
          <Link href="/account" className="underline">
            account page
          </Link>
          .
        </>
      }
      data-testid="settings-dialog"
    >
      <EditorSettingsForm initial={settings} save={save} onSaved={onSaved} />
    </Dialog>
  );
}
