/**
 * The edit the AI-edit specs ask the scripted model for: the TypeScript starter's test file, and a
 * two-hunk patch to it (the first line changes, and a second test is appended).
 */
export const GREET_TEST_PATH = "src/greet.test.ts";

export const GREET_TEST_ORIGINAL = [
  'import assert from "node:assert/strict";',
  'import { test } from "node:test";',
  "",
  'import { greet } from "./greet.js";',
  "",
  'test("greets by name", () => {',
  '  assert.equal(greet("Ada"), "Hello, Ada!");',
  "});",
  "",
].join("\n");

export const GREET_TEST_PATCH = [
  "*** Begin Patch",
  `*** Update File: ${GREET_TEST_PATH}`,
  "@@",
  '-import assert from "node:assert/strict";',
  '+import assert from "node:assert";',
  ' import { test } from "node:test";',
  "@@",
  '   assert.equal(greet("Ada"), "Hello, Ada!");',
  " });",
  "+",
  '+test("greets the world", () => {',
  '+  assert.equal(greet("world"), "Hello, world!");',
  "+});",
  "*** End Patch",
].join("\n");

/** The file with only the first hunk accepted, and with both. */
export const GREET_TEST_FIRST_HUNK_ONLY = GREET_TEST_ORIGINAL.replace('"node:assert/strict"', '"node:assert"');
export const GREET_TEST_BOTH_HUNKS = `${GREET_TEST_FIRST_HUNK_ONLY}\ntest("greets the world", () => {\n  assert.equal(greet("world"), "Hello, world!");\n});\n`;
