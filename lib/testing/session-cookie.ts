import { encode } from "next-auth/jwt";

import { env } from "@/lib/env";

/** The cookie Auth.js sets over plain HTTP; its name is also the JWT's salt. */
export const SESSION_COOKIE = "authjs.session-token";

/**
 * A real Auth.js session cookie for `user`, encrypted with the app's secret exactly as sign-in does,
 * so route handlers under test read identity through their normal path (lib/auth/guards).
 */
export async function sessionCookieFor(user: { userId: string; email: string; name?: string | null }): Promise<string> {
  const token = await encode({
    token: { sub: user.userId, email: user.email, name: user.name ?? null },
    secret: env().AUTH_SECRET,
    salt: SESSION_COOKIE,
  });
  return `${SESSION_COOKIE}=${token}`;
}
