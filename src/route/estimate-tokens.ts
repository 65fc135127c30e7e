/**
 * count_tokens for a backend that cannot count (any but Anthropic's own API and Vertex Claude):
 * answered here, with the Anthropic adapter's estimate, rather than a 404 — Claude Code asks before
 * compacting a conversation, and an error there breaks the session. No upstream is called.
 */
import type { UpstreamResponse } from "../canonical/contract.ts";
import { countTokensBody } from "../dialects/anthropic-messages/count-tokens.ts";
import { decodeAnthropicRequest } from "../dialects/anthropic-messages/decode-request.ts";

export function estimateTokens(payload: Readonly<Record<string, unknown>>): UpstreamResponse {
  const answer = countTokensBody(decodeAnthropicRequest(payload, { countTokens: true }));
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: [Buffer.from(JSON.stringify(answer))],
  };
}
