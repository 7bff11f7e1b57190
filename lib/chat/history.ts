import type { ModelMessage } from "ai";

import { blockForCall, CONTENT_CALL_PREFIX } from "@/lib/edits/content-blocks";

import type { MessagePart, MessageRole, MessageStatus } from "./messages";

export interface StoredTurnMessage {
  role: MessageRole;
  parts: MessagePart[];
  status: MessageStatus;
}

export function messageText(parts: readonly MessagePart[]): string {
  return parts
    .filter((p): p is Extract<MessagePart, { type: "text" }> => p.type === "text")
    .map((p) => p.text)
    .join("");
}

type AssistantContent = Extract<ModelMessage, { role: "assistant" }>["content"];
type ToolContent = Extract<ModelMessage, { role: "tool" }>["content"];

/**
 * Replays stored messages to the model. Reasoning is not replayed (the model re-derives it); a tool
 * call is replayed only with its result, because an unanswered call is an invalid request, and an
 * interrupted one is told to the model in words instead.
 */
export function toModelMessages(history: readonly StoredTurnMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of history) {
    if (message.role === "user") {
      const text = messageText(message.parts);
      if (text) out.push({ role: "user", content: text });
      continue;
    }
    let assistant: Exclude<AssistantContent, string> = [];
    let results: ToolContent = [];
    const flush = () => {
      if (assistant.length) out.push({ role: "assistant", content: assistant });
      if (results.length) out.push({ role: "tool", content: results });
      assistant = [];
      results = [];
    };
    for (const part of message.parts) {
      if (part.type === "step-start") flush();
      else if (part.type === "text" && part.text) {
        const last = assistant.at(-1);
        if (last?.type === "text") last.text += part.text;
        else assistant.push({ type: "text", text: part.text });
      } else if (part.type === "tool") {
        const block = part.toolCallId.startsWith(CONTENT_CALL_PREFIX) ? blockForCall(part.toolName, part.input) : null;
        if (block !== null) {
          // Written as an edit block in the answer: replayed as that text, with what became of it.
          const outcome = part.state === "output-error" ? `[Not applied: ${part.errorText ?? "the edit failed."}]` : typeof (part.output as { summary?: unknown } | undefined)?.summary === "string" ? `[${(part.output as { summary: string }).summary}]` : "";
          const text = `\n${block}${outcome ? `${outcome}\n` : ""}`;
          const last = assistant.at(-1);
          if (last?.type === "text") last.text += text;
          else assistant.push({ type: "text", text });
        } else if (part.state === "output-available" || part.state === "output-error") {
          assistant.push({ type: "tool-call", toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
          results.push({
            type: "tool-result",
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output:
              part.state === "output-error"
                ? { type: "error-text", value: part.errorText ?? "The tool failed." }
                : typeof part.output === "string"
                  ? { type: "text", value: part.output }
                  : { type: "json", value: (part.output ?? null) as never },
          });
        } else {
          assistant.push({ type: "text", text: `\n[${part.toolName} call was interrupted before it finished; nothing was applied.]\n` });
        }
      }
    }
    flush();
    if (message.status !== "complete" && out.at(-1)?.role === "assistant") {
      out.push({ role: "user", content: `[The previous answer was ${message.status === "stopped" ? "stopped by the user" : "interrupted by an error"}.]` });
    }
  }
  return out;
}
