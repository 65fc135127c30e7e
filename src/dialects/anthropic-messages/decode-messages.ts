/**
 * Anthropic `messages` -> canonical instructions and turns. A `system` message (Claude Code sends them
 * mid-conversation under the `mid-conversation-system-2026-04-07` beta) becomes instructions, after the
 * top-level `system`, as Chat's positional system messages do. A user message's tool results become tool-result turns and
 * its other blocks a user message, in the order they stand; an assistant message's text becomes an
 * assistant message and each `tool_use` a tool call. Thinking blocks (and redacted ones) are dropped:
 * their signatures only verify against Anthropic, and the canonical model has no place for them (see
 * the README's proposed change). Blocks that need Anthropic's servers (server tools, search results,
 * Files API images) are a 400 naming the block.
 */
import type { ContentPart, Instruction, TextPart, Turn } from "../../canonical/request.ts";
import { narrowRequest, refuse } from "../openai-chat/narrow.ts";
import {
  type AnthropicBlockIn,
  block,
  document,
  image,
  message,
  toolResultContent,
} from "./request-schema.ts";

const known = new Set([
  "text",
  "image",
  "document",
  "tool_use",
  "tool_result",
  "thinking",
  "redacted_thinking",
]);

export type DecodedMessages = { readonly instructions: Instruction[]; readonly turns: Turn[] };

export function decodeMessages(messages: readonly unknown[]): DecodedMessages {
  const instructions: Instruction[] = [];
  const turns: Turn[] = [];
  messages.forEach((raw, i) => {
    const at = `messages[${i}]`;
    const m = narrowRequest(message, raw, "message", at);
    const blocks: AnthropicBlockIn[] =
      typeof m.content === "string"
        ? m.content === ""
          ? []
          : [{ type: "text", text: m.content }]
        : m.content.map((b, j) => narrowBlock(b, `${at}.content[${j}]`));
    if (m.role === "system") decodeSystem(blocks, `${at}.content`, instructions);
    else if (m.role === "user") decodeUser(blocks, `${at}.content`, turns);
    else decodeAssistant(blocks, `${at}.content`, turns);
  });
  return { instructions, turns };
}

function decodeSystem(blocks: readonly AnthropicBlockIn[], at: string, instructions: Instruction[]): void {
  blocks.forEach((b, j) => {
    if (b.type !== "text") throw refuse(`${at}[${j}].type`, "a system message holds only text blocks");
    if (b.text !== "") instructions.push({ role: "system", text: b.text });
  });
}

function narrowBlock(raw: { readonly type: string }, at: string): AnthropicBlockIn {
  if (!known.has(raw.type)) {
    throw refuse(`${at}.type`, `${raw.type} blocks need Anthropic's servers and cannot be translated`);
  }
  return narrowRequest(block, raw, "content block", at);
}

function decodeUser(blocks: readonly AnthropicBlockIn[], at: string, turns: Turn[]): void {
  let parts: ContentPart[] = [];
  const flush = () => {
    if (parts.length > 0) turns.push({ type: "message", role: "user", content: parts });
    parts = [];
  };
  blocks.forEach((b, j) => {
    switch (b.type) {
      case "tool_result":
        flush();
        turns.push({
          type: "tool-result",
          callId: b.tool_use_id,
          content: decodeToolResult(b.content ?? undefined, `${at}[${j}].content`),
        });
        return;
      case "tool_use":
        throw refuse(`${at}[${j}].type`, "tool_use blocks belong in assistant messages");
      case "thinking":
      case "redacted_thinking":
        return;
      default:
        parts.push(decodePart(b, `${at}[${j}]`));
    }
  });
  if (blocks.length === 0) turns.push({ type: "message", role: "user", content: [] });
  flush();
}

function decodeAssistant(blocks: readonly AnthropicBlockIn[], at: string, turns: Turn[]): void {
  let texts: TextPart[] = [];
  const flush = () => {
    if (texts.length > 0) turns.push({ type: "message", role: "assistant", content: texts });
    texts = [];
  };
  blocks.forEach((b, j) => {
    switch (b.type) {
      case "text":
        texts.push({ type: "text", text: b.text });
        return;
      case "tool_use":
        flush();
        turns.push({ type: "tool-call", id: b.id, name: b.name, arguments: JSON.stringify(b.input ?? {}) });
        return;
      case "thinking":
      case "redacted_thinking":
        return;
      default:
        throw refuse(`${at}[${j}].type`, `${b.type} blocks cannot stand in an assistant message`);
    }
  });
  flush();
}

function decodeToolResult(content: unknown, at: string): ContentPart[] {
  if (content === undefined) return [];
  const c = narrowRequest(toolResultContent, content, "tool result content", at);
  if (typeof c === "string") return c === "" ? [] : [{ type: "text", text: c }];
  return c.map((raw, k) => {
    const b = narrowBlock(raw, `${at}[${k}]`);
    if (b.type === "text" || b.type === "image" || b.type === "document") return decodePart(b, `${at}[${k}]`);
    throw refuse(`${at}[${k}].type`, `a tool result cannot hold ${b.type} blocks`);
  });
}

function decodePart(b: AnthropicBlockIn, at: string): ContentPart {
  switch (b.type) {
    case "text":
      return { type: "text", text: b.text };
    case "image":
      return decodeImage(narrowRequest(image, b, "image block", at).source, `${at}.source`);
    case "document":
      return decodeDocument(narrowRequest(document, b, "document block", at), `${at}.source`);
    default:
      throw refuse(`${at}.type`, `${b.type} blocks cannot stand in a user message`);
  }
}

type Source = { readonly type: string; readonly media_type?: string | null | undefined } & {
  readonly data?: string | null | undefined;
  readonly url?: string | null | undefined;
  readonly file_id?: string | null | undefined;
};

function decodeImage(s: Source, at: string): ContentPart {
  if (s.type === "base64" && s.data != null && s.media_type != null) {
    return { type: "image", source: { kind: "data", mediaType: s.media_type, data: s.data } };
  }
  if (s.type === "url" && s.url != null) return { type: "image", source: { kind: "url", url: s.url } };
  throw refuse(`${at}.type`, `image sources of type ${s.type} cannot be translated; send base64 or a URL`);
}

function decodeDocument(
  d: { readonly source: Source; readonly title?: string | null | undefined },
  at: string,
): ContentPart {
  const s = d.source;
  const filename = d.title == null ? {} : { filename: d.title };
  if (s.type === "base64" && s.data != null) {
    return { type: "file", ...filename, data: `data:${s.media_type ?? "application/pdf"};base64,${s.data}` };
  }
  if (s.type === "text" && s.data != null) {
    const data = Buffer.from(s.data, "utf8").toString("base64");
    return { type: "file", ...filename, data: `data:text/plain;base64,${data}` };
  }
  if (s.type === "url" && s.url != null) return { type: "file", ...filename, url: s.url };
  if (s.type === "file" && s.file_id != null) return { type: "file", ...filename, fileId: s.file_id };
  throw refuse(`${at}.type`, `document sources of type ${s.type} cannot be translated`);
}
