import type { BrowserContext } from "@playwright/test";

/**
 * The one place the benchmark reaches into the app's debug hooks (`window.__wafer*`). Page scripts
 * call `window.__bench.chat()` and friends; when the app changes how it exposes the hooks (a test or
 * bench-only entry), only this script changes.
 */
const HOOKS_SCRIPT = `Object.defineProperty(globalThis, "__bench", { configurable: true, value: {
  chat: () => globalThis.__waferChat,
  editor: () => globalThis.__waferEditor,
  aiEdits: () => globalThis.__waferAiEdits,
} });`;

declare global {
  interface Window {
    __bench: {
      chat(): Window["__waferChat"];
      editor(): Window["__waferEditor"];
      aiEdits(): Window["__waferAiEdits"];
    };
  }
}

export async function installHooks(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: HOOKS_SCRIPT });
}
