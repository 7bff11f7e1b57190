/**
 * Debug handles for the e2e suite and the benchmarks (`window.__waferEditor`, `__waferAiEdits`,
 * `__waferChat`). Only test builds have them: `npm run build:test` builds with WAFER_TEST_HOOKS=1,
 * which next.config.ts inlines at build time (as "" otherwise). Call sites test
 * `process.env.WAFER_TEST_HOOKS === "1"` themselves, with the handle's name inside the branch, so in
 * a production bundle the branch and the name are dead code the minifier drops (a helper function
 * would not be inlined across modules).
 */

/** Puts `value` on `window[name]` until the returned function runs (if it is still the one there). */
export function exposeOnWindow<K extends "__waferEditor" | "__waferAiEdits" | "__waferChat">(name: K, value: Window[K]): () => void {
  const target: Window = window;
  target[name] = value;
  return () => {
    if (target[name] === value) delete target[name];
  };
}
