import { createHash } from "node:crypto";

/**
 * Response security headers, one table for the whole app: next.config.ts sends the static ones on
 * every response, proxy.ts adds the per-request CSP to pages.
 */
export const staticSecurityHeaders: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // frame-ancestors 'none' in the CSP is the modern form; X-Frame-Options covers older browsers.
  { key: "X-Frame-Options", value: "DENY" },
  // Share links carry ids: never send them to other sites.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Share-link pages and their API: the token is the credential, so no Referer at all, and no indexing. */
export const shareLinkHeaders: readonly { key: string; value: string }[] = [
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
];

/** API answers are data, never documents: nothing may load or frame them. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/** Runs before paint so the first frame already has the right theme (no flash). Allowed by its hash. */
export const themeScript = `(function(){try{var t=localStorage.getItem("wafer-theme")||"system";var d=t==="dark"||(t==="system"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);document.documentElement.dataset.theme=t}catch(e){}})()`;
const themeScriptHash = `'sha256-${createHash("sha256").update(themeScript).digest("base64")}'`;

/**
 * The page CSP. Scripts: Next's inline RSC payload and chunk tags carry the per-request nonce (Next
 * reads it from this header on the request), and 'strict-dynamic' lets those scripts load the rest;
 * no 'unsafe-inline', no host allowlist. Styles: Monaco injects <style> elements and style
 * attributes at run time, so style-src keeps 'unsafe-inline' (styles cannot run code). Monaco's
 * workers are same-origin chunks (worker-src 'self'). Images: own files and data: URIs (Monaco's
 * and the markdown renderer's inline icons); a model's markdown cannot load remote images.
 */
export function pageContentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's dev build evaluates code for its debugging aids; production never needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${themeScriptHash}${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
