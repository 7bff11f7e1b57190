import NextAuth from "next-auth";

import { baseAuthConfig } from "@/lib/auth/base-config";
import { env } from "@/lib/env";

/**
 * Bounces anonymous page views to sign-in before rendering. It is a convenience, not the gate: every
 * route handler, server action and page checks access itself.
 */
const { auth } = NextAuth(() => ({ ...baseAuthConfig, secret: env().AUTH_SECRET }));

export { auth as proxy };

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:svg|png|ico|webmanifest|txt|js|css|map)$).*)"],
};
