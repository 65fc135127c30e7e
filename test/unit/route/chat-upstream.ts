/**
 * A chat upstream's stream for byte-lane tests, written by hand so each event's escapes, framing and
 * read boundaries can be chosen.
 */
import fc from "fast-check";
import { type EscapeStyle, escaped, escapeStyle, tellingText } from "../sse/json-escapes.ts";

export const chunkHead =
  '{"id":"chatcmpl-lane","object":"chat.completion.chunk","created":1755433010,"model":"gpt-lane",';
export const choice = (delta: string, finish = "null") =>
  `"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]`;
export const textData = (body: string, extra = "") =>
  `${chunkHead}${choice(`{"content":"${body}"}`)}${extra}}`;
export const roleData = `${chunkHead}${choice('{"role":"assistant","content":""}')}}`;
export const usage = '"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}';

export type Framing = "\n\n" | "\r\n\r\n";
export const event = (data: string, framing: Framing = "\n\n") => `data: ${data}${framing}`;

/** One upstream event of the stream's middle, and the message text it adds. */
export type Piece =
  | { readonly kind: "text"; readonly text: string; readonly style: EscapeStyle; readonly framing: Framing }
  | { readonly kind: "obfuscated"; readonly text: string }
  | { readonly kind: "reasoning"; readonly text: string }
  | { readonly kind: "comment" };

function pieceEvent(piece: Piece): string {
  switch (piece.kind) {
    case "text":
      return event(textData(escaped(piece.text, piece.style)), piece.framing);
    case "obfuscated":
      return event(textData(escaped(piece.text, "stringify"), ',"obfuscation":"Xy7"'));
    case "reasoning":
      return event(`${chunkHead}${choice(`{"reasoning_content":${JSON.stringify(piece.text)}}`)}}`);
    case "comment":
      return ": keep-alive\n\n";
  }
}

export const piece: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("text"),
      text: tellingText,
      style: escapeStyle,
      framing: fc.constantFrom<Framing>("\n\n", "\n\n", "\n\n", "\r\n\r\n"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("obfuscated"), text: tellingText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reasoning"), text: fc.string({ minLength: 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "comment" }) },
);

/** An answer's upstream events: the role chunk, a first plain text the decoder learns from, the pieces, the end. */
export function upstreamEvents(pieces: readonly Piece[], usageOnFinish: boolean): string[] {
  const finish = `${chunkHead}${choice("{}", '"stop"')}${usageOnFinish ? `,${usage}` : ""}}`;
  return [
    event(roleData),
    event(textData("Hello")),
    ...pieces.map(pieceEvent),
    event(finish),
    ...(usageOnFinish ? [] : [event(`${chunkHead}"choices":[],${usage}}`)]),
    "data: [DONE]\n\n",
  ];
}

/**
 * The events' bytes in reads as an upstream socket might give them: cut between some events (where
 * the lane can take over) and at some arbitrary bytes (inside an event, a CRLF or a UTF-8 sequence).
 */
export function reads(
  events: readonly Uint8Array[],
  atEvents: readonly boolean[],
  atBytes: readonly number[],
) {
  const bytes = Buffer.concat(events);
  const points = new Set<number>();
  let offset = 0;
  events.forEach((one, i) => {
    if (atEvents[i % Math.max(1, atEvents.length)] === true) points.add(offset);
    offset += one.length;
  });
  for (const cut of atBytes) points.add(cut % (bytes.length + 1));
  const sorted = [...points].sort((a, b) => a - b);
  return [...sorted, bytes.length].map((point, i) =>
    bytes.subarray(i === 0 ? 0 : (sorted[i - 1] ?? 0), point),
  );
}

/** One read per event, as most upstreams send them: where the lane takes every event it can. */
export const eventByEvent = (events: readonly Uint8Array[]) => reads(events, [true], []);

export const utf8 = (text: string) => Buffer.from(text, "utf8");
