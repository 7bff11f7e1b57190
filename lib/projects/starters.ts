import { projectStarters, type ProjectOrigin, type ProjectStarter } from "@/db/enums";

export { projectStarters, type ProjectOrigin, type ProjectStarter };

export interface StarterFile {
  path: string;
  content: string;
}

export const starterLabels: Record<ProjectOrigin, { title: string; description: string }> = {
  blank: { title: "Blank", description: "An empty project with a README." },
  typescript: { title: "TypeScript (Node)", description: "A Node.js CLI in TypeScript with a test." },
  react: { title: "React (Vite)", description: "A React app with the Vite layout." },
  python: { title: "Python", description: "A Python module with pytest tests." },
  imported: { title: "Imported .zip", description: "Files imported from a .zip archive." },
};

const lines = (...l: string[]) => `${l.join("\n")}\n`;

const starters: Record<ProjectStarter, (name: string) => StarterFile[]> = {
  blank: (name) => [{ path: "README.md", content: lines(`# ${name}`, "", "Start writing here.") }],
  typescript: (name) => [
    { path: "README.md", content: lines(`# ${name}`, "", "```sh", "npm install", "npm start", "npm test", "```") },
    {
      path: "package.json",
      content: lines(
        "{",
        `  "name": ${JSON.stringify(slugify(name))},`,
        '  "version": "0.1.0",',
        '  "type": "module",',
        '  "scripts": {',
        '    "start": "tsx src/index.ts",',
        '    "test": "node --import tsx --test src/**/*.test.ts"',
        "  },",
        '  "devDependencies": { "tsx": "^4.19.0", "typescript": "^5.9.0" }',
        "}",
      ),
    },
    {
      path: "tsconfig.json",
      content: lines(
        "{",
        '  "compilerOptions": {',
        '    "target": "ES2022",',
        '    "module": "NodeNext",',
        '    "moduleResolution": "NodeNext",',
        '    "strict": true,',
        '    "noEmit": true',
        "  },",
        '  "include": ["src"]',
        "}",
      ),
    },
    {
      path: "src/greet.ts",
      content: lines("export function greet(name: string): string {", "  return `Hello, ${name}!`;", "}"),
    },
    {
      path: "src/index.ts",
      content: lines('import { greet } from "./greet.js";', "", 'console.log(greet(process.argv[2] ?? "world"));'),
    },
    {
      path: "src/greet.test.ts",
      content: lines(
        'import assert from "node:assert/strict";',
        'import { test } from "node:test";',
        "",
        'import { greet } from "./greet.js";',
        "",
        'test("greets by name", () => {',
        '  assert.equal(greet("Ada"), "Hello, Ada!");',
        "});",
      ),
    },
  ],
  react: (name) => [
    { path: "README.md", content: lines(`# ${name}`, "", "```sh", "npm install", "npm run dev", "```") },
    {
      path: "package.json",
      content: lines(
        "{",
        `  "name": ${JSON.stringify(slugify(name))},`,
        '  "private": true,',
        '  "version": "0.1.0",',
        '  "type": "module",',
        '  "scripts": { "dev": "vite", "build": "tsc -b && vite build", "preview": "vite preview" },',
        '  "dependencies": { "react": "^19.0.0", "react-dom": "^19.0.0" },',
        '  "devDependencies": {',
        '    "@types/react": "^19.0.0",',
        '    "@types/react-dom": "^19.0.0",',
        '    "@vitejs/plugin-react": "^5.0.0",',
        '    "typescript": "^5.9.0",',
        '    "vite": "^7.0.0"',
        "  }",
        "}",
      ),
    },
    {
      path: "index.html",
      content: lines(
        "<!doctype html>",
        '<html lang="en">',
        "  <head>",
        '    <meta charset="UTF-8" />',
        '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
        `    <title>${escapeHtml(name)}</title>`,
        "  </head>",
        "  <body>",
        '    <div id="root"></div>',
        '    <script type="module" src="/src/main.tsx"></script>',
        "  </body>",
        "</html>",
      ),
    },
    {
      path: "vite.config.ts",
      content: lines('import react from "@vitejs/plugin-react";', 'import { defineConfig } from "vite";', "", "export default defineConfig({", "  plugins: [react()],", "});"),
    },
    {
      path: "tsconfig.json",
      content: lines(
        "{",
        '  "compilerOptions": {',
        '    "target": "ES2022",',
        '    "lib": ["DOM", "DOM.Iterable", "ES2022"],',
        '    "module": "ESNext",',
        '    "moduleResolution": "bundler",',
        '    "jsx": "react-jsx",',
        '    "strict": true,',
        '    "noEmit": true',
        "  },",
        '  "include": ["src"]',
        "}",
      ),
    },
    {
      path: "src/main.tsx",
      content: lines(
        'import { StrictMode } from "react";',
        'import { createRoot } from "react-dom/client";',
        "",
        'import App from "./App";',
        'import "./index.css";',
        "",
        'createRoot(document.getElementById("root")!).render(',
        "  <StrictMode>",
        "    <App />",
        "  </StrictMode>,",
        ");",
      ),
    },
    {
      path: "src/App.tsx",
      content: lines(
        'import { useState } from "react";',
        "",
        "export default function App() {",
        "  const [count, setCount] = useState(0);",
        "  return (",
        "    <main>",
        `      <h1>{${JSON.stringify(name)}}</h1>`,
        "      <button onClick={() => setCount((c) => c + 1)}>count is {count}</button>",
        "    </main>",
        "  );",
        "}",
      ),
    },
    {
      path: "src/index.css",
      content: lines(
        ":root {",
        "  font-family: system-ui, sans-serif;",
        "  color-scheme: light dark;",
        "}",
        "",
        "main {",
        "  max-width: 40rem;",
        "  margin: 4rem auto;",
        "}",
      ),
    },
  ],
  python: (name) => [
    { path: "README.md", content: lines(`# ${name}`, "", "```sh", "python main.py", "python -m pytest", "```") },
    { path: "requirements.txt", content: lines("pytest>=8") },
    {
      path: "main.py",
      content: lines(
        "import sys",
        "",
        "",
        "def greet(name: str) -> str:",
        '    return f"Hello, {name}!"',
        "",
        "",
        'if __name__ == "__main__":',
        '    print(greet(sys.argv[1] if len(sys.argv) > 1 else "world"))',
      ),
    },
    {
      path: "tests/test_main.py",
      content: lines("from main import greet", "", "", "def test_greet():", '    assert greet("Ada") == "Hello, Ada!"'),
    },
  ],
};

export function starterFiles(starter: ProjectStarter, projectName: string): StarterFile[] {
  return starters[starter](projectName);
}

function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "app"
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
