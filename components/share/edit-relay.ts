import type { TurnEditEvent, TurnEditListener } from "@/lib/chat/turn-events";

/**
 * Sits between the page's edit bus and the viewer's editor, which exists only once Monaco has
 * loaded: the live follow replays a turn from its start as soon as the page opens, usually before
 * that. Until the editor attaches, the current turn's events are kept and handed over on attach, so
 * a viewer who opens mid-turn sees the edit that was streaming. A turn that ended meanwhile is
 * dropped: the refreshed view brings its stored files.
 */
export class EditEventRelay {
  private target: TurnEditListener | null = null;
  private pending: TurnEditEvent[] = [];

  readonly onEditEvent = (event: TurnEditEvent): void => {
    if (this.target) return this.target(event);
    if (event.type === "turn-end") this.pending = [];
    else this.pending.push(event);
  };

  /** Hands over what was kept, then every later event; returns the detach. */
  attach(target: TurnEditListener): () => void {
    const kept = this.pending;
    this.pending = [];
    for (const event of kept) target(event);
    this.target = target;
    return () => {
      if (this.target === target) this.target = null;
    };
  }
}
