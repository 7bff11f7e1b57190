import { describe, expect, it, vi } from "vitest";

import { startEarlyLoad, takeEarlyRead } from "./early-open";

const doc = { path: "src/a.ts", kind: "file", version: 3, size: 1, updatedAt: "2026-01-01T00:00:00.000Z", content: "x" };

function storage(value: unknown) {
  return { getItem: (key: string) => (key === "wafer-tabs:p1" ? (typeof value === "string" ? value : JSON.stringify(value)) : null) };
}

function fakeFetch(status = 200) {
  return vi.fn(async () => new Response(JSON.stringify(status === 200 ? doc : { code: "not_found:files", message: "gone" }), { status, headers: { "content-type": "application/json" } }));
}

describe("startEarlyLoad / takeEarlyRead", () => {
  it("reads the remembered active file of an IDE URL once; the next read is the caller's", async () => {
    const fetch = fakeFetch();
    startEarlyLoad("/p/p1", storage({ tabs: ["b.ts", "src/a.ts"], active: "src/a.ts" }), fetch);
    expect(fetch).toHaveBeenCalledWith("/api/projects/p1/files/src/a.ts", expect.objectContaining({ cache: "no-store" }));
    expect(takeEarlyRead("p1", "b.ts")).toBeUndefined();
    await expect(takeEarlyRead("p1", "src/a.ts")).resolves.toEqual(doc);
    expect(takeEarlyRead("p1", "src/a.ts")).toBeUndefined();
  });

  it("drops an early read nobody took within 15 s: a file opened later is read afresh", () => {
    startEarlyLoad("/p/p1", storage({ tabs: ["src/a.ts"], active: "src/a.ts" }), fakeFetch(), 1_000);
    expect(takeEarlyRead("p1", "src/a.ts", 16_001)).toBeUndefined();
    startEarlyLoad("/p/p1", storage({ tabs: ["src/a.ts"], active: "src/a.ts" }), fakeFetch(), 1_000);
    expect(takeEarlyRead("p1", "src/a.ts", 15_999)).toBeDefined();
  });

  it("hands a failed early read to its taker as the same error", async () => {
    startEarlyLoad("/p/p1", storage({ tabs: ["src/a.ts"], active: "src/a.ts" }), fakeFetch(404));
    await expect(takeEarlyRead("p1", "src/a.ts")).rejects.toMatchObject({ status: 404 });
  });

  it("reads nothing off other pages, without a remembered tab, or from junk", () => {
    const fetch = fakeFetch();
    startEarlyLoad("/w/team", storage({ active: "src/a.ts" }), fetch);
    startEarlyLoad("/p/p1/settings", storage({ active: "src/a.ts" }), fetch);
    startEarlyLoad("/bench/monaco", storage({ active: "src/a.ts" }), fetch);
    startEarlyLoad("/p/p1", storage({ tabs: [] }), fetch);
    startEarlyLoad("/p/p1", storage("{"), fetch);
    startEarlyLoad("/p/p1", null, fetch);
    expect(fetch).not.toHaveBeenCalled();
  });
});
