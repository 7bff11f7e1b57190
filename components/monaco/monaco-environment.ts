import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

import { NODE_GLOBALS_DTS, NODE_GLOBALS_PATH } from "./node-globals";
import { registerViewLanguages } from "./view-languages";

/**
 * Browser-only (imported dynamically by load-monaco.ts). Everything Monaco needs comes from the
 * installed package: the editor, its CSS and its workers. Nothing is fetched from a CDN.
 */

// Static `new URL(…, import.meta.url)` calls let the bundler emit each worker as its own chunk.
function createWorker(label: string): Worker {
  switch (label) {
    case "json":
      return new Worker(new URL("monaco-editor/languages/features/json/json.worker", import.meta.url), { type: "module", name: label });
    case "css":
    case "scss":
    case "less":
      return new Worker(new URL("monaco-editor/languages/features/css/css.worker", import.meta.url), { type: "module", name: label });
    case "html":
    case "handlebars":
    case "razor":
      return new Worker(new URL("monaco-editor/languages/features/html/html.worker", import.meta.url), { type: "module", name: label });
    case "typescript":
    case "javascript":
      return new Worker(new URL("monaco-editor/languages/features/typescript/ts.worker", import.meta.url), { type: "module", name: label });
    default:
      return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module", name: label });
  }
}

self.MonacoEnvironment = { getWorker: (_workerId, label) => createWorker(label) };

// Anything that renders @monaco-editor/react's <Editor>/<DiffEditor> gets this instance instead of
// the loader's default, which would inject a script from a CDN.
loader.config({ monaco });

// Project files are edited one at a time, without node_modules or type packages: keep the language
// service useful (syntax, local types) without flagging every import it cannot resolve.
const ignoredDiagnostics = [
  2307, // Cannot find module
  2792, // Cannot find module (moduleResolution hint)
  7016, // Could not find a declaration file for module
  2875, // JSX tag requires the module path 'react/jsx-runtime'
  7026, // JSX element implicitly has type 'any' (no JSX.IntrinsicElements)
];
for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
  defaults.setCompilerOptions({
    ...defaults.getCompilerOptions(),
    target: monaco.typescript.ScriptTarget.ESNext,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    jsx: monaco.typescript.JsxEmit.ReactJSX,
    allowJs: true,
    allowNonTsExtensions: true,
    esModuleInterop: true,
    skipLibCheck: true,
  });
  defaults.setDiagnosticsOptions({ ...defaults.getDiagnosticsOptions(), diagnosticCodesToIgnore: ignoredDiagnostics });
  // Without it the TypeScript starter opens on "Cannot find name 'process'".
  defaults.addExtraLib(NODE_GLOBALS_DTS, NODE_GLOBALS_PATH);
}

registerViewLanguages(monaco);

// Editor chrome in the workbench's zinc palette; token colours stay VS Code's (vs / vs-dark).
monaco.editor.defineTheme("wafer-light", {
  base: "vs",
  inherit: true,
  rules: [],
  colors: { "editor.background": "#ffffff", "editorGutter.background": "#ffffff", "editor.lineHighlightBorder": "#f4f4f5" },
});
monaco.editor.defineTheme("wafer-dark", {
  base: "vs-dark",
  inherit: true,
  rules: [],
  colors: {
    "editor.background": "#18181b",
    "editorGutter.background": "#18181b",
    "editor.lineHighlightBorder": "#27272a",
    // vs-dark fills the symbol under the cursor grey, which drops keyword blue under 4.5:1 contrast;
    // an outline marks the same occurrences and leaves the text on the editor's own background.
    "editor.wordHighlightBackground": "#00000000",
    "editor.wordHighlightBorder": "#71717a",
    "editor.wordHighlightStrongBackground": "#00000000",
    "editor.wordHighlightStrongBorder": "#a1a1aa",
    "editor.selectionHighlightBackground": "#00000000",
    "editor.selectionHighlightBorder": "#71717a",
  },
});

export { monaco };
