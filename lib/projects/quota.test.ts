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
    const create = (name: string) => createProjectFromStarter({ workspaceId: owner.workspaceId, userId: owner.userId, name, starter: "blank", maxProjects: 10 });
    const results = await Promise.allSettled(Array.from({ length: 13 }, (_, i) => create(`p${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.find((r) => r.status === "rejected")!.reason as AppError;
    expect(refused).toMatchObject({ code: "forbidden:project", status: 403, details: { upgradeTo: "pro", maxProjects: 10 } });
    expect(refused.message).toMatch(/limit of 10.*Pro plan unlocks it/);
    const archive = Buffer.from(buildZip([{ path: "a.txt", kind: "file", content: "a" }]));
    await expect(importProjectFromZip({ workspaceId: owner.workspaceId, userId: owner.userId, name: "zip", archive, maxProjects: 10 })).rejects.toMatchObject({ code: "forbidden:project" });
  });
});
