"use client";

import { Copy, Share2 } from "lucide-react";
import { useCallback, useState } from "react";

import { Button, IconButton } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { toAppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import type { CreatedShareLink, ShareLinkSummary } from "@/lib/shares/contract";

const EXPIRY_CHOICES = [
  { label: "Never", days: null },
  { label: "1 day", days: 1 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
] as const;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** Share links of one session: create (the URL is shown once, with Copy), list, revoke each. */
export function ShareButton({ sessionId }: { sessionId: string | null }) {
  const [open, setOpen] = useState(false);
  const [links, setLinks] = useState<ShareLinkSummary[]>([]);
  const [label, setLabel] = useState("");
  const [days, setDays] = useState<number | null>(7);
  const [created, setCreated] = useState<string | null>(null);
  const base = `/api/sessions/${sessionId}/shares`;

  const refresh = useCallback(async () => {
    if (!sessionId) return;
    setLinks((await apiFetch<{ links: ShareLinkSummary[] }>(base)).links);
  }, [base, sessionId]);

  const show = () => {
    setOpen(true);
    refresh().catch((e: unknown) => toast.error(toAppError(e, "session").message));
  };

  const create = async () => {
    try {
      const link = await apiFetch<CreatedShareLink>(base, { method: "POST", json: { label: label.trim() || "Share link", expiresInDays: days } });
      setCreated(`${window.location.origin}${link.path}`);
      setLabel("");
      await refresh();
    } catch (e) {
      toast.error(toAppError(e, "session").message);
    }
  };
  const revoke = async (id: string) => {
    try {
      await apiFetch(`${base}/${id}`, { method: "DELETE" });
      await refresh();
    } catch (e) {
      toast.error(toAppError(e, "session").message);
    }
  };

  return (
    <>
      <IconButton label="Share session" data-testid="share-session" disabled={sessionId === null} onClick={show}>
        <Share2 className="size-4" />
      </IconButton>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setCreated(null);
        }}
        title="Share this session"
        description="Anyone with a link can watch this session read-only, live while the model writes. Revoke a link to end it at once."
        data-testid="share-dialog"
      >
        <div className="flex flex-col gap-3 text-[12px]">
          {created ? (
            <div className="flex flex-col gap-1 rounded border border-emerald-300 bg-emerald-50 p-2 dark:border-emerald-800 dark:bg-emerald-950">
              <span>Copy the link now: it is shown only once.</span>
              <div className="flex items-center gap-1">
                <Input readOnly value={created} data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
                <IconButton
                  label="Copy link"
                  onClick={() =>
                    navigator.clipboard.writeText(created).then(
                      () => toast.success("Copied to the clipboard."),
                      () => toast.error("Could not copy: the browser refused clipboard access."),
                    )
                  }
                >
                  <Copy className="size-4" />
                </IconButton>
              </div>
            </div>
          ) : null}
          <div className="flex items-end gap-2">
            <label className="flex flex-1 flex-col gap-1">
              Label
              <Input value={label} maxLength={80} placeholder="e.g. For Ana" data-testid="share-label" onChange={(e) => setLabel(e.target.value)} />
            </label>
            <label className="flex flex-col gap-1">
              Expires
              <select
                data-testid="share-expiry"
                className="h-8 rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700"
                value={days ?? ""}
                onChange={(e) => setDays(e.target.value ? Number(e.target.value) : null)}
              >
                {EXPIRY_CHOICES.map((c) => (
                  <option key={c.label} value={c.days ?? ""}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <Button variant="primary" data-testid="share-create" onClick={() => void create()}>
              Create link
            </Button>
          </div>
          <table className="w-full text-left" data-testid="share-links">
            <thead className="text-zinc-600 dark:text-zinc-400">
              <tr>
                <th>Label</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last opened</th>
                <th>Opens</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={link.id} data-testid="share-link" data-state={link.state}>
                  <td>{link.label}</td>
                  <td>{when(link.createdAt)}</td>
                  <td>{link.expiresAt ? when(link.expiresAt) : "Never"}</td>
                  <td>{when(link.lastOpenedAt)}</td>
                  <td>{link.openCount}</td>
                  <td>
                    {link.state === "active" ? (
                      <Button size="sm" data-testid="share-revoke" onClick={() => void revoke(link.id)}>
                        Revoke
                      </Button>
                    ) : (
                      <span className="text-zinc-600 dark:text-zinc-400">{link.state}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Dialog>
    </>
  );
}
