import { describe, expect, it } from "vitest";

import { formatCost, formatTokens } from "./format";

describe("usage figures", () => {
  it("tokens read as the header shows them", () => {
    expect(formatTokens(950)).toBe("950");
    expect(formatTokens(1_234)).toBe("1.2k");
    expect(formatTokens(41_230)).toBe("41k");
    expect(formatTokens(2_500_000)).toBe("2.5M");
  });

  it("costs never round a real charge down to nothing", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.0004)).toBe("< $0.01");
    expect(formatCost(0.0234)).toBe("$0.02");
  });
});
