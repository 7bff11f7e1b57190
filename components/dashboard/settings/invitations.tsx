"use client";

import { Check, Copy, Link2, Mail, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS, INVITATION_MAX_USES, type CreatedInvitation, type InvitationSummary, type WorkspaceView } from "@/lib/workspaces/contract";
import { assignableRoles, roleLabels } from "@/lib/workspaces/roles";

import { formatDate, Section, selectClass } from "./section";

export function InvitationsSection({ workspace, invitations }: { workspace: WorkspaceView; invitations: InvitationSummary[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<"link" | "email">("link");
  const [role, setRole] = useState<(typeof assignableRoles)[number]>("member");
  const [email, setEmail] = useState("");
  const [maxUses, setMaxUses] = useState(1);
  const [days, setDays] = useState(INVITATION_DEFAULT_DAYS);
  const [created, setCreated] = useState<{ url: string; email: string | null } | null>(null);
  const { error, pending, run } = useAction();
  const revoke = useAction();

  return (
    <Section title="Invitations" description="Invite by link (one or several uses) or by email address. Links expire; revoke any time." testId="invitations">
      <form
        className="flex flex-wrap items-end gap-3"
        aria-label="New invitation"
        onSubmit={(event) => {
          event.preventDefault();
          const body = kind === "link" ? { kind, role, maxUses, expiresInDays: days } : { kind, role, email, expiresInDays: days };
          run(
            () => apiFetch<CreatedInvitation>(`/api/workspaces/${workspace.id}/invitations`, { method: "POST", json: body }),
            (invitation) => {
              setCreated({ url: `${window.location.origin}${invitation.path}`, email: invitation.email });
              setEmail("");
              router.refresh();
            },
          );
        }}
      >
        <div className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700" role="radiogroup" aria-label="Invitation kind">
          {(["link", "email"] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              onClick={() => setKind(k)}
              className={`flex items-center gap-1.5 rounded px-2.5 py-1 text-sm ${kind === k ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {k === "link" ? <Link2 className="size-3.5" aria-hidden /> : <Mail className="size-3.5" aria-hidden />}
              {k === "link" ? "Link" : "Email"}
            </button>
          ))}
        </div>
        {kind === "email" ? (
          <label className="flex flex-col gap-1 text-sm">
            <span>Email</span>
            <Input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-label="Invitee email" className="w-64" />
          </label>
        ) : (
          <label className="flex flex-col gap-1 text-sm">
            <span>Uses</span>
            <Input type="number" min={1} max={INVITATION_MAX_USES} value={maxUses} onChange={(e) => setMaxUses(Number(e.target.value))} aria-label="Maximum uses" className="w-24" />
          </label>
        )}
        <label className="flex flex-col gap-1 text-sm">
          <span>Role</span>
          <select className={selectClass} value={role} onChange={(e) => setRole(e.target.value as typeof role)} aria-label="Invitation role">
            {assignableRoles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Expires in (days)</span>
          <Input type="number" min={1} max={INVITATION_MAX_DAYS} value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Expires in days" className="w-24" />
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create invitation"}
        </Button>
      </form>
      <ErrorText error={error} />
      {created ? <CreatedLink url={created.url} email={created.email} onDone={() => setCreated(null)} /> : null}
      {invitations.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No pending invitations.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" aria-label="Pending invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex items-center justify-between gap-3 py-2" data-testid="pending-invitation">
              <span className="flex items-center gap-2">
                {invitation.email ? <Mail className="size-4 text-zinc-400" aria-hidden /> : <Link2 className="size-4 text-zinc-400" aria-hidden />}
                <span>{invitation.email ?? `Link · ${invitation.uses}/${invitation.maxUses} used`}</span>
                <span className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{roleLabels[invitation.role]}</span>
              </span>
              <span className="flex items-center gap-3">
                <span className="text-xs text-zinc-600 dark:text-zinc-400">expires {formatDate(invitation.expiresAt)}</span>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={revoke.pending}
                  onClick={() => revoke.run(() => apiFetch(`/api/workspaces/${workspace.id}/invitations/${invitation.id}`, { method: "DELETE" }))}
                >
                  <Trash2 className="size-3.5" aria-hidden /> Revoke
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={revoke.error} />
    </Section>
  );
}

/** The full URL exists only here, once: the server keeps just its hash. */
function CreatedLink({ url, email, onDone }: { url: string; email: string | null; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/40" data-testid="created-invitation">
      <p>
        {email ? `Send this link to ${email}; only that address can accept it.` : "Copy this link now: it will not be shown again."}
      </p>
      <div className="flex gap-2">
        <Input readOnly value={url} aria-label="Invitation link" onFocus={(e) => e.currentTarget.select()} data-testid="invitation-url" />
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />} {copied ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
