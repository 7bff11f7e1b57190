import { describe, expect, it } from "vitest";

import { NarrowFold, type FoldablePanel } from "./narrow-fold";

/** A panel that records what was done to it; `width` is its drawn size, 0 while collapsed. */
function panel(width: number) {
  const state = { width, collapsed: width === 0, remembered: width };
  const calls: string[] = [];
  const handle: FoldablePanel = {
    isCollapsed: () => state.collapsed,
    getSize: () => ({ inPixels: state.collapsed ? 0 : state.width }),
    collapse: () => {
      calls.push("collapse");
      state.remembered = state.width;
      state.collapsed = true;
    },
    expand: () => {
      calls.push("expand");
      state.collapsed = false;
      state.width = state.remembered;
    },
    resize: (size) => {
      calls.push(`resize ${size}`);
      state.width = Number.parseFloat(size);
      state.collapsed = false;
    },
  };
  return { handle, state, calls };
}

describe("NarrowFold", () => {
  it("folds the panel when the window narrows and brings it back at the user's width when it widens", () => {
    const fold = new NarrowFold("180px");
    const { handle, state, calls } = panel(333);
    fold.onWidthChange(true, handle);
    expect(state.collapsed).toBe(true);
    fold.onWidthChange(false, handle);
    expect(state).toMatchObject({ collapsed: false, width: 333 });
    expect(calls).toEqual(["collapse", "expand", "resize 333px"]);
  });

  it("leaves a panel the user had closed closed, and one they reopened or closed while narrow as they left it", () => {
    const fold = new NarrowFold("180px");
    const closed = panel(0);
    fold.onWidthChange(true, closed.handle);
    fold.onWidthChange(false, closed.handle);
    expect(closed.calls).toEqual([]);

    const reopened = panel(300);
    fold.onWidthChange(true, reopened.handle);
    fold.forget();
    reopened.handle.resize("180px");
    reopened.handle.collapse();
    fold.onWidthChange(false, reopened.handle);
    expect(reopened.state.collapsed).toBe(true);
  });

  it("restores the width the user dragged it to, not the narrower one the shrinking window squeezed it to", () => {
    const fold = new NarrowFold("180px");
    const { handle, state } = panel(360);
    fold.noteUserWidth(360);
    state.width = 231;
    fold.onWidthChange(true, handle);
    fold.onWidthChange(false, handle);
    expect(state).toMatchObject({ collapsed: false, width: 360 });
  });

  it("a panel folded before it was laid out comes back at the fallback width", () => {
    const fold = new NarrowFold("180px");
    const { handle, state } = panel(300);
    handle.getSize = () => ({ inPixels: 0 });
    fold.onWidthChange(true, handle);
    fold.onWidthChange(false, handle);
    expect(state).toMatchObject({ collapsed: false, width: 180 });
  });
});
