/**
 * `POST /v1/messages/count_tokens` for backends that cannot count (everything but Anthropic and
 * Vertex Claude, which are asked). An estimate, not a tokenizer: it errs on the high side, because
 * Claude Code compacts the conversation when the count nears the context window, and compacting a
 * little early is harmless where overflowing is not.
 *
 * The rules, from Anthropic's published figures:
 * - text (instructions, messages, tool names, arguments and results, tool definitions as JSON):
 *   one token per 3.5 UTF-8 bytes, rounded up (Claude averages about 3.5 characters per token on
 *   English and code; other scripts take more bytes per character and come out higher);
 * - 3 tokens per message and 3 per request, for the role and turn markers;
 * - 1,600 tokens per image (Anthropic's cost of an image at its largest unscaled size, ~1.15 MP);
 * - PDFs: 2,000 tokens per started 50 KB of file (a page costs 1,500-3,000 tokens, text plus image);
 *   documents by URL or file id, whose size is unknown here, count as one such page;
 * - 346 tokens once when tools are defined (the tool-use system prompt Anthropic adds).
 */
import type { CanonicalRequest, ContentPart, Turn } from "../../canonical/request.ts";
import { stringifyRequest } from "../../canonical/request-json.ts";

const bytesPerToken = 3.5;
const perMessage = 3;
const perRequest = 3;
const perImage = 1600;
const perPdfChunk = 2000;
const pdfChunkBytes = 50 * 1024;
const toolPrompt = 346;

export function estimateInputTokens(request: CanonicalRequest): number {
  let total = perRequest;
  for (const instruction of request.instructions) total += textTokens(instruction.text);
  if (request.instructions.length > 0) total += perMessage;
  for (const turn of request.turns) total += perMessage + turnTokens(turn);
  if (request.tools.length > 0) {
    total += toolPrompt;
    for (const tool of request.tools) {
      total += textTokens(
        stringifyRequest({ name: tool.name, description: tool.description, input_schema: tool.parameters }),
      );
    }
  }
  return total;
}

/** The count_tokens answer body. */
export function countTokensBody(request: CanonicalRequest): { input_tokens: number } {
  return { input_tokens: estimateInputTokens(request) };
}

function textTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / bytesPerToken);
}

function turnTokens(turn: Turn): number {
  switch (turn.type) {
    case "message":
      return turn.content.reduce((sum, part) => sum + partTokens(part), 0);
    case "tool-call":
      return textTokens(turn.name) + textTokens(turn.arguments);
    case "tool-result":
      return turn.content.reduce((sum, part) => sum + partTokens(part), 0);
    case "reasoning":
      return 0;
  }
}

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case "text":
      return textTokens(part.text);
    case "image":
      return perImage;
    case "file": {
      const comma = part.data?.indexOf(",") ?? -1;
      if (part.data === undefined || comma < 0) return perPdfChunk;
      const base64 = part.data.length - comma - 1;
      if (part.data.startsWith("data:text/")) return Math.ceil((base64 * 3) / 4 / bytesPerToken);
      return perPdfChunk * Math.max(1, Math.ceil((base64 * 3) / 4 / pdfChunkBytes));
    }
  }
}
