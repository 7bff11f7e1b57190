import { describe, expect, it } from "vitest";

import { newPasswordProblem } from "./password-strength";

describe("newPasswordProblem", () => {
  it.each(["password", "password1", "12345678", "qwertyuiop", "aaaaaaaa", "abcdefgh", "P@ssw0rd", "iloveyou2", "letmein!"])(
    "refuses the common password or trivial pattern %j with a clear message",
    (password) => {
      expect(newPasswordProblem(password)).toMatch(/^This password is too easy to guess\. .*Try a longer phrase of a few unrelated words\.$/);
    },
  );

  it("counts the account's own email and name as known words", () => {
    expect(newPasswordProblem("zebulon2024")).toBeNull();
    expect(newPasswordProblem("zebulon2024", ["zebulon.fairweather@example.test", "Zebulon Fairweather"])).toMatch(/too easy to guess/);
  });

  it("keeps the length limits", () => {
    expect(newPasswordProblem("x7#")).toBe("Use at least 8 characters.");
    expect(newPasswordProblem("q".repeat(257))).toBe("Use at most 256 characters.");
  });

  it.each(["correct horse battery staple", "first password!", "Tr0ub4dor&3", "pw-3f9a1c-long-enough"])("accepts %j", (password) => {
    expect(newPasswordProblem(password)).toBeNull();
  });
});
