import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";

import { SharedSession } from "@/components/share/shared-session";
import { currentUser } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { SHARE_VIEWER_COOKIE } from "@/lib/shares/contract";
import { loadSharedSession } from "@/lib/shares/service";
import { can } from "@/lib/workspaces/roles";
import { listWorkspaceChoices } from "@/lib/workspaces/service";

type Props = { params: Promise<{ token: string }> };

export const metadata: Metadata = { title: "Shared session", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** A share link: no sign-in, checked against the database on every request (revoked or expired: 404). */
export default async function SharedSessionPage({ params }: Props) {
  const { token } = await params;
  const viewer = (await cookies()).get(SHARE_VIEWER_COOKIE)?.value ?? null;
  const [view, user] = await Promise.all([
    loadSharedSession(token, { viewer }).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) notFound();
      throw error;
    }),
    currentUser(),
  ]);
  // A signed-in viewer may fork into any of their own workspaces where they can create projects.
  const forkTargets = user ? (await listWorkspaceChoices(user.userId)).filter((w) => can(w.role, "project.create")).map((w) => ({ id: w.id, name: w.name })) : [];
  return <SharedSession token={token} view={view} forkTargets={forkTargets} />;
}
