/**
 * One Responses stream event as SSE. OpenAI names every event (`event: response.output_text.delta`)
 * and repeats the name in the JSON `type`; there is no `[DONE]`: the terminal event ends the stream.
 * JSON.stringify never emits a raw newline, so the data is one line.
 */
import type { ResponsesStreamEvent } from "./wire.ts";

export function formatResponsesEvent(event: ResponsesStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
