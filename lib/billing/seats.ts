import "server-only";

import type { Executor } from "@/db/client";
import { countMembersByWorkspaceId, getWorkspaceBillingById } from "@/db/queries/billing";
import { lockWorkspaceById } from "@/db/queries/workspaces";
import { AppError } from "@/lib/errors";

import { seatLimit } from "./service";

function seatsError(limit: number): AppError {
  return new AppError("forbidden:workspace", {
    message: `All ${limit} seats of this workspace are taken. An admin can add seats in Billing, or remove a member.`,
    details: { seats: limit },
  });
}

/**
 * Refuses a new member when every seat is taken. Run inside the joining transaction: the workspace's
 * row lock makes two joins at once count one after the other, on any instance.
 */
export async function assertSeatAvailable({ executor, workspaceId }: { executor: Executor; workspaceId: string }): Promise<void> {
  await lockWorkspaceById({ executor, workspaceId });
  await assertSeatFree(executor, workspaceId);
}

/** The same check without the lock, for creating an invitation (the join re-checks under the lock). */
export async function assertSeatFree(executor: Executor | undefined, workspaceId: string): Promise<void> {
  const billing = await getWorkspaceBillingById({ executor, workspaceId });
  if (!billing) throw new AppError("not_found:workspace");
  const limit = seatLimit(billing);
  if ((await countMembersByWorkspaceId({ executor, workspaceId })) >= limit) throw seatsError(limit);
}
