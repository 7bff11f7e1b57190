export interface FrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Runs `work` at most once per animation frame however often it is scheduled: the stream → screen
 * paths (chat messages, AI edits) batch per frame with it. With `fallbackMs`, a timer also runs it,
 * since background tabs get no animation frames.
 */
export class FrameScheduler {
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly work: () => void,
    private readonly options: { fallbackMs?: number; clock?: FrameClock } = {},
  ) {}

  get pending(): boolean {
    return this.frame !== 0;
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = (this.options.clock ?? animationFrames).request(() => this.flush());
    if (this.options.fallbackMs !== undefined) this.timer ??= setTimeout(() => this.flush(), this.options.fallbackMs);
  }

  /** Runs the work now; a scheduled run is dropped. */
  flush(): void {
    this.cancel();
    this.work();
  }

  cancel(): void {
    if (this.frame) (this.options.clock ?? animationFrames).cancel(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }
}
