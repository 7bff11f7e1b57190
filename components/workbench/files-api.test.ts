import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { saveOutcomeFromError } from "./files-api";

const current = { path: "a.ts", kind: "file", version: 4, size: 1, updatedAt: "2026-01-01T00:00:00.000Z", content: "x" } as const;

describe("saveOutcomeFromError", () => {
  it("turns a conflict:files error carrying the server copy into a conflict outcome", () => {
    const error = AppError.fromBody({ code: "conflict:files", message: "changed", details: { current } }, 409);
    expect(saveOutcomeFromError(error)).toEqual({ kind: "conflict", current });
  });

  it("treats a conflict without the server copy, and every other failure, as a retryable error", () => {
    expect(saveOutcomeFromError(AppError.fromBody({ code: "conflict:files", message: "changed while saving" }, 409))).toEqual({
      kind: "error",
      message: "changed while saving",
    });
    expect(saveOutcomeFromError(new AppError("offline:api"))).toMatchObject({ kind: "error" });
    expect(saveOutcomeFromError(AppError.fromBody(undefined, 502))).toMatchObject({ kind: "error" });
  });
});
