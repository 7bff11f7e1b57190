import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    // `*.security.test.ts` is the security suite (`npm run test:security`, vitest.security.config.ts).
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", "**/*.security.test.ts"],
    environment: "node",
    globalSetup: ["./lib/testing/global-setup.ts"],
    setupFiles: ["./lib/testing/setup-env.ts"],
    testTimeout: 20_000,
    // next-auth's ESM imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 60_000,
  },
});
