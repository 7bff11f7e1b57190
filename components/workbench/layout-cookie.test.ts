import { describe, expect, it } from "vitest";

import { layoutCookieName, parseLayout, savedLayouts, serializeLayoutCookie } from "./layout-cookie";

const ids = ["files", "editor"];

describe("layout cookie", () => {
  it("round-trips a layout", () => {
    const cookie = serializeLayoutCookie(ids, { files: 20.123, editor: 79.877 });
    const [pair] = cookie.split(";");
    const [name, value] = pair!.split("=");
    expect(name).toBe(layoutCookieName(ids));
    expect(parseLayout(value, ids)).toEqual({ files: 20.12, editor: 79.88 });
  });

  it("rejects layouts for other panel sets, bad numbers and junk", () => {
    const encode = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    expect(parseLayout(encode({ files: 20, editor: 60, chat: 20 }), ids)).toBeUndefined();
    expect(parseLayout(encode({ files: 20, editor: 20 }), ids)).toBeUndefined();
    expect(parseLayout(encode({ files: -5, editor: 105 }), ids)).toBeUndefined();
    expect(parseLayout(encode({ files: "20", editor: 80 }), ids)).toBeUndefined();
    expect(parseLayout("%E0%A4%A", ids)).toBeUndefined();
    expect(parseLayout("{not json", ids)).toBeUndefined();
    expect(parseLayout(undefined, ids)).toBeUndefined();
  });

  it("picks only layout cookies from a request", () => {
    expect(savedLayouts([{ name: "authjs.session-token", value: "secret" }, { name: "wafer-layout-files_editor", value: "x" }])).toEqual({
      "wafer-layout-files_editor": "x",
    });
  });
});
