import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";

import { LandingPage } from "@/components/landing/landing-page";
import { currentUser } from "@/lib/auth/guards";
import { lastUsedWorkspaceSlug } from "@/lib/workspaces/service";

export const metadata: Metadata = { title: { absolute: "Wafer: pair-program with a very fast model" } };

type Props = { searchParams: Promise<{ account?: string }> };

/**
 * Visitors get the landing page; signed-in users go straight to the workspace they used last
 * (remembered per user in the database), as a product's home does once you are in.
 */
export default async function HomePage({ searchParams }: Props) {
  const user = await currentUser();
  if (!user) {
    const { account } = await searchParams;
    return <LandingPage notice={account === "deleted" ? "Your account was deleted." : undefined} />;
  }
  const slug = await lastUsedWorkspaceSlug(user.userId);
  if (!slug) notFound();
  redirect(`/w/${slug}`);
}
