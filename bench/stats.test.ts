import { describe, expect, it } from "vitest";

import { mainThreadFigures, medians, spread } from "./stats";

describe("medians", () => {
  it("reads a spread over runs back as one run of medians, not as its first run", () => {
    const runs = [
      { addedTtfbMs: { p50: 8.8 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.45 } }, label: "a" },
      { addedTtfbMs: { p50: 10.7 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.89 } }, label: "a" },
      { addedTtfbMs: { p50: 9.9 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.67 } }, label: "a" },
    ];
    expect(medians(spread(runs))).toEqual({ addedTtfbMs: { p50: 9.9 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.67 } }, label: "a" });
  });

  it("leaves one run as it was", () => {
    expect(medians(spread([{ a: 1.5, b: [1, 2] }]))).toEqual({ a: 1.5, b: [1, 2] });
  });
});

describe("mainThreadFigures", () => {
  it("sums the runs before dividing, so a long run weighs as much as it lasted", () => {
    const figures = mainThreadFigures([
      { mainThreadBusyMs: 1000, mainThreadOnCoreMs: 900 },
      { mainThreadBusyMs: 3000, mainThreadOnCoreMs: 1500 },
    ]);
    expect(figures).toEqual({ mainThreadBusyMs: 4000, mainThreadOnCoreMs: 2400, mainThreadOnCoreShare: 0.6 });
  });

  it("gives no share when the thread was never busy", () => {
    expect(mainThreadFigures([{ mainThreadBusyMs: 0, mainThreadOnCoreMs: 0 }]).mainThreadOnCoreShare).toBe(0);
  });
});
