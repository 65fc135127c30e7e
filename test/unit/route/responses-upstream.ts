/**
 * A Responses API upstream's stream (Lightspeed, OpenAI) for byte-lane tests, written by hand so each
 * event's sequence number, escapes, pad, framing and read boundaries can be chosen.
 */
import fc from "fast-check";
import { type EscapeStyle, escaped, escapeStyle, tellingText } from "../sse/json-escapes.ts";

export const itemId = "msg_lane_0";

/** One named Responses event as the server frames it: the event line, the data line, a blank line. */
export function responsesEvent(type: string, fields: string, framing: "\n\n" | "\r\n\r\n" = "\n\n"): string {
  const lineEnd = framing === "\n\n" ? "\n" : "\r\n";
  return `event: ${type}${lineEnd}data: {"type":"${type}",${fields}}${framing}`;
}

const response = (status: string, output: string, usage: string) =>
  `"response":{"id":"resp_lane","object":"response","created_at":1755433010,"status":"${status}","model":"gpt-lane","output":${output},"usage":${usage}}`;
const usage = '{"input_tokens":11,"output_tokens":7,"total_tokens":18}';
const message = (status: string, text: string | undefined) =>
  `{"id":"${itemId}","type":"message","status":"${status}","role":"assistant","content":[${
    text === undefined ? "" : `{"type":"output_text","text":${JSON.stringify(text)},"annotations":[]}`
  }]}`;

/** A text delta, its text given as a JSON string's body; with `pad`, OpenAI's `obfuscation` field. */
export function textDelta(
  sequence: number,
  body: string,
  pad?: string,
  framing?: "\n\n" | "\r\n\r\n",
): string {
  const obfuscation = pad === undefined ? "" : `,"obfuscation":"${pad}"`;
  return responsesEvent(
    "response.output_text.delta",
    `"sequence_number":${sequence},"item_id":"${itemId}","output_index":0,"content_index":0,"delta":"${body}","logprobs":[]${obfuscation}`,
    framing,
  );
}

/**
 * One piece of the answer's middle: a delta and the text it adds (its pad is used if the stream pads
 * its deltas), a comment, or `more`: the item's closing events then carry text past what the deltas
 * did, which the canonical path must catch up on.
 */
export type Piece =
  | {
      readonly kind: "text";
      readonly text: string;
      readonly style: EscapeStyle;
      readonly pad: string;
      readonly framing: "\n\n" | "\r\n\r\n";
    }
  | { readonly kind: "comment" }
  | { readonly kind: "more" };

export const piece: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("text"),
      text: tellingText,
      style: escapeStyle,
      // A pad is any JSON string body: the lane checks it as it checks the text.
      pad: tellingText.map((pad) => JSON.stringify(pad).slice(1, -1)),
      framing: fc.constantFrom<"\n\n" | "\r\n\r\n">("\n\n", "\n\n", "\n\n", "\r\n\r\n"),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "comment" }) },
  { weight: 1, arbitrary: fc.constant({ kind: "more" }) },
);

/** The text the client must be streamed: the first delta's, the pieces', and what the item adds at its end. */
export function answerText(pieces: readonly Piece[]): string {
  const more = pieces.some((p) => p.kind === "more") ? " and more" : "";
  return `Hello${pieces.map((p) => (p.kind === "text" ? p.text : "")).join("")}${more}`;
}

/**
 * An answer's events: the response opens, the message item and its part; a first plain delta the
 * decoder learns from, the pieces; the item's closing events and `response.completed`. A `padded`
 * stream gives every delta an `obfuscation` pad, as OpenAI does; the other kind gives none.
 */
export function upstreamEvents(pieces: readonly Piece[], padded: boolean): string[] {
  let sequence = 0;
  const seq = () => `"sequence_number":${sequence++}`;
  const text = answerText(pieces);
  const at = `"item_id":"${itemId}","output_index":0,"content_index":0`;
  const events = [
    responsesEvent("response.created", `${seq()},${response("in_progress", "[]", "null")}`),
    responsesEvent("response.in_progress", `${seq()},${response("in_progress", "[]", "null")}`),
    responsesEvent(
      "response.output_item.added",
      `${seq()},"output_index":0,"item":${message("in_progress", undefined)}`,
    ),
    responsesEvent(
      "response.content_part.added",
      `${seq()},${at},"part":{"type":"output_text","text":"","annotations":[]}`,
    ),
    textDelta(sequence++, "Hello", padded ? "p0" : undefined),
  ];
  for (const one of pieces) {
    if (one.kind === "comment") events.push(": keep-alive\n\n");
    if (one.kind !== "text") continue;
    events.push(
      textDelta(sequence++, escaped(one.text, one.style), padded ? one.pad : undefined, one.framing),
    );
  }
  events.push(
    responsesEvent(
      "response.output_text.done",
      `${seq()},${at},"text":${JSON.stringify(text)},"logprobs":[]`,
    ),
    responsesEvent(
      "response.content_part.done",
      `${seq()},${at},"part":{"type":"output_text","text":${JSON.stringify(text)},"annotations":[]}`,
    ),
    responsesEvent(
      "response.output_item.done",
      `${seq()},"output_index":0,"item":${message("completed", text)}`,
    ),
    responsesEvent(
      "response.completed",
      `${seq()},${response("completed", `[${message("completed", text)}]`, usage)}`,
    ),
  );
  return events;
}
