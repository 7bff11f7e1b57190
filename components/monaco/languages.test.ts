import { describe, expect, it } from "vitest";

import { PLAIN_TEXT, resolveLanguage, SERVICED_LANGUAGES, viewLanguageId, type LanguageDefinition } from "./languages";

// A slice of what monaco.languages.getLanguages() returns, including overlapping extensions.
const languages: LanguageDefinition[] = [
  { id: "plaintext", extensions: [".txt"], aliases: ["Plain Text", "text"] },
  { id: "typescript", extensions: [".ts", ".tsx", ".cts", ".mts"], aliases: ["TypeScript", "ts"] },
  { id: "javascript", extensions: [".js", ".es6", ".jsx", ".mjs", ".cjs"], aliases: ["JavaScript", "js"] },
  { id: "json", extensions: [".json", ".bowerrc", ".jshintrc", ".jscsrc", ".eslintrc", ".babelrc", ".har"], aliases: ["JSON", "json"] },
  { id: "dockerfile", extensions: [".dockerfile"], filenames: ["Dockerfile"], aliases: ["Dockerfile"] },
  { id: "python", extensions: [".py", ".rpy", ".pyw", ".cpy", ".gyp", ".gypi"], aliases: ["Python", "py"] },
  { id: "markdown", extensions: [".md", ".markdown", ".mdown"], aliases: ["Markdown", "markdown"] },
  { id: "mdx", extensions: [".mdx"], aliases: ["MDX", "mdx"] },
];

describe("resolveLanguage", () => {
  it.each([
    ["src/index.ts", "typescript", "TypeScript"],
    ["App.TSX", "typescript", "TypeScript"],
    ["a/b/c.mjs", "javascript", "JavaScript"],
    ["main.py", "python", "Python"],
    ["package.json", "json", "JSON"],
    ["docs/page.mdx", "mdx", "MDX"],
    ["README.md", "markdown", "Markdown"],
  ])("%s → %s", (path, id, name) => {
    expect(resolveLanguage(path, languages)).toEqual({ id, name });
  });

  it("matches exact file names before extensions, case-insensitively", () => {
    expect(resolveLanguage("deploy/Dockerfile", languages).id).toBe("dockerfile");
    expect(resolveLanguage("dockerfile", languages).id).toBe("dockerfile");
  });

  it("treats dot-files listed as extensions as that language", () => {
    expect(resolveLanguage(".babelrc", languages).id).toBe("json");
  });

  it("falls back to plain text", () => {
    expect(resolveLanguage("LICENSE", languages)).toEqual(PLAIN_TEXT);
    expect(resolveLanguage("archive.tar.gz", languages)).toEqual(PLAIN_TEXT);
  });

  it("does not match an extension in the middle of the name", () => {
    expect(resolveLanguage("notes.ts.bak", languages)).toEqual(PLAIN_TEXT);
  });
});

describe("viewLanguageId", () => {
  it("moves languages with a checking worker to a Wafer-only id", () => {
    expect(viewLanguageId("typescript")).toBe("wafer-view-typescript");
    expect(viewLanguageId("javascript")).toBe("wafer-view-javascript");
    expect(viewLanguageId("css")).toBe("wafer-view-css");
    expect(viewLanguageId("html")).toBe("wafer-view-html");
  });

  it("keeps every other language, so its colouring is unchanged", () => {
    expect(viewLanguageId("python")).toBe("python");
    expect(viewLanguageId("json")).toBe("json");
    expect(viewLanguageId(PLAIN_TEXT.id)).toBe("plaintext");
  });

  it("never maps two languages to one id, nor onto a serviced one", () => {
    const ids = SERVICED_LANGUAGES.map(viewLanguageId);
    expect(new Set(ids).size).toBe(SERVICED_LANGUAGES.length);
    for (const id of ids) expect(SERVICED_LANGUAGES as readonly string[]).not.toContain(id);
  });
});
