import { spawn, type ChildProcess } from "node:child_process";

import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";

import { apiAs, baseURL, expect, newAccount, signedInPage, signUp, test } from "./fixtures";
import { IdePage } from "./pages/ide-page";
import { E2E_EXTRA_PORT, E2E_UPSTREAM_PORT } from "./support/ports";

/**
 * What only a real `next start` can show: response headers, the CSP in Chromium with Monaco running,
 * framing, Next's own handling of server actions and URL decoding, and the socket address the
 * per-IP throttles key on. Route-level checks live in app/api/*.security.test.ts.
 */

const FOREIGN_ORIGIN = "http://localhost:9999";

function expectStaticHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("same-origin");
}

function nonceOf(csp: string | undefined): string | undefined {
  return csp?.match(/'nonce-([^']+)'/)?.[1];
}

test.describe("finding 6: security headers", () => {
  test("pages, API answers, static files, 404s and refusals all carry them; pages a fresh nonce each", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    expectStaticHeaders(first, "page");
    const csp = first.headers()["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    const nonce = nonceOf(csp);
    expect(nonce).toBeTruthy();
    expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);

    // Every script Next rendered carries the nonce, except the theme script, allowed by its hash.
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(1);
    const unnonced = scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`));
    expect(unnonced.length).toBeLessThanOrEqual(1);

    const api = await request.get("/api/health");
    expectStaticHeaders(api, "api");
    expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");

    const chunk = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
    expect(chunk).toBeTruthy();
    expectStaticHeaders(await request.get(chunk!), "static chunk");

    // Under a public prefix, so the proxy renders the 404 rather than bouncing to sign-in.
    const missing = await request.get("/sign-in/no-such-page");
    expect(missing.status()).toBe(404);
    expectStaticHeaders(missing, "404");
    expect(missing.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

    const refused = await request.get("/p/%FF");
    expect(refused.status()).toBe(400);
    expectStaticHeaders(refused, "proxy refusal");
  });

  test("the IDE works under the CSP: Monaco, its workers and styles, with 0 violations reported", async ({ browser }) => {
    const { page, dashboard } = await signedInPage(browser, "csp");
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply|create|connect)/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        void (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
          `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
        );
      });
    });
    await page.reload();
    await dashboard.createProject("CSP", "typescript");
    const ide = new IdePage(page);
    await ide.waitForReady();
    await ide.openFile("src/index.ts");
    await ide.typeInEditor("\nconst broken: number = 'not a number';");
    // The TypeScript worker ran: it reported the type error.
    const diagnostics = () => page.evaluate(() => window.__waferEditor?.getMonaco()?.editor.getModelMarkers({ owner: "typescript" }).length ?? 0);
    await expect.poll(diagnostics, { timeout: 20_000 }).toBeGreaterThan(0);
    // Theme script and styles applied (the theme toggle writes <html data-theme>).
    await ide.setTheme("Dark");
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.reload();
    await ide.waitForReady();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(violations).toEqual([]);
  });

  test("no other site can frame the app", async ({ page }) => {
    // setContent resolves on the load event, which waits for both frames; the control frame (the
    // scripted upstream, which sends no framing headers) shows that frames do load here.
    await page.setContent(
      `<iframe id="app" src="${baseURL}/sign-in"></iframe><iframe id="control" src="http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1/models"></iframe>`,
    );
    await expect(page.frameLocator("#control").locator("body")).toContainText("gpt-oss-120b");
    await expect(page.frameLocator("#app").getByTestId("sign-in-form")).toHaveCount(0);
  });
});

test.describe("findings 3 and 9: what Next itself used to answer with a 500", () => {
  test("a server action posted from another origin is refused with 403; the same post from the app works", async ({ request }) => {
    const html = await (await request.get("/sign-in")).text();
    // The sign-in form's action, as a browser without JavaScript (or a forged form) posts it.
    const unescape = (text: string) =>
      text.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [unescape(m[1]!), unescape(m[2] ?? "")]),
    );
    expect(Object.keys(fields).some((name) => name.startsWith("$ACTION"))).toBe(true);
    const form = { ...fields, email: "nobody@example.test", password: "wrong-password" };
    const forged = await request.post("/sign-in", { multipart: form, headers: { origin: FOREIGN_ORIGIN }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const nullOrigin = await request.post("/sign-in", { multipart: form, headers: { origin: "null" }, maxRedirects: 0 });
    expect(nullOrigin.status()).toBe(403);
    const own = await request.post("/sign-in", { multipart: form, headers: { origin: baseURL }, maxRedirects: 0 });
    expect(own.status()).toBeLessThan(400);
    expect(await own.text()).toContain("Wrong email or password");
  });

  test("malformed percent-escapes in dynamic segments answer 400, signed in or not", async ({ browser, request }) => {
    const { page, account, dashboard } = await signedInPage(browser, "escapes");
    const projectId = await dashboard.createProject("Escapes", "typescript");
    await page.close();
    const api = await apiAs(account);
    const paths = [
      `/api/projects/${projectId}/files/%FF.txt`,
      `/api/projects/${projectId}/files/src/%E0%A4%A.ts`,
      "/p/%FF",
      "/p/%ED%A0%80",
      "/api/sessions/%FF",
      "/api/sessions/%FF/review",
    ];
    for (const path of paths) {
      for (const client of [api, request]) {
        expect((await client.get(path)).status(), path).toBe(400);
      }
      expect((await api.post(path, { data: {}, headers: { origin: baseURL } })).status(), `POST ${path}`).toBe(400);
    }
    // A well-formed escape still reaches the file.
    const ok = await api.get(`/api/projects/${projectId}/files/${encodeURIComponent("README.md")}`);
    expect(ok.status()).toBe(200);
  });

  test("an API write with a signed-in cookie from another origin, or as text/plain, is refused", async ({ browser }) => {
    const { page, account } = await signedInPage(browser, "csrf");
    await page.close();
    const api = await apiAs(account);
    const forged = await api.post("/api/workspaces", { data: { name: "Forged" }, headers: { origin: FOREIGN_ORIGIN } });
    expect(forged.status()).toBe(403);
    const plain = await api.post("/api/workspaces", {
      data: JSON.stringify({ name: "Plain" }),
      headers: { origin: baseURL, "content-type": "text/plain" },
    });
    expect(plain.status()).toBe(415);
    const own = await api.post("/api/workspaces", { data: { name: "Own" }, headers: { origin: baseURL } });
    expect(own.status()).toBe(201);
  });
});

test.describe("finding 5: per-IP throttles key on the socket, not on X-Forwarded-For", () => {
  const SIGNUPS_PER_IP = 3;
  const FAILURES_PER_IP = 4;
  const throttledURL = `http://localhost:${E2E_EXTRA_PORT}`;
  let server: ChildProcess;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = spawn(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        "e2e/support/start-server.ts",
        "--port",
        String(E2E_EXTRA_PORT),
        "--env",
        `AUTH_SIGNUP_MAX_PER_IP=${SIGNUPS_PER_IP}`,
        "--env",
        `AUTH_SIGNIN_MAX_FAILURES_PER_IP=${FAILURES_PER_IP}`,
      ],
      { stdio: "ignore", detached: true },
    );
    const deadline = Date.now() + 100_000;
    for (;;) {
      const up = await fetch(`${throttledURL}/api/health`).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error("throttled server did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(() => {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  });

  test("rotating X-Forwarded-For does not reset the sign-up limit", async ({ browser }) => {
    const outcomes: string[] = [];
    for (let i = 0; i < SIGNUPS_PER_IP + 3; i++) {
      const context = await browser.newContext({ baseURL: throttledURL, extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${i + 1}` } });
      const page = await context.newPage();
      const account = newAccount("throttle");
      await page.goto("/sign-up");
      const form = page.getByTestId("sign-up-form");
      await form.getByLabel("Name").fill(account.name);
      await form.getByLabel("Email").fill(account.email);
      await form.getByLabel("Password").fill(account.password);
      await form.getByRole("button", { name: "Create account" }).click();
      const limited = page.getByText("Too many sign-ups from this network");
      await expect(limited.or(page.getByTestId("current-user"))).toBeVisible();
      outcomes.push((await limited.isVisible()) ? "limited" : "created");
      await context.close();
    }
    expect(outcomes).toEqual([...Array(SIGNUPS_PER_IP).fill("created"), ...Array(3).fill("limited")]);
  });

  test("rotating X-Forwarded-For does not reset the sign-in failure limit", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < FAILURES_PER_IP + 3; i++) {
      const api: APIRequestContext = await playwrightRequest.newContext({
        baseURL: throttledURL,
        extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${i + 1}` },
      });
      const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
      // A different account each time, so only the per-IP limit can stop it.
      const response = await api.post("/api/auth/callback/credentials", {
        form: { email: `nobody-${i}@example.test`, password: "wrong-password", csrfToken, callbackUrl: throttledURL },
        maxRedirects: 0,
      });
      outcomes.push(/code=rate_limited/.test(response.headers()["location"] ?? "") ? "limited" : "failed");
      await api.dispose();
    }
    expect(outcomes).toEqual([...Array(FAILURES_PER_IP).fill("failed"), ...Array(3).fill("limited")]);
  });
});

test("a signed-in dashboard still loads (sanity for the proxy's sign-in bounce)", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signUp(page, newAccount("bounce"));
  // `/` opens the last used workspace's dashboard.
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/w/[a-z0-9-]+$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
