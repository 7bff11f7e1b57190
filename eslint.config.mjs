import { builtinModules } from "node:module";

import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Only db/ touches the database driver.
const drizzleOnlyInDb = {
  group: ["drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/pglite", "@electric-sql/pglite/*"],
  message: "Only db/ talks to the database driver; call a db/queries function instead.",
};

// Imports point one way: app → components → lib → db. `import/no-restricted-paths` resolves every
// import form (`@/…`, relative, bare re-exports) to a file before checking, so none bypasses it.
const layering = [
  { target: "./components", from: ["./app", "./db"], message: "Imports point one way: app → components → lib → db." },
  { target: "./lib", from: ["./app", "./components"], message: "Imports point one way: app → components → lib → db." },
  { target: "./db", from: ["./app", "./components"], message: "Imports point one way: app → components → lib → db." },
  { target: "./db", from: "./lib", except: ["./env.ts"], message: "db/ sits below lib/; only the leaf config module lib/env is allowed." },
  // lib/edits is pure: nothing from the rest of the project (node: modules are refused below).
  {
    target: "./lib/edits",
    from: ["./app", "./components", "./db", "./bin", "./bench", "./e2e", "./scripts"],
    message: "lib/edits is pure: it imports nothing from the rest of the project.",
  },
  { target: "./lib/edits", from: "./lib", except: ["./edits"], message: "lib/edits is pure: it imports nothing from the rest of the project." },
];

// Production code never imports test code.
const productionTargets = ["./app", "./components", "./lib", "./db", "./bin", "./instrumentation.ts", "./proxy.ts"];
const noTestCode = productionTargets.map((target) => ({
  target,
  from: ["./lib/testing", "./e2e", "./bench", "./scripts"],
  message: "Production code never imports test code (lib/testing, e2e, bench, scripts).",
}));

const testFiles = ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**", "lib/edits/test-arbitraries.ts"];

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
      "import/no-restricted-paths": ["error", { zones: layering }],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "db/**", "bin/**", "instrumentation.ts", "proxy.ts"],
    ignores: testFiles,
    rules: { "import/no-restricted-paths": ["error", { zones: [...layering, ...noTestCode] }] },
  },
  {
    // Playwright fixtures call their callback `use`, which is not React's hook.
    files: ["e2e/**", "bench/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["app/**", "components/**", "lib/**", "e2e/**", "bench/**", "bin/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [drizzleOnlyInDb] }] },
  },
  {
    files: ["lib/edits/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [drizzleOnlyInDb],
          paths: builtinModules.map((name) => ({ name, message: "lib/edits is pure: no Node modules." })),
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ImportDeclaration[source.value=/^node:/]", message: "lib/edits is pure: no Node modules." },
        { selector: "ImportExpression[source.value=/^node:/]", message: "lib/edits is pure: no Node modules." },
        { selector: "ExportAllDeclaration[source.value=/^node:/]", message: "lib/edits is pure: no Node modules." },
        { selector: "ExportNamedDeclaration[source.value=/^node:/]", message: "lib/edits is pure: no Node modules." },
      ],
    },
  },
];

export default config;
