export interface FrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

const afterPaintCallbacks = new Map<number, () => void>();
let afterPaintNext = 0;

/**
 * Calls back once the next frame is painted (a task posted from its animation frame, which runs
 * after the frame's rendering): for UI that must not add to the frame a keystroke waits for.
 */
export const afterPaintFrames: FrameClock = {
  request: (callback) => {
    const handle = ++afterPaintNext;
    afterPaintCallbacks.set(handle, callback);
    requestAnimationFrame(() => {
      if (!afterPaintCallbacks.has(handle)) return;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        const due = afterPaintCallbacks.get(handle);
        afterPaintCallbacks.delete(handle);
        due?.();
      };
      channel.port2.postMessage(null);
    });
    return handle;
  },
  cancel: (handle) => afterPaintCallbacks.delete(handle),
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

/**
 * Per animation frame: stream work (AI edits' live batches, the chat's live message) waits while
 * input is pending (a key the page has not handled yet), so the key's handler and its frame come
 * first. At most `maxInRow` frames in a row, so fast typing cannot starve the stream.
 */
export class InputYield {
  private inRow = 0;

  constructor(private readonly maxInRow = 2) {}

  /** Whether to skip this frame's work (and run it next frame). */
  shouldDefer(inputPending: boolean): boolean {
    if (inputPending && this.inRow < this.maxInRow) {
      this.inRow++;
      return true;
    }
    this.inRow = 0;
    return false;
  }
}

/** Chromium's `navigator.scheduling.isInputPending`; false where it does not exist. */
export function inputPending(): boolean {
  const scheduling = (globalThis.navigator as { scheduling?: { isInputPending?: (options?: { includeContinuous?: boolean }) => boolean } } | undefined)?.scheduling;
  return scheduling?.isInputPending?.({ includeContinuous: false }) ?? false;
}
