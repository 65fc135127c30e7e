/**
 * Canonical turns -> Gemini `contents`. Roles are `user` (user messages, tool results) and `model`
 * (assistant text, tool calls); consecutive turns of one role share a content, which also puts all
 * results of one model turn in the next user content, as Gemini requires.
 *
 * Gemini matches a function response to its call by name, not id: the call ids in the conversation
 * are mapped to their names, and a result whose call is not in the conversation is a 400. A result's
 * text is the response object's `output` (Gemini wants an object); its images follow it as parts.
 *
 * Gemini 3 refuses a model turn whose function call lacks the `thoughtSignature` it was sent with,
 * which a translated conversation cannot have; Google documents a placeholder that skips the check
 * (https://ai.google.dev/gemini-api/docs/thought-signatures), put on each model content's first call.
 */
import { AirlockError } from "../../canonical/error.ts";
import type { ContentPart, Turn } from "../../canonical/request.ts";
import { refuse } from "../openai-chat/narrow.ts";
import type { GeminiContentOut, GeminiPartOut } from "./wire.ts";

export const skipThoughtSignature = "skip_thought_signature_validator";

export type GeminiContentsOptions = {
  /** The placeholder for function calls' thought signatures; `false` sends none (Gemini 2 only). */
  readonly thoughtSignature?: string | false;
};

export function encodeContents(
  turns: readonly Turn[],
  options: GeminiContentsOptions = {},
): GeminiContentOut[] {
  const signature = options.thoughtSignature ?? skipThoughtSignature;
  const names = new Map<string, string>();
  for (const turn of turns) if (turn.type === "tool-call") names.set(turn.id, turn.name);
  const contents: GeminiContentOut[] = [];
  const add = (role: "user" | "model", parts: GeminiPartOut[]) => {
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const turn of turns) {
    switch (turn.type) {
      case "message":
        if (turn.role === "user") add("user", turn.content.flatMap(encodePart));
        else
          add(
            "model",
            turn.content.filter((p) => p.text !== "").map((p) => ({ text: p.text })),
          );
        break;
      case "tool-call": {
        const last = contents.at(-1);
        const first = last?.role !== "model" || !last.parts.some((p) => "functionCall" in p);
        const call = { name: turn.name, args: parseArguments(turn.id, turn.arguments) };
        add("model", [
          { functionCall: call, ...(first && signature !== false ? { thoughtSignature: signature } : {}) },
        ]);
        break;
      }
      case "tool-result": {
        const name = names.get(turn.callId);
        if (name === undefined) {
          throw refuse(
            "tool_call_id",
            `no tool call ${turn.callId} in the conversation answers to this result`,
          );
        }
        const text = turn.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
        const rest = turn.content.filter((p) => p.type !== "text").flatMap(encodePart);
        add("user", [{ functionResponse: { name, response: { output: text } } }, ...rest]);
        break;
      }
      case "reasoning":
        break;
    }
  }
  return contents.filter((c) => c.parts.length > 0);
}

function parseArguments(id: string, args: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AirlockError(
      "unsupported",
      `the arguments of tool call ${id} are not a JSON object, which a Gemini backend requires`,
    );
  }
  return { ...value };
}

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

const mimeOfExtension: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  pdf: "application/pdf",
  txt: "text/plain",
};

/** `fileData` needs a MIME type; a URL's extension tells it, else the part's kind guesses. */
function mimeOfUrl(url: string, fallback: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return (extension === undefined ? undefined : mimeOfExtension[extension]) ?? fallback;
}

function encodePart(part: ContentPart): GeminiPartOut[] {
  switch (part.type) {
    case "text":
      return part.text === "" ? [] : [{ text: part.text }];
    case "image": {
      const s = part.source;
      return s.kind === "data"
        ? [{ inlineData: { mimeType: s.mediaType, data: s.data } }]
        : [{ fileData: { mimeType: mimeOfUrl(s.url, "image/jpeg"), fileUri: s.url } }];
    }
    case "file": {
      if (part.url !== undefined) {
        return [{ fileData: { mimeType: mimeOfUrl(part.url, "application/pdf"), fileUri: part.url } }];
      }
      const match = dataUrl.exec(part.data ?? "");
      const mimeType = match?.[1];
      const data = match?.[2];
      if (mimeType === undefined || data === undefined) {
        throw new AirlockError(
          "unsupported",
          "a Gemini backend takes files as base64 data URLs or URLs, not file ids",
          { param: part.fileId === undefined ? "file_data" : "file_id" },
        );
      }
      return [{ inlineData: { mimeType, data } }];
    }
  }
}
