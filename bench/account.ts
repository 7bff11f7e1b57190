import { randomBytes } from "node:crypto";

import type { Browser, BrowserContext } from "@playwright/test";

import { installHooks } from "./hooks";

export interface BenchAccount {
  context: BrowserContext;
  cookie: string;
  projectId: string;
  workspaceId: string;
  newSession(projectId?: string): Promise<string>;
  /** A project imported from a zip archive (the real import route); returns its id. */
  importProject(name: string, archive: Uint8Array): Promise<string>;
}

/** Signs up through the real form (sign-up is a server action), then drives the JSON API with the session cookie. */
export async function createBenchAccount(browser: Browser, appUrl: string): Promise<BenchAccount> {
  const context = await browser.newContext({ baseURL: appUrl });
  // tsx compiles with esbuild's keepNames, which wraps functions inside page.evaluate bodies in
  // `__name(...)`; the page needs that helper too.
  await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  await installHooks(context);
  const page = await context.newPage();
  const id = randomBytes(4).toString("hex");
  await page.goto("/sign-up");
  const form = page.getByTestId("sign-up-form");
  await form.getByLabel("Name").fill(`Bench ${id}`);
  await form.getByLabel("Email").fill(`bench-${id}@example.test`);
  await form.getByLabel("Password").fill(`bench-${id}-password`);
  await form.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${appUrl}/`);
  await page.close();
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const api = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${appUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const workspace = await api<{ id: string }>("/api/workspaces", { name: "Bench" });
  // Plan limits (budget, context cap, projects) must not shape what is measured.
  const granted = await fetch(`${appUrl}/api/bench/plan`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ workspaceId: workspace.id }) });
  if (granted.status !== 204) throw new Error(`/api/bench/plan: ${granted.status} ${await granted.text()}`);
  const project = await api<{ id: string }>("/api/projects", { workspaceId: workspace.id, name: "Bench project", starter: "typescript" });
  return {
    context,
    cookie,
    projectId: project.id,
    workspaceId: workspace.id,
    newSession: async (projectId = project.id) => (await api<{ id: string }>(`/api/projects/${projectId}/sessions`, {})).id,
    importProject: async (name, archive) => {
      const query = new URLSearchParams({ workspaceId: workspace.id, name });
      const response = await fetch(`${appUrl}/api/projects/import?${query}`, {
        method: "POST",
        headers: { "content-type": "application/zip", cookie },
        body: Buffer.from(archive),
      });
      if (!response.ok) throw new Error(`import: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { id?: string; project?: { id: string } };
      const id = body.id ?? body.project?.id;
      if (!id) throw new Error(`import answered no project id: ${JSON.stringify(body).slice(0, 200)}`);
      return id;
    },
  };
}
