import { defineConfig } from "vitest/config";

import base from "./vitest.config";

/**
 * `npm run test:security`: the real route handlers, called with Request objects against the real
 * database (TEST_DATABASE_URL) or PGlite. SECURITY_FUZZ_RUNS sets the fuzz runs per property
 * (1,000 by default; CI runs fewer), SECURITY_FUZZ_SEED replays a logged seed.
 */
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: ["**/*.security.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    testTimeout: 600_000,
    // One file at a time: the fuzzers share two cores with Postgres.
    fileParallelism: false,
    // next-auth imports `next/server` without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
  },
});
