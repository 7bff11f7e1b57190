import { mkdirSync } from "node:fs";

import { baseURL, expect, newAccount, signUp, test } from "./fixtures";
import { chooseTheme, LandingPage, SHOTS_DIR } from "./pages/account-pages";

/** `/` (issue 14, defect 2): says what Wafer is, shows it, leads to sign-up; fetches nothing from outside. */

test("a visitor's / is the landing page: heading, demo, sign-up; only the app's own host is asked", async ({ page }) => {
  const hosts = new Set<string>();
  page.on("request", (request) => {
    hosts.add(new URL(request.url()).host);
  });
  const landing = new LandingPage(page);
  await landing.goto();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(landing.heading).toContainText("Pair-program");
  await expect(landing.demo).toBeVisible();
  await expect(landing.demo).toContainText("Add type hints");
  expect([...hosts]).toEqual([new URL(baseURL).host]);

  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const theme of ["Light", "Dark"] as const) {
    await chooseTheme(page, theme);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: `${SHOTS_DIR}/landing-${theme.toLowerCase()}.png` });
  }
  await page.setViewportSize({ width: 800, height: 600 });
  await page.screenshot({ path: `${SHOTS_DIR}/landing-800.png`, fullPage: true });

  await landing.signUp.click();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("the landing page ships little JavaScript of its own", async ({ page }) => {
  let scriptBytes = 0;
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script") scriptBytes += (await response.body()).length;
  });
  await new LandingPage(page).goto();
  await page.waitForLoadState("networkidle");
  console.info(`landing page: ${Math.round(scriptBytes / 1024)} KiB of script (uncompressed)`);
  // Next's runtime and React plus the theme toggle; Monaco and the chat never load here.
  expect(scriptBytes).toBeLessThan(900 * 1024);
});

test("a signed-in user's / opens their dashboard", async ({ page }) => {
  await signUp(page, newAccount("home"));
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/w/[a-z0-9-]+$`));
});
