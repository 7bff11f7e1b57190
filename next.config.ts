import type { NextConfig } from "next";

import { apiContentSecurityPolicy, shareLinkHeaders, staticSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons and the embedded database load files relative to their own package at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres"],
  typedRoutes: false,
  // monaco-vim imports Monaco by its pre-0.50 deep paths, which monaco-editor 0.57's exports map
  // no longer resolves; point them at the same modules the app's Monaco is built from. Its ESM
  // build, not the browser UMD one that inlines parts of an old Monaco.
  turbopack: {
    resolveAlias: {
      "monaco-vim": "./node_modules/monaco-vim/dist/index.mjs",
      "monaco-editor/esm/vs/editor/editor.api": "monaco-editor/editor/editor.api.js",
      "monaco-editor/esm/vs/editor/common/commands/shiftCommand": "monaco-editor/editor/common/commands/shiftCommand.js",
    },
  },
  // Pages get their per-request CSP from proxy.ts; everything gets the static headers.
  async headers() {
    return [
      { source: "/:path*", headers: [...staticSecurityHeaders] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
      // Share links: the token must not leak through Referer, and link pages stay out of search engines.
      ...["/s/:path*", "/api/s/:path*"].map((source) => ({ source, headers: [...shareLinkHeaders] })),
    ];
  },
  // Test and benchmark builds (`npm run build:test`) expose debug handles on window; always
  // defined, so production bundles drop them as dead code (components/test-hooks.ts).
  env: { WAFER_TEST_HOOKS: process.env.WAFER_TEST_HOOKS === "1" ? "1" : "" },
};

export default nextConfig;
