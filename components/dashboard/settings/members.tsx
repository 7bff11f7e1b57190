"use client";

import { useRouter } from "next/navigation";

import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { confirmAction } from "@/components/ui/choice-dialog";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import type { MemberSummary, WorkspaceView } from "@/lib/workspaces/contract";
import { assignableRoles, roleLabels, workspaceRoleSchema, type WorkspaceRole } from "@/lib/workspaces/roles";

import { formatDate, Section, selectClass } from "./section";

export function MembersSection({ workspace, currentUserId, members }: { workspace: WorkspaceView; currentUserId: string; members: MemberSummary[] }) {
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
              const canLeave = self && !workspace.personal && !(member.role === "owner" && lastOwner);
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
                    {canRemove || canLeave ? (
                      <RemovalButton
                        workspace={workspace}
                        member={member}
                        self={self}
                        pending={pending}
                        onConfirmed={() =>
                          run(
                            () => apiFetch(`/api/workspaces/${workspace.id}/members/${member.userId}`, { method: "DELETE" }),
                            self ? () => router.push("/") : undefined,
                          )
                        }
                      />
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

/** Takes a member out of the workspace after asking: another member ("Remove") or oneself ("Leave"). */
function RemovalButton({ workspace, member, self, pending, onConfirmed }: { workspace: WorkspaceView; member: MemberSummary; self: boolean; pending: boolean; onConfirmed: () => void }) {
  const question = self
    ? { title: `Leave ${workspace.name}?`, message: "You will need a new invitation to come back.", confirmLabel: "Leave workspace" }
    : { title: `Remove ${member.name ?? member.email}?`, message: `They lose access to ${workspace.name} and its projects at once.`, confirmLabel: "Remove member" };
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={pending}
      onClick={async () => {
        if (await confirmAction({ ...question, danger: true })) onConfirmed();
      }}
    >
      {self ? "Leave" : "Remove"}
    </Button>
  );
}
