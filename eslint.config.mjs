import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Imports point one way: app → components → lib → db. Only db/ touches drizzle.
const drizzleOnlyInDb = {
  group: ["drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite", "@electric-sql/pglite/*"],
  message: "Only db/ talks to the database driver; call a db/queries function instead.",
};
const noUpward = (layers) =>
  layers.map((layer) => ({
    group: [`@/${layer}`, `@/${layer}/*`],
    message: `Imports point one way: app → components → lib → db. Do not import ${layer}/ from here.`,
  }));

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "db/migrations/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  {
    // Playwright fixtures call their callback `use`, which is not React's hook.
    files: ["e2e/**", "bench/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["app/**", "components/**", "e2e/**", "bench/**", "bin/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [drizzleOnlyInDb] }] },
  },
  {
    files: ["components/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [drizzleOnlyInDb, ...noUpward(["app", "db"])] }] },
  },
  {
    files: ["lib/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [drizzleOnlyInDb, ...noUpward(["app", "components"])] }] },
  },
  {
    files: ["lib/edits/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [drizzleOnlyInDb, ...noUpward(["app", "components", "db", "lib/ai", "lib/auth"])] }],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...noUpward(["app", "components"]),
            { group: ["@/lib/*", "!@/lib/env"], message: "db/ sits below lib/; only the leaf config module lib/env is allowed." },
          ],
        },
      ],
    },
  },
];

export default config;
