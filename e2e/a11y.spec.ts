import { expect, signUp, newAccount, test } from "./fixtures";
import { IdePage } from "./pages/ide-page";
import { ProblemsPanel } from "./pages/problems-panel";
import { SearchPanel } from "./pages/search-panel";
import { expectNoSeriousA11yViolations, shot } from "./support/axe";

/** axe-core on every page, in both themes: no serious or critical violations. */

for (const scheme of ["light", "dark"] as const) {
  test(`every page has no serious or critical axe violations (${scheme})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));

    await page.goto("/sign-in");
    expect(await isDark()).toBe(scheme === "dark");
    await expectNoSeriousA11yViolations(page, `sign-in (${scheme})`);
    await page.goto("/sign-up");
    await expectNoSeriousA11yViolations(page, `sign-up (${scheme})`);

    const dashboard = await signUp(page, newAccount("a11y"));
    await expectNoSeriousA11yViolations(page, `dashboard (${scheme})`);
    const dashboardUrl = page.url();
    await page.goto(`${dashboardUrl}/settings`);
    await expectNoSeriousA11yViolations(page, `workspace settings (${scheme})`);
    await page.goto(dashboardUrl);

    await dashboard.createProject("Accessible", "typescript");
    const ide = new IdePage(page);
    await ide.waitForReady();
    await expectNoSeriousA11yViolations(page, `IDE, no file open (${scheme})`);
    await ide.openFile("src/index.ts");
    await expectNoSeriousA11yViolations(page, `IDE with a file (${scheme})`);
    await shot(page, `ide-1440x900-${scheme}`);

    const search = new SearchPanel(page);
    await search.open();
    await search.search("greet");
    await search.expectSummary("8 results in 3 files");
    await expectNoSeriousA11yViolations(page, `IDE search (${scheme})`);
    await shot(page, `search-${scheme}`);

    await new ProblemsPanel(page).open();
    await expectNoSeriousA11yViolations(page, `IDE problems (${scheme})`);

    await page.setViewportSize({ width: 800, height: 600 });
    await page.reload();
    await ide.waitForReady();
    await ide.openFile("src/greet.ts");
    await expectNoSeriousA11yViolations(page, `IDE at 800×600 (${scheme})`);
    await shot(page, `ide-800x600-${scheme}`);
    await context.close();
  });
}
