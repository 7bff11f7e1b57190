import type { LanguageModelMiddleware } from "ai";

import { CONTENT_CALL_PREFIX, ContentBlockSplitter, type ContentBlockEvent } from "@/lib/edits/content-blocks";

type StreamResult = Awaited<ReturnType<NonNullable<LanguageModelMiddleware["wrapStream"]>>>;
export type ModelStreamPart = StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

export { CONTENT_CALL_PREFIX };

export function isContentCall(toolCallId: string): boolean {
  return toolCallId.startsWith(CONTENT_CALL_PREFIX);
}

/**
 * Turns content-channel edit blocks in the model's answer into the same tool calls the model would
 * have made (apply_patch / write_file), as the text arrives: the block's text becomes the call's
 * input deltas (JSON-encoded piece by piece), so everything downstream — the SDK running the edit
 * tool, the UI stream, the editor's streaming planner, review, checkpoints, undo, export, the stored
 * parts — is the tool-call path, unchanged. Prose passes through as text; an unterminated block
 * ends its call without a tool-call, so it is never applied.
 */
export class ContentChannel {
  private readonly splitter = new ContentBlockSplitter();
  private seq = 0;
  private call: { id: string; toolName: "apply_patch" | "write_file"; path?: string; text: string } | null = null;
  /** The text part open downstream, if any. */
  private openText: string | null = null;

  constructor(private readonly callPrefix: string) {}

  map(part: ModelStreamPart): ModelStreamPart[] {
    if (part.type === "text-delta") return this.route(part.id, this.splitter.push(part.delta));
    if (part.type === "text-start") return [];
    if (part.type === "text-end") return [...this.route(part.id, this.splitter.finish()), ...this.closeText()];
    if (part.type === "finish") return [...this.route("txt", this.splitter.finish()), ...this.closeText(), part];
    return [part];
  }

  private closeText(): ModelStreamPart[] {
    if (this.openText === null) return [];
    const id = this.openText;
    this.openText = null;
    return [{ type: "text-end", id }];
  }

  private route(textId: string, events: ContentBlockEvent[]): ModelStreamPart[] {
    const out: ModelStreamPart[] = [];
    for (const event of events) {
      if (event.type === "text") {
        if (this.openText === null) {
          this.openText = `${textId}:${this.seq}`;
          out.push({ type: "text-start", id: this.openText });
        }
        out.push({ type: "text-delta", id: this.openText, delta: event.text });
      } else if (event.type === "block-start") {
        out.push(...this.closeText());
        const id = `${this.callPrefix}${this.seq++}`;
        const toolName = event.kind === "patch" ? "apply_patch" : "write_file";
        this.call = { id, toolName, ...(event.kind === "file" ? { path: event.path } : {}), text: "" };
        out.push({ type: "tool-input-start", id, toolName });
        out.push({ type: "tool-input-delta", id, delta: event.kind === "patch" ? '{"patch":"' : `{"path":${JSON.stringify(event.path)},"content":"` });
      } else if (event.type === "block-delta" && this.call) {
        this.call.text += event.text;
        out.push({ type: "tool-input-delta", id: this.call.id, delta: JSON.stringify(event.text).slice(1, -1) });
      } else if (event.type === "block-end" && this.call) {
        const { id, toolName, path, text } = this.call;
        this.call = null;
        if (event.complete) out.push({ type: "tool-input-delta", id, delta: '"}' });
        out.push({ type: "tool-input-end", id });
        if (event.complete) {
          const input = toolName === "apply_patch" ? { patch: text } : { path, content: text };
          out.push({ type: "tool-call", toolCallId: id, toolName, input: JSON.stringify(input) });
        }
      }
    }
    return out;
  }
}

/** The model's stream with content-channel blocks turned into edit tool calls. */
export function contentChannelStream(stream: ReadableStream<ModelStreamPart>, callPrefix: string): ReadableStream<ModelStreamPart> {
  const channel = new ContentChannel(callPrefix);
  return stream.pipeThrough(
    new TransformStream<ModelStreamPart, ModelStreamPart>({
      transform(part, controller) {
        for (const out of channel.map(part)) controller.enqueue(out);
      },
    }),
  );
}
