/**
 * One Anthropic stream event as SSE. Anthropic names every event after its JSON `type`, and the SDK
 * dispatches on that name (an `event: error` raises; a data line with no event name is skipped), so
 * the name is not optional. JSON.stringify never emits a raw newline: the data is one line.
 */
import type { AnthropicStreamEvent } from "./wire.ts";

export function formatAnthropicEvent(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
