/**
 * One Responses stream event as SSE. OpenAI names every event (`event: response.output_text.delta`)
 * and repeats the name in the JSON `type`; there is no `[DONE]`: the terminal event ends the stream.
 * JSON.stringify never emits a raw newline, so the data is one line.
 */
import type { ResponseEcho, ResponseObject, ResponsesStreamEvent } from "./wire.ts";

export function formatResponsesEvent(event: ResponsesStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The SSE text of a batch of one stream's events. */
export type EventFormatter = (events: readonly ResponsesStreamEvent[]) => string;

/**
 * formatResponsesEvent for one stream whose response objects repeat `echo`. Those objects were most
 * of what serialising a short answer's opening and closing events cost: `response.created` and
 * `response.in_progress` (one shared object) and the terminal event each carry the request's echo.
 * Here the echo is serialised once per stream and a response object already written is reused; the
 * rest of the object is joined around them, in the key order render-stream.ts builds it in.
 */
export function createEventFormatter(echo: ResponseEcho): EventFormatter {
  let echoBody: string | undefined;
  let last: ResponseObject | undefined;
  let lastJson = "";

  function responseJson(response: ResponseObject): string {
    if (response === last) return lastJson;
    let json: string;
    if (repeats(response, echo)) {
      echoBody ??= JSON.stringify(echo).slice(1, -1);
      json =
        `{"id":${JSON.stringify(response.id)},"object":"response",` +
        `"created_at":${JSON.stringify(response.created_at)},"status":"${response.status}",` +
        `"background":false,"error":${JSON.stringify(response.error)},` +
        `"incomplete_details":${JSON.stringify(response.incomplete_details)},${echoBody},` +
        `"model":${JSON.stringify(response.model)},"output":${JSON.stringify(response.output)},` +
        `"usage":${JSON.stringify(response.usage)}}`;
    } else {
      json = JSON.stringify(response);
    }
    last = response;
    lastJson = json;
    return json;
  }

  return (events) => {
    let out = "";
    for (const event of events) {
      out +=
        "response" in event
          ? `event: ${event.type}\ndata: {"type":"${event.type}","sequence_number":${event.sequence_number},"response":${responseJson(event.response)}}\n\n`
          : formatResponsesEvent(event);
    }
    return out;
  };
}

/**
 * Whether the object holds the echo's own values, so that the echo's JSON is the JSON of its fields:
 * objects by identity (the renderer spreads the echo, it never copies it), the rest by value.
 */
function repeats(response: ResponseObject, echo: ResponseEcho): boolean {
  const fields: Readonly<Record<string, unknown>> = response;
  for (const [key, value] of Object.entries(echo)) if (fields[key] !== value) return false;
  return true;
}
