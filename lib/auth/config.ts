import "server-only";

import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";

import { authAdapter } from "@/db/auth-adapter";
import { bumpSessionGenerationByUserId, getSessionGenerationByUserId, getUserByEmail } from "@/db/queries/auth";
import { env } from "@/lib/env";
import { createPersonalWorkspace } from "@/lib/workspaces/service";

import { baseAuthConfig } from "./base-config";
import { signInSchema } from "./credentials";
import { burnPasswordCheck, verifyPassword } from "./password";
import { clientIp, isSignInBlocked, recordSignInFailure, recordSignInSuccess } from "./rate-limit";
import { GENERATION_CLAIM } from "./session-generation";

export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

/** Lazy so that `next build` never reads secrets or opens the database. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const { AUTH_SECRET, AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = env();
  const github = AUTH_GITHUB_ID && AUTH_GITHUB_SECRET ? [GitHub({ clientId: AUTH_GITHUB_ID, clientSecret: AUTH_GITHUB_SECRET })] : [];
  return {
    ...baseAuthConfig,
    secret: AUTH_SECRET,
    adapter: authAdapter(),
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse({ email: raw.email, password: raw.password });
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const ip = clientIp(request.headers);
          if (await isSignInBlocked({ email, ip })) throw new SignInRateLimited();
          const user = await getUserByEmail({ email });
          const ok = user?.passwordHash
            ? await verifyPassword(user.passwordHash, password)
            : (await burnPasswordCheck(password), false);
          if (!user || !ok) {
            await recordSignInFailure({ email, ip });
            return null;
          }
          await recordSignInSuccess({ email });
          return { id: user.id, email: user.email, name: user.name, image: user.image };
        },
      }),
      ...github,
    ],
    callbacks: {
      ...baseAuthConfig.callbacks,
      // A new session records the user's current generation; sign-out bumps it (events below).
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token[GENERATION_CLAIM] = (await getSessionGenerationByUserId({ userId: user.id })) ?? 0;
        }
        return token;
      },
    },
    logger: {
      // A wrong password is an expected outcome, already counted by the throttle; not a server error.
      error(error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        console.error("[auth]", error);
      },
    },
    events: {
      // Ends this session everywhere, not just in this browser: a copied cookie stops working too.
      async signOut(message) {
        const userId = "token" in message ? message.token?.sub : undefined;
        if (userId) await bumpSessionGenerationByUserId({ userId });
      },
      // OAuth sign-ups arrive through the adapter; they get their personal workspace here.
      async createUser({ user }) {
        if (!user.id) return;
        await createPersonalWorkspace({ userId: user.id, displayName: user.name ?? user.email ?? "My" });
      },
    },
  };
});

export function githubSignInEnabled(): boolean {
  const { AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = env();
  return Boolean(AUTH_GITHUB_ID && AUTH_GITHUB_SECRET);
}
