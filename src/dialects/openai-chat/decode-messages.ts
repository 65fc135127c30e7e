/**
 * Chat `messages` -> canonical instructions and turns. System and developer messages become
 * instructions wherever they stand (one per text part, in order); an assistant message becomes its
 * text (if any) followed by one turn per tool call; a `tool` message becomes a tool result.
 */
import type { ContentPart, Instruction, TextPart, ToolResult, Turn } from "../../canonical/request.ts";
import { imageSourceFromUrl } from "../../canonical/request.ts";
import { isCommonChatMessage } from "./check-request.ts";
import { narrowRequest, refuse } from "./narrow.ts";
import { type ChatUserPartIn, message } from "./request-schema.ts";

export type DecodedMessages = { readonly instructions: Instruction[]; readonly turns: Turn[] };

export function decodeMessages(messages: readonly unknown[]): DecodedMessages {
  const instructions: Instruction[] = [];
  const turns: Turn[] = [];
  messages.forEach((raw, i) => {
    const at = `messages[${i}]`;
    const m = isCommonChatMessage(raw) ? raw : narrowRequest(message, raw, "chat message", at);
    switch (m.role) {
      case "system":
      case "developer":
        for (const text of textsOf(m.content)) instructions.push({ role: m.role, text });
        break;
      case "user":
        turns.push({ type: "message", role: "user", content: userContent(m.content, `${at}.content`) });
        break;
      case "assistant": {
        if (m.function_call !== undefined && m.function_call !== null) {
          throw refuse(`${at}.function_call`, "legacy function calls cannot be translated; use tool_calls");
        }
        const content: TextPart[] = [];
        if (typeof m.content === "string") {
          if (m.content !== "") content.push({ type: "text", text: m.content });
        } else {
          for (const part of m.content ?? []) {
            content.push({ type: "text", text: part.type === "text" ? part.text : part.refusal });
          }
        }
        if (typeof m.refusal === "string" && m.refusal !== "")
          content.push({ type: "text", text: m.refusal });
        const calls = m.tool_calls ?? [];
        if (content.length > 0 || calls.length === 0)
          turns.push({ type: "message", role: "assistant", content });
        for (const call of calls) {
          turns.push({
            type: "tool-call",
            id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          });
        }
        break;
      }
      case "tool": {
        const result: ToolResult = {
          type: "tool-result",
          callId: m.tool_call_id,
          content: textsOf(m.content).map((text) => ({ type: "text", text })),
        };
        turns.push(result);
        break;
      }
      case "function":
        throw refuse(`${at}.role`, "legacy function messages cannot be translated; use tool messages");
    }
  });
  return { instructions, turns };
}

/** A string is one part (none when empty); an array keeps its parts. */
function textsOf(content: string | readonly { readonly text: string }[]): string[] {
  if (typeof content === "string") return content === "" ? [] : [content];
  return content.map((part) => part.text);
}

function userContent(content: string | readonly ChatUserPartIn[], at: string): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  return content.map((part, j) => decodeUserPart(part, `${at}[${j}]`));
}

function decodeUserPart(part: ChatUserPartIn, at: string): ContentPart {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image_url": {
      const detail = part.image_url.detail;
      const source = imageSourceFromUrl(part.image_url.url);
      return detail == null ? { type: "image", source } : { type: "image", source, detail };
    }
    case "file": {
      const { file_data, file_id, filename } = part.file;
      return {
        type: "file",
        ...(filename == null ? {} : { filename }),
        ...(file_data == null ? {} : { data: file_data }),
        ...(file_id == null ? {} : { fileId: file_id }),
      };
    }
    case "input_audio":
      throw refuse(`${at}.type`, "audio input cannot be translated to another API dialect");
  }
}
