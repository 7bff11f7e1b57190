// Monaco's Monarch definitions (monaco-editor/esm/vs/languages/definitions/<id>/<id>.js) ship
// without typings; view-languages.ts imports them to reuse their tokenizer and configuration.
declare module "monaco-editor/languages/definitions/*" {
  import type { languages } from "monaco-editor";

  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
