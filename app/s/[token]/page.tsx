import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { SharedSession } from "@/components/share/shared-session";
import { AppError } from "@/lib/errors";
import { loadSharedSession } from "@/lib/shares/service";

type Props = { params: Promise<{ token: string }> };

export const metadata: Metadata = { title: "Shared session", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** A share link: no sign-in, checked against the database on every request (revoked or expired: 404). */
export default async function SharedSessionPage({ params }: Props) {
  const { token } = await params;
  const view = await loadSharedSession(token).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  });
  return <SharedSession token={token} view={view} />;
}
