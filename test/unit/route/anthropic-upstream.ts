/**
 * An Anthropic upstream's stream (Claude on Anthropic or Vertex) for byte-lane tests, written by hand
 * so each event's escapes, framing and read boundaries can be chosen.
 */
import fc from "fast-check";
import { type EscapeStyle, escaped, escapeStyle, tellingText } from "../sse/json-escapes.ts";

/** How a text event is framed: as Anthropic does, with CRLF line ends, or with no `event:` line. */
export type Framing = "event" | "crlf" | "bare";

export function anthropicEvent(data: string, framing: Framing = "event"): string {
  const parsed: unknown = JSON.parse(data);
  const type =
    typeof parsed === "object" && parsed !== null && "type" in parsed ? String(parsed.type) : "message";
  if (framing === "bare") return `data: ${data}\n\n`;
  const line = framing === "crlf" ? "\r\n" : "\n";
  return `event: ${type}${line}data: ${data}${line}${line}`;
}

export const textDelta = (index: number, body: string) =>
  `{"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":"${body}"}}`;

const blockStart = (index: number, block: object) =>
  JSON.stringify({ type: "content_block_start", index, content_block: block });
const blockDelta = (index: number, delta: object) =>
  JSON.stringify({ type: "content_block_delta", index, delta });
const blockStop = (index: number) => JSON.stringify({ type: "content_block_stop", index });

export const messageStart = JSON.stringify({
  type: "message_start",
  message: {
    id: "msg_lane",
    type: "message",
    role: "assistant",
    model: "claude-lane",
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 11, output_tokens: 1 },
  },
});

/** One upstream event (or block) of the stream's middle. */
export type Piece =
  | { readonly kind: "text"; readonly text: string; readonly style: EscapeStyle; readonly framing: Framing }
  | { readonly kind: "thinking"; readonly text: string }
  | { readonly kind: "tool"; readonly json: string }
  | { readonly kind: "ping" }
  | { readonly kind: "comment" };

export const piece: fc.Arbitrary<Piece> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant("text"),
      text: tellingText,
      style: escapeStyle,
      framing: fc.constantFrom<Framing>("event", "event", "event", "event", "crlf", "bare"),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("thinking"), text: fc.string({ minLength: 1 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("tool"), json: fc.constantFrom('{"a":', "1}", "") }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "ping" }) },
  { weight: 1, arbitrary: fc.constant({ kind: "comment" }) },
);

/**
 * An answer's upstream events: message_start, a text block opening with a first plain text the
 * decoder learns from, the pieces (a thinking or tool piece closes the open block and the next text
 * opens a new block, at the next index), then the end.
 */
export function upstreamEvents(pieces: readonly Piece[]): string[] {
  const out = [anthropicEvent(messageStart), anthropicEvent(blockStart(0, { type: "text", text: "" }))];
  out.push(anthropicEvent(textDelta(0, "Hello")));
  let open: "text" | "thinking" | undefined = "text";
  let index = 0;
  const close = () => {
    if (open !== undefined) out.push(anthropicEvent(blockStop(index++)));
    open = undefined;
  };
  for (const p of pieces) {
    switch (p.kind) {
      case "text":
        if (open !== "text") {
          close();
          out.push(anthropicEvent(blockStart(index, { type: "text", text: "" })));
          open = "text";
        }
        out.push(anthropicEvent(textDelta(index, escaped(p.text, p.style)), p.framing));
        break;
      case "thinking":
        if (open !== "thinking") {
          close();
          out.push(anthropicEvent(blockStart(index, { type: "thinking", thinking: "" })));
          open = "thinking";
        }
        out.push(anthropicEvent(blockDelta(index, { type: "thinking_delta", thinking: p.text })));
        break;
      case "tool":
        close();
        out.push(
          anthropicEvent(blockStart(index, { type: "tool_use", id: "toolu_1", name: "f", input: {} })),
        );
        out.push(anthropicEvent(blockDelta(index, { type: "input_json_delta", partial_json: p.json })));
        out.push(anthropicEvent(blockStop(index++)));
        break;
      case "ping":
        out.push(anthropicEvent('{"type": "ping"}'));
        break;
      case "comment":
        out.push(": keep-alive\n\n");
        break;
    }
  }
  close();
  const stop = { stop_reason: "end_turn", stop_sequence: null };
  out.push(
    anthropicEvent(JSON.stringify({ type: "message_delta", delta: stop, usage: { output_tokens: 7 } })),
  );
  out.push(anthropicEvent('{"type":"message_stop"}'));
  return out;
}

/** The text the pieces stream: "Hello" and every text piece's. */
export const answerText = (pieces: readonly Piece[]) =>
  `Hello${pieces.flatMap((p) => (p.kind === "text" ? [p.text] : [])).join("")}`;
