import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

import { baseAuthConfig, isPublicPath } from "@/lib/auth/base-config";
import { env } from "@/lib/env";
import { servedOverHttps } from "@/lib/http/origin";
import { screenRequest } from "@/lib/http/screen";
import { pageContentSecurityPolicy, staticSecurityHeaders } from "@/lib/http/security-headers";
import { SHARE_VIEWER_COOKIE } from "@/lib/shares/contract";

const { auth } = NextAuth(() => ({ ...baseAuthConfig, secret: env().AUTH_SECRET }));

/**
 * Pages: the per-request CSP nonce, and anonymous views bounced to sign-in before rendering (a
 * convenience, not the gate: every route handler, server action and page checks access itself).
 */
const pageView = auth((request) => {
  const { pathname } = request.nextUrl;
  if (!request.auth?.user && !isPublicPath(pathname)) {
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", request.nextUrl.href);
    return NextResponse.redirect(signIn);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  // Next reads the nonce from the request's CSP header and puts it on every script it renders.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  // A share page counts visits per viewer: a first-time browser gets its id now, on this very render too.
  const newViewer = pathname.startsWith("/s/") && !request.cookies.has(SHARE_VIEWER_COOKIE) ? crypto.randomUUID() : null;
  if (newViewer) headers.set("cookie", [request.headers.get("cookie"), `${SHARE_VIEWER_COOKIE}=${newViewer}`].filter(Boolean).join("; "));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (newViewer) {
    const { WAFER_APP_URL, TRUSTED_PROXY_HOPS } = env();
    const secure = servedOverHttps(request, { appUrl: WAFER_APP_URL, trustForwardedHost: TRUSTED_PROXY_HOPS > 0 });
    response.cookies.set(SHARE_VIEWER_COOKIE, newViewer, { path: "/s", httpOnly: true, sameSite: "lax", secure, maxAge: 365 * 24 * 60 * 60 });
  }
  return response;
});
type PageHandler = (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;
// With a lazy config, Auth.js hands back its wrapper in a promise (its types say otherwise).
const page = Promise.resolve(pageView as unknown as PageHandler);

export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const { WAFER_APP_URL, TRUSTED_PROXY_HOPS } = env();
  const refused = screenRequest(request, { appUrl: WAFER_APP_URL, trustForwardedHost: TRUSTED_PROXY_HOPS > 0 });
  if (refused) {
    for (const { key, value } of staticSecurityHeaders) refused.headers.set(key, value);
    return refused;
  }
  // API paths reach the proxy only when they contain a percent-escape (see the matcher); they passed.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  return (await (await page)(request, event)) ?? NextResponse.next();
}

export const config = {
  matcher: [
    "/((?!api/|_next/|favicon.ico|.*\\.(?:svg|png|ico|webmanifest|txt|js|css|map)$).*)",
    // Route handlers skip the proxy (it would sit before every chat's first token) unless the path
    // has an escape to check.
    "/api/:escaped(.*%.*)",
  ],
};
