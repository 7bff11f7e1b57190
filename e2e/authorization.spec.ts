import type { APIRequestContext } from "@playwright/test";
import { request as playwrightRequest } from "@playwright/test";

import { apiAs, baseURL, expect, signedInPage, test, type Account } from "./fixtures";

/**
 * A smoke check of the main project routes over HTTP against the production build, three ways:
 * anonymous → 401, a signed-in stranger → 404 (existence is not revealed), a workspace viewer →
 * reads allowed, writes 403. The full matrix (every route handler and server action × six callers)
 * is app/authorization.test.ts.
 */
type Call = { name: string; write: boolean; run: (api: APIRequestContext, ids: Ids) => Promise<{ status(): number }> };
type Ids = { projectId: string; workspaceId: string };

const file = (ids: Ids, path = "README.md") => `/api/projects/${ids.projectId}/files/${path}`;

const calls: Call[] = [
  { name: "GET tree", write: false, run: (api, ids) => api.get(`/api/projects/${ids.projectId}/tree`) },
  { name: "GET file", write: false, run: (api, ids) => api.get(file(ids)) },
  { name: "GET export", write: false, run: (api, ids) => api.get(`/api/projects/${ids.projectId}/export`) },
  { name: "POST file", write: true, run: (api, ids) => api.post(`/api/projects/${ids.projectId}/files`, { data: { path: "new.txt", kind: "file", content: "x" } }) },
  { name: "PUT file", write: true, run: (api, ids) => api.put(file(ids), { data: { content: "hacked", baseVersion: 1 } }) },
  { name: "PATCH file", write: true, run: (api, ids) => api.patch(file(ids), { data: { newPath: "moved.md" } }) },
  { name: "DELETE file", write: true, run: (api, ids) => api.delete(file(ids)) },
  { name: "PATCH project", write: true, run: (api, ids) => api.patch(`/api/projects/${ids.projectId}`, { data: { name: "hacked" } }) },
  { name: "DELETE project", write: true, run: (api, ids) => api.delete(`/api/projects/${ids.projectId}`) },
  { name: "POST project", write: true, run: (api, ids) => api.post("/api/projects", { data: { workspaceId: ids.workspaceId, name: "x", starter: "blank" } }) },
  {
    name: "POST import",
    write: true,
    run: (api, ids) =>
      api.post(`/api/projects/import?workspaceId=${ids.workspaceId}&name=x`, { headers: { "content-type": "application/zip" }, data: Buffer.from("PK") }),
  },
  {
    name: "POST member",
    write: true,
    run: (api, ids) => api.post(`/api/workspaces/${ids.workspaceId}/members`, { data: { email: "nobody@example.test", role: "member" } }),
  },
];

let owner: APIRequestContext;
let ownerAccount: Account;
let team: Ids;

test.beforeAll(async ({ browser }) => {
  const signedIn = await signedInPage(browser, "owner");
  ownerAccount = signedIn.account;
  await signedIn.page.context().close();
  owner = await apiAs(ownerAccount);
  const workspace = (await (await owner.post("/api/workspaces", { data: { name: "Team" } })).json()) as { id: string };
  const project = (await (await owner.post("/api/projects", { data: { workspaceId: workspace.id, name: "Shared", starter: "typescript" } })).json()) as { id: string };
  team = { projectId: project.id, workspaceId: workspace.id };
});

test.afterAll(async () => {
  await owner.dispose();
});

test("anonymous callers get 401 on every route", async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  for (const call of calls) {
    const response = await call.run(anonymous, team);
    expect(response.status(), call.name).toBe(401);
  }
  await anonymous.dispose();
});

test("another user gets 404 on every route and on the IDE page", async ({ browser }) => {
  const { page, account } = await signedInPage(browser, "stranger");
  const stranger = await apiAs(account);
  for (const call of calls) {
    const response = await call.run(stranger, team);
    expect(response.status(), call.name).toBe(404);
  }
  const pageResponse = await page.goto(`/p/${team.projectId}`);
  expect(pageResponse?.status()).toBe(404);
  await stranger.dispose();
  // Nothing changed for the owner.
  const readme = await owner.get(file(team));
  expect(((await readme.json()) as { version: number }).version).toBe(1);
});

test("a workspace viewer can read but every write is 403", async ({ browser }) => {
  const { account } = await signedInPage(browser, "viewer");
  const added = await owner.post(`/api/workspaces/${team.workspaceId}/members`, { data: { email: account.email, role: "viewer" } });
  expect(added.status()).toBe(201);
  const viewer = await apiAs(account);
  for (const call of calls) {
    const response = await call.run(viewer, team);
    expect(response.status(), call.name).toBe(call.write ? 403 : 200);
  }
  await viewer.dispose();
});

test("anonymous page views are sent to sign-in and come back after", async ({ page }) => {
  await page.goto(`/p/${team.projectId}`);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("Email").fill(ownerAccount.email);
  await form.getByLabel("Password").fill(ownerAccount.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`/p/${team.projectId}`);
});

test("sign-in is throttled per account after repeated failures", async ({ browser, page }) => {
  const { account: victim } = await signedInPage(browser, "victim");
  for (let i = 0; i < 5; i++) {
    await page.goto("/sign-in");
    const form = page.getByTestId("sign-in-form");
    await form.getByLabel("Email").fill(victim.email);
    await form.getByLabel("Password").fill("wrong-password");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // Even the right password is refused while the account is locked.
  await page.goto("/sign-in");
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("Email").fill(victim.email);
  await form.getByLabel("Password").fill(victim.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toContainText("Too many failed attempts");
});
