import { beforeAll, describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { createProjectFromStarter, importProjectFromZip } from "./service";
import { buildZip } from "./zip";

beforeAll(async () => {
  await prepareTestDatabase();
});

describe("maxProjects", () => {
  it("refuses creation and import beyond the plan's limit, even when requests race, with an upgrade hint", async () => {
    const owner = await createTestUser("quota");
    const create = (name: string) => createProjectFromStarter({ workspaceId: owner.workspaceId, userId: owner.userId, name, starter: "blank", maxProjects: 2 });
    const results = await Promise.allSettled([create("a"), create("b"), create("c"), create("d")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = results.find((r) => r.status === "rejected")!.reason as AppError;
    expect(refused).toMatchObject({ code: "forbidden:project", status: 403, details: { upgradeTo: "pro", maxProjects: 2 } });
    expect(refused.message).toMatch(/limit of 2.*Pro plan unlocks it/);
    const archive = Buffer.from(buildZip([{ path: "a.txt", kind: "file", content: "a" }]));
    await expect(importProjectFromZip({ workspaceId: owner.workspaceId, userId: owner.userId, name: "zip", archive, maxProjects: 2 })).rejects.toMatchObject({ code: "forbidden:project" });
  });
});
