import type * as MonacoApi from "monaco-editor";

export type Monaco = typeof MonacoApi;

let pending: Promise<Monaco> | null = null;

/** Loads Monaco once, in the browser only; server code may import this file but never calls it. */
export function loadMonaco(): Promise<Monaco> {
  if (typeof window === "undefined") return Promise.reject(new Error("Monaco only runs in the browser."));
  pending ??= import("./monaco-environment").then((module) => module.monaco as Monaco);
  return pending;
}

export type ResolvedTheme = "light" | "dark";

export function monacoThemeFor(theme: ResolvedTheme): string {
  return theme === "dark" ? "wafer-dark" : "wafer-light";
}
