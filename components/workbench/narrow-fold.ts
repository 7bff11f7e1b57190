/** What the fold needs of the side panel (react-resizable-panels' imperative handle). */
export interface FoldablePanel {
  isCollapsed(): boolean;
  getSize(): { inPixels: number };
  collapse(): void;
  expand(): void;
  resize(size: string): void;
}

/**
 * A window narrower than the breakpoint folds the side panel away so the editor keeps room; widened
 * again, the panel comes back at the width it had, but only if the fold was this one's doing and the
 * user has not opened or closed the panel since (their choice wins).
 */
export class NarrowFold {
  /** The width to restore once this fold hid the panel; null when the panel is as the user left it. */
  private foldedWidth: number | null = null;
  /** The width the user last gave the panel (a drag, or as it opened wide). */
  private userWidth: number | null = null;

  constructor(private readonly fallbackWidth: string) {}

  /**
   * Call with the panel's width after the user resized it (and once as the page opens wide): by the
   * time the breakpoint is crossed the narrower window has already squeezed the panel.
   */
  noteUserWidth(pixels: number): void {
    if (pixels >= 1) this.userWidth = pixels;
  }

  onWidthChange(narrow: boolean, panel: FoldablePanel): void {
    if (narrow) {
      if (panel.isCollapsed()) return;
      this.foldedWidth = this.userWidth ?? panel.getSize().inPixels;
      panel.collapse();
      return;
    }
    const width = this.foldedWidth;
    this.foldedWidth = null;
    if (width === null || !panel.isCollapsed()) return;
    panel.expand();
    // Folded before it was ever laid out (the page opened narrow): no width of its own to go back to.
    panel.resize(width >= 1 ? `${width}px` : this.fallbackWidth);
  }

  /** The user showed or hid the panel: a later widening leaves it as they chose. */
  forget(): void {
    this.foldedWidth = null;
  }
}
