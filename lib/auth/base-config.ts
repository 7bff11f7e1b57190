import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js config that needs no database: the proxy uses it to bounce anonymous page
 * views to sign-in. Real access checks happen in every route handler and server action.
 */
export const publicPaths = ["/sign-in", "/sign-up", "/s"];

export function isPublicPath(pathname: string): boolean {
  // The landing page; it sends signed-in users on to their dashboard itself.
  if (pathname === "/") return true;
  return publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export const baseAuthConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [],
  callbacks: {
    // The token carries identity only; role and plan are read from the database per request.
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;
