/**
 * Canonical turns -> Anthropic `messages`. Consecutive turns of one role share a message (user
 * messages and tool results are `user`, assistant text and tool calls `assistant`), as Anthropic wants
 * roles to alternate and all results of one assistant turn in the next user message, tool results
 * first. Opaque Responses reasoning items are dropped; empty text parts and messages left empty are
 * dropped too, since Anthropic refuses them. Tool-call ids keep only the characters Anthropic allows.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { ContentPart, Turn } from "../../canonical/request.ts";
import type {
  AnthropicMessageOut,
  AnthropicToolResultOut,
  AnthropicToolUseOut,
  AnthropicUserBlockOut,
} from "./wire.ts";

type UserBlock = AnthropicUserBlockOut | AnthropicToolResultOut;
type AssistantBlock = AnthropicMessageOut["content"][number] & { type: "text" | "tool_use" };

export function encodeMessages(turns: readonly Turn[]): AnthropicMessageOut[] {
  const messages: AnthropicMessageOut[] = [];
  const user = (blocks: UserBlock[]) => {
    const last = messages.at(-1);
    if (last?.role === "user") last.content.push(...blocks);
    else messages.push({ role: "user", content: blocks });
  };
  const assistant = (blocks: AssistantBlock[]) => {
    const last = messages.at(-1);
    if (last?.role === "assistant") last.content.push(...blocks);
    else messages.push({ role: "assistant", content: blocks });
  };
  for (const turn of turns) {
    switch (turn.type) {
      case "message":
        if (turn.role === "user") user(turn.content.flatMap(encodePart));
        else
          assistant(turn.content.filter((p) => p.text !== "").map((p) => ({ type: "text", text: p.text })));
        break;
      case "tool-call":
        assistant([encodeToolCall(turn.id, turn.name, turn.arguments)]);
        break;
      case "tool-result": {
        const content = turn.content.flatMap(encodePart);
        const only = content[0];
        user([
          {
            type: "tool_result",
            tool_use_id: anthropicId(turn.callId),
            ...(content.length === 0
              ? {}
              : { content: content.length === 1 && only?.type === "text" ? only.text : content }),
          },
        ]);
        break;
      }
      case "reasoning":
        break;
    }
  }
  return messages.filter((m) => m.content.length > 0).map(resultsFirst);
}

/** Anthropic wants a user message's tool results before its other blocks. */
function resultsFirst(m: AnthropicMessageOut): AnthropicMessageOut {
  if (m.role !== "user") return m;
  const results = m.content.filter((b) => b.type === "tool_result");
  return { role: "user", content: [...results, ...m.content.filter((b) => b.type !== "tool_result")] };
}

/** Anthropic accepts `^[a-zA-Z0-9_-]+$` ids; a call and its result map the same way. */
export function anthropicId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_-]/g, "_");
  return safe === "" ? "_" : safe;
}

function encodeToolCall(id: string, name: string, args: string): AnthropicToolUseOut {
  let input: unknown = {};
  if (args.trim() !== "") {
    try {
      input = JSON.parse(args);
    } catch {
      input = undefined;
    }
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new AirlockError(
      "unsupported",
      `the arguments of tool call ${id} are not a JSON object, which an Anthropic backend requires`,
    );
  }
  return { type: "tool_use", id: anthropicId(id), name, input };
}

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

function encodePart(part: ContentPart): AnthropicUserBlockOut[] {
  switch (part.type) {
    case "text":
      return part.text === "" ? [] : [{ type: "text", text: part.text }];
    case "image": {
      const s = part.source;
      return [
        {
          type: "image",
          source:
            s.kind === "url"
              ? { type: "url", url: s.url }
              : { type: "base64", media_type: s.mediaType, data: s.data },
        },
      ];
    }
    case "file": {
      const title = part.filename === undefined ? {} : { title: part.filename };
      if (part.url !== undefined)
        return [{ type: "document", source: { type: "url", url: part.url }, ...title }];
      if (part.fileId !== undefined) {
        return [{ type: "document", source: { type: "file", file_id: part.fileId }, ...title }];
      }
      const match = dataUrl.exec(part.data ?? "");
      const mediaType = match?.[1];
      const data = match?.[2];
      if (mediaType === undefined || data === undefined) {
        throw new AirlockError("unsupported", "a file must be a base64 data URL, a URL or a file id", {
          param: "file_data",
        });
      }
      const source =
        mediaType === "text/plain"
          ? {
              type: "text" as const,
              media_type: "text/plain" as const,
              data: Buffer.from(data, "base64").toString("utf8"),
            }
          : { type: "base64" as const, media_type: mediaType, data };
      return [{ type: "document", source, ...title }];
    }
  }
}
