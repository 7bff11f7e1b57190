import { describe, expect, it } from "vitest";

import { countBySeverity, fixRequest, problemsOf, type MarkerLike } from "./problems-model";

const marker = (path: string, line: number, severity: number, message: string, scheme = "file"): MarkerLike => ({
  resource: { scheme, path: `/${path}` },
  severity,
  message,
  source: "ts",
  startLineNumber: line,
  startColumn: 5,
  endLineNumber: line,
  endColumn: 9,
});

describe("problems", () => {
  it("lists project files' errors first, then warnings, by file and line; drops hints and proposal views", () => {
    const problems = problemsOf([
      marker("b.ts", 2, 4, "unused"),
      marker("b.ts", 9, 8, "late error"),
      marker("a.ts", 3, 8, "early error"),
      marker("a.ts", 1, 1, "hint"),
      marker("a.ts", 1, 8, "proposal", "wafer-proposal"),
    ]);
    expect(problems.map((p) => `${p.severity} ${p.path}:${p.line} ${p.message}`)).toEqual(["error a.ts:3 early error", "error b.ts:9 late error", "warning b.ts:2 unused"]);
    expect(countBySeverity(problems)).toEqual({ error: 2, warning: 1, info: 0 });
  });

  it("asks the chat to fix a problem with the lines around it and the diagnostic as context", () => {
    const text = ["a", "b", "c", "d", "const x: number = 'no';", "f", "g", "h", "i"].join("\n");
    const [problem] = problemsOf([marker("src/x.ts", 5, 8, "Type 'string' is not assignable to type 'number'.")]);
    const request = fixRequest(problem!, text);
    expect(request.text).toContain("Fix this error at src/x.ts:5:5 (ts): Type 'string' is not assignable");
    expect(request.text).toContain("   5 > const x: number = 'no';");
    expect(request.text).toContain("   2   b");
    expect(request.text).not.toContain("   1   a");
    expect(request.text).toContain("   8   h");
    expect(request.context.diagnostics).toEqual([{ path: "src/x.ts", line: 5, severity: "error", message: "Type 'string' is not assignable to type 'number'." }]);
  });
});
