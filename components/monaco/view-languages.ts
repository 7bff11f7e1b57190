import type * as MonacoApi from "monaco-editor";

import { SERVICED_LANGUAGES, viewLanguageId, type ServicedLanguage } from "./languages";

type MonarchModule = { conf: MonacoApi.languages.LanguageConfiguration; language: MonacoApi.languages.IMonarchLanguage };

// The same modules Monaco's own registrations load, bundled locally and loaded on first use.
const definitions: Record<ServicedLanguage, () => Promise<MonarchModule>> = {
  typescript: () => import("monaco-editor/languages/definitions/typescript/typescript"),
  javascript: () => import("monaco-editor/languages/definitions/javascript/javascript"),
  css: () => import("monaco-editor/languages/definitions/css/css"),
  scss: () => import("monaco-editor/languages/definitions/scss/scss"),
  less: () => import("monaco-editor/languages/definitions/less/less"),
  html: () => import("monaco-editor/languages/definitions/html/html"),
};

/**
 * Registers the Wafer-only view languages (see viewLanguageId) the way Monaco registers its Monarch
 * languages: a lazy tokenizer and configuration, no extensions (never picked for a file) and no
 * language service, so no worker syncs or checks a proposal model.
 */
export function registerViewLanguages(monaco: typeof MonacoApi): void {
  for (const id of SERVICED_LANGUAGES) {
    const viewId = viewLanguageId(id);
    const load = definitions[id];
    monaco.languages.register({ id: viewId });
    monaco.languages.registerTokensProviderFactory(viewId, { create: async () => (await load()).language });
    monaco.languages.onLanguageEncountered(viewId, () => {
      void load().then((module) => monaco.languages.setLanguageConfiguration(viewId, module.conf));
    });
  }
}
