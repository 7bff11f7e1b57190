"use client";

import { Check, Copy, Link2, Mail, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { AppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import {
  INVITATION_DEFAULT_DAYS,
  INVITATION_MAX_DAYS,
  INVITATION_MAX_USES,
  type CreatedInvitation,
  type InvitationSummary,
  type MemberSummary,
  type WorkspaceSummary,
  type WorkspaceView,
} from "@/lib/workspaces/contract";
import { assignableRoles, roleLabels, workspaceRoleSchema, type WorkspaceRole } from "@/lib/workspaces/roles";

const selectClass =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900 disabled:opacity-60";

function Section({ title, description, children, testId, danger = false }: { title: string; description?: ReactNode; children: ReactNode; testId: string; danger?: boolean }) {
  return (
    <section
      className={`space-y-4 rounded-lg border p-5 ${danger ? "border-red-300 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800"}`}
      aria-label={title}
      data-testid={testId}
    >
      <div>
        <h2 className={`text-base font-semibold ${danger ? "text-red-700 dark:text-red-400" : ""}`}>{title}</h2>
        {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

/** Runs one API call, shows its error, refreshes the server-rendered page on success. */
function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function run<T>(action: () => Promise<T>, after?: (result: T) => void) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action();
        if (after) after(result);
        else router.refresh();
      } catch (e) {
        setError((e as AppError).message);
      }
    });
  }
  return { error, pending, run };
}

function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : null;
}

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—");

export function WorkspaceSettings({
  workspace,
  currentUserId,
  members,
  invitations,
}: {
  workspace: WorkspaceView;
  currentUserId: string;
  members: MemberSummary[];
  invitations: InvitationSummary[] | null;
}) {
  const { permissions } = workspace;
  return (
    <div className="space-y-6" data-testid="workspace-settings">
      <h1 className="text-lg font-semibold">Settings</h1>
      <GeneralSection workspace={workspace} />
      <MembersSection workspace={workspace} currentUserId={currentUserId} members={members} />
      {workspace.personal ? null : invitations && permissions["invitations.manage"] ? <InvitationsSection workspace={workspace} invitations={invitations} /> : null}
      {!workspace.personal && permissions["workspace.transfer"] ? <DangerZone workspace={workspace} currentUserId={currentUserId} members={members} /> : null}
    </div>
  );
}

function GeneralSection({ workspace }: { workspace: WorkspaceView }) {
  const router = useRouter();
  const [name, setName] = useState(workspace.name);
  const [slug, setSlug] = useState(workspace.slug);
  const { error, pending, run } = useAction();
  const editable = workspace.permissions["workspace.settings"];
  return (
    <Section title="General" description={editable ? "The workspace's name and its address." : "Only admins and owners change these."} testId="general-settings">
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          run(
            () => apiFetch<WorkspaceSummary>(`/api/workspaces/${workspace.id}`, { method: "PATCH", json: { name, slug } }),
            (updated) => {
              // A new slug is a new URL; the old one stops working at once.
              if (updated.slug !== workspace.slug) router.replace(`/w/${updated.slug}/settings`);
              else router.refresh();
            },
          );
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span>Name</span>
          <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} maxLength={80} required aria-label="Workspace name" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>URL slug</span>
          <div className="flex items-center gap-1">
            <span className="text-zinc-600 dark:text-zinc-400">/w/</span>
            <Input value={slug} onChange={(e) => setSlug(e.target.value)} disabled={!editable} maxLength={60} required aria-label="Workspace slug" pattern="[a-z0-9][a-z0-9\-]{1,58}[a-z0-9]" />
          </div>
        </label>
        {editable ? (
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" variant="primary" disabled={pending || (name === workspace.name && slug === workspace.slug)}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <ErrorText error={error} />
          </div>
        ) : null}
      </form>
    </Section>
  );
}

function MembersSection({ workspace, currentUserId, members }: { workspace: WorkspaceView; currentUserId: string; members: MemberSummary[] }) {
  const router = useRouter();
  const { error, pending, run } = useAction();
  const { permissions } = workspace;
  const lastOwner = members.filter((m) => m.role === "owner").length <= 1;
  const roleOptions = (target: MemberSummary): WorkspaceRole[] =>
    permissions["owners.manage"] ? [...workspaceRoleSchema.options] : target.role === "owner" ? ["owner"] : [...assignableRoles];

  return (
    <Section
      title="Members"
      description={workspace.personal ? "Personal workspaces cannot be shared. Create a team to work with others." : `${members.length} ${members.length === 1 ? "member" : "members"}`}
      testId="members"
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
            <tr>
              <th className="py-2 pr-3 font-medium">Name</th>
              <th className="py-2 pr-3 font-medium">Email</th>
              <th className="py-2 pr-3 font-medium">Role</th>
              <th className="py-2 pr-3 font-medium">Joined</th>
              <th className="py-2 pr-3 font-medium">Last active</th>
              <th className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {members.map((member) => {
              const self = member.userId === currentUserId;
              // The server enforces every rule; the UI only offers what the role table allows.
              const canReRole = !workspace.personal && permissions["members.manage"] && (member.role !== "owner" || permissions["owners.manage"]) && (!self || (workspace.role === "owner" && !lastOwner));
              const canRemove = !self && permissions["members.manage"] && (member.role !== "owner" || permissions["owners.manage"]);
              return (
                <tr key={member.userId} data-testid="member-row" data-email={member.email ?? ""}>
                  <td className="py-2 pr-3">
                    {member.name ?? "—"} {self ? <span className="text-xs text-zinc-600 dark:text-zinc-400">(you)</span> : null}
                  </td>
                  <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">{member.email}</td>
                  <td className="py-2 pr-3">
                    {canReRole ? (
                      <select
                        className={selectClass}
                        aria-label={`Role of ${member.name ?? member.email}`}
                        value={member.role}
                        disabled={pending}
                        onChange={(e) =>
                          run(() => apiFetch(`/api/workspaces/${workspace.id}/members/${member.userId}`, { method: "PATCH", json: { role: e.target.value } }))
                        }
                      >
                        {roleOptions(member).map((role) => (
                          <option key={role} value={role}>
                            {roleLabels[role]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span data-testid="member-role">{roleLabels[member.role]}</span>
                    )}
                  </td>
                  <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">{formatDate(member.joinedAt)}</td>
                  <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">{formatDate(member.lastActiveAt)}</td>
                  <td className="py-2 text-right">
                    {canRemove ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(`Remove ${member.name ?? member.email} from ${workspace.name}?`)) {
                            run(() => apiFetch(`/api/workspaces/${workspace.id}/members/${member.userId}`, { method: "DELETE" }));
                          }
                        }}
                      >
                        Remove
                      </Button>
                    ) : null}
                    {self && !workspace.personal && !(member.role === "owner" && lastOwner) ? (
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(`Leave ${workspace.name}? You will need a new invitation to come back.`)) {
                            run(
                              () => apiFetch(`/api/workspaces/${workspace.id}/members/${member.userId}`, { method: "DELETE" }),
                              () => router.push("/"),
                            );
                          }
                        }}
                      >
                        Leave
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ErrorText error={error} />
    </Section>
  );
}

function InvitationsSection({ workspace, invitations }: { workspace: WorkspaceView; invitations: InvitationSummary[] }) {
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

function DangerZone({ workspace, currentUserId, members }: { workspace: WorkspaceView; currentUserId: string; members: MemberSummary[] }) {
  const router = useRouter();
  const others = members.filter((m) => m.userId !== currentUserId);
  const [target, setTarget] = useState(others[0]?.userId ?? "");
  const [confirmName, setConfirmName] = useState("");
  const transfer = useAction();
  const remove = useAction();
  return (
    <Section title="Danger zone" testId="danger-zone" danger>
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Transfer ownership</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {others.length === 0 ? "Invite someone first: only a member can become the owner." : "The member you choose becomes an owner; you become an admin."}
        </p>
        <div className={others.length === 0 ? "hidden" : "flex gap-2"}>
          <select className={selectClass} value={target} onChange={(e) => setTarget(e.target.value)} aria-label="New owner" disabled={others.length === 0}>
            {others.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email} ({roleLabels[m.role]})
              </option>
            ))}
          </select>
          <Button
            variant="secondary"
            disabled={!target || transfer.pending}
            onClick={() => {
              const who = others.find((m) => m.userId === target);
              if (window.confirm(`Make ${who?.name ?? who?.email} the owner of ${workspace.name}? You will become an admin.`)) {
                transfer.run(() => apiFetch(`/api/workspaces/${workspace.id}/transfer`, { method: "POST", json: { userId: target } }));
              }
            }}
          >
            Transfer ownership
          </Button>
        </div>
        <ErrorText error={transfer.error} />
      </div>
      <form
        className="space-y-2 border-t border-red-200 pt-4 dark:border-red-900"
        onSubmit={(event) => {
          event.preventDefault();
          remove.run(
            () => apiFetch(`/api/workspaces/${workspace.id}`, { method: "DELETE", json: { confirmName } }),
            () => router.push("/"),
          );
        }}
      >
        <h3 className="text-sm font-medium">Delete this workspace</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Its projects, files, chat sessions, members and invitations are deleted with it. This cannot be undone. Type <strong>{workspace.name}</strong> to confirm.
        </p>
        <div className="flex gap-2">
          <Input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} aria-label="Type the workspace name to confirm" className="max-w-xs" />
          <Button type="submit" variant="danger" disabled={confirmName !== workspace.name || remove.pending}>
            Delete workspace
          </Button>
        </div>
        <ErrorText error={remove.error} />
      </form>
    </Section>
  );
}
