import { expect, type Locator, type Page } from "@playwright/test";

import type { ProjectStarter } from "@/lib/projects/starters";
import { starterLabels } from "@/lib/projects/starters";

export class DashboardPage {
  readonly currentUser: Locator;

  constructor(readonly page: Page) {
    this.currentUser = page.getByTestId("current-user");
  }

  /** The dashboard shows one workspace at a time (/w/[slug]). */
  workspaceSection(): Locator {
    return this.page.getByTestId("workspace-section").first();
  }

  projectCards(): Locator {
    return this.page.getByTestId("project-card");
  }

  projectCard(name: string): Locator {
    return this.projectCards().filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  /** The in-app confirmation (components/ui/choice-dialog), never the browser's own. */
  choiceDialog(): Locator {
    return this.page.getByTestId("choice-dialog");
  }

  async openProjectAction(name: string, action: "Rename" | "Delete"): Promise<void> {
    await this.projectCard(name).getByRole("button", { name: `Actions for ${name}` }).click();
    await this.page.getByRole("menuitem", { name: action }).click();
  }

  /** Starts an inline rename and types `draft` without saving; returns the name field. */
  async startRename(name: string, draft: string): Promise<Locator> {
    await this.openProjectAction(name, "Rename");
    const field = this.workspaceSection().getByLabel("Project name");
    await expect(field).toBeFocused();
    await field.fill(draft);
    return field;
  }

  importStatus(): Locator {
    return this.workspaceSection().getByTestId("import-status");
  }

  /** Picks a file for "Import .zip", as the file chooser would. */
  async importZip(name: string, bytes: Buffer | Uint8Array): Promise<void> {
    await this.workspaceSection().getByTestId("import-zip-input").setInputFiles({ name, mimeType: "application/zip", buffer: Buffer.from(bytes) });
  }

  /** Creates a project from a starter and waits for the IDE page; returns its id. */
  async createProject(name: string, starter: ProjectStarter): Promise<string> {
    await this.workspaceSection().getByRole("button", { name: "New project" }).click();
    const form = this.page.getByTestId("new-project-form");
    await form.getByLabel("Project name").fill(name);
    await form.getByRole("radio", { name: new RegExp(starterLabels[starter].title.replace(/[()]/g, "\\$&")) }).check();
    await form.getByRole("button", { name: "Create project" }).click();
    await this.page.waitForURL(/\/p\/[0-9a-f-]{36}$/);
    return this.page.url().split("/p/")[1] ?? "";
  }
}
