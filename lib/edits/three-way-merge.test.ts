import { describe, expect, it } from "vitest";

import { mergeThreeWay } from "./three-way-merge";

const base = ["one", "two", "three", "four", "five"].join("\n") + "\n";

describe("mergeThreeWay", () => {
  it("combines changes to different lines (the first line here, the last there)", () => {
    const mine = base.replace("five", "FIVE (mine)");
    const theirs = base.replace("one", "ONE (theirs)");
    expect(mergeThreeWay({ base, mine, theirs })).toEqual({ kind: "merged", text: "ONE (theirs)\ntwo\nthree\nfour\nFIVE (mine)\n" });
  });

  it("keeps lines added on both sides at different places", () => {
    const mine = base.replace("two\n", "two\nmine added\n");
    const theirs = base.replace("four\n", "four\ntheirs added\n");
    expect(mergeThreeWay({ base, mine, theirs })).toEqual({
      kind: "merged",
      text: "one\ntwo\nmine added\nthree\nfour\ntheirs added\nfive\n",
    });
  });

  it("is a conflict when the same line changed differently", () => {
    expect(mergeThreeWay({ base, mine: base.replace("three", "3 mine"), theirs: base.replace("three", "3 theirs") })).toEqual({ kind: "conflict" });
  });

  it("the same change on both sides is no conflict", () => {
    const same = base.replace("three", "3");
    expect(mergeThreeWay({ base, mine: same, theirs: same.replace("one", "1") })).toEqual({ kind: "merged", text: "1\ntwo\n3\nfour\nfive\n" });
  });

  it("keeps CRLF line endings", () => {
    const crlf = base.replaceAll("\n", "\r\n");
    const merged = mergeThreeWay({ base: crlf, mine: crlf.replace("five", "5"), theirs: crlf.replace("one", "1") });
    expect(merged).toEqual({ kind: "merged", text: "1\r\ntwo\r\nthree\r\nfour\r\n5\r\n" });
  });

  it("a side that changed nothing takes the other side whole", () => {
    expect(mergeThreeWay({ base, mine: base, theirs: "x" })).toEqual({ kind: "merged", text: "x" });
    expect(mergeThreeWay({ base, mine: "y", theirs: base })).toEqual({ kind: "merged", text: "y" });
  });
});
