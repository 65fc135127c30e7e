/**
 * The byte lane (text-lane.ts) against the canonical path it shortcuts: a Responses client reading
 * a translated chat stream must get the same events whether the lane copied the text deltas or the
 * canonical path decoded and re-encoded them. Bytes may differ (the lane keeps the upstream's
 * escapes); the parsed events may not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openaiChat } from "../../../src/dialects/openai-chat/dialect.ts";
import { openaiResponses } from "../../../src/dialects/openai-responses/dialect.ts";
import {
  choice,
  chunkHead,
  event,
  eventByEvent,
  piece,
  reads,
  roleData,
  textData,
  upstreamEvents,
  usage,
  utf8,
} from "./chat-upstream.ts";
import { type LaneUse, laneProperty, streamRequest, translateLane } from "./lane-client.ts";

const request = streamRequest("gpt-lane");

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** What the client receives for the upstream chunks, as bytes. */
const translate = (chunks: readonly Uint8Array[], lane: LaneUse | "off") =>
  translateLane(chunks, { upstream: openaiChat, client: openaiResponses, request }, lane);

type ClientEvent = { readonly type: string; readonly sequence_number: number } & Record<string, unknown>;

function isClientEvent(value: unknown): value is ClientEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    typeof value.type === "string" &&
    "sequence_number" in value &&
    typeof value.sequence_number === "number"
  );
}

/**
 * The Responses events in the client's bytes, checked as a client would read them: valid UTF-8, each
 * event an `event:` line naming its JSON's type and one `data:` line, numbered 0, 1, 2, …
 */
function clientEvents(bytes: Buffer): ClientEvent[] {
  const text = strictUtf8.decode(bytes);
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block, i) => {
      const [name, data, ...rest] = block.split("\n");
      expect(rest).toEqual([]);
      expect(data?.startsWith("data: ")).toBe(true);
      const event: unknown = JSON.parse(data?.slice("data: ".length) ?? "");
      if (!isClientEvent(event)) throw new Error(`not a Responses stream event: ${block}`);
      expect(name).toBe(`event: ${event.type}`);
      expect(event.sequence_number).toBe(i);
      return event;
    });
}

/** The text the client was streamed: its output_text deltas, joined. */
function streamedText(events: readonly ClientEvent[]): string {
  return events
    .filter((event) => event.type === "response.output_text.delta")
    .map((event) => (typeof event.delta === "string" ? event.delta : ""))
    .join("");
}

/** The same stream through the lane and through the canonical path alone: the same events. */
async function bothWays(chunks: readonly Uint8Array[]) {
  const lane: LaneUse = { taken: 0 };
  const withLane = clientEvents(await translate(chunks, lane));
  const canonical = clientEvents(await translate(chunks, "off"));
  expect(withLane).toStrictEqual(canonical);
  return { events: withLane, taken: lane.taken };
}

describe("translateAnswer byte lane", () => {
  it("translateAnswer takes a chat upstream's text events through the lane, to the canonical path's events", async () => {
    const texts = ["Hello", " wörld", ' "quoted" ', "😀\n", "\\o/"];
    const events = [
      event(roleData),
      ...texts.map((text) => event(textData(JSON.stringify(text).slice(1, -1)))),
      event(`${chunkHead}${choice("{}", '"stop"')},${usage}}`),
      "data: [DONE]\n\n",
    ].map(utf8);
    const { events: out, taken } = await bothWays(eventByEvent(events));
    // The first text teaches the decoder the shape; the lane takes every one after it.
    expect(taken).toBe(texts.length - 1);
    expect(streamedText(out)).toBe(texts.join(""));
    expect(out.at(-1)).toMatchObject({
      type: "response.completed",
      response: {
        output: [{ content: [{ text: texts.join("") }] }],
        usage: { input_tokens: 11, output_tokens: 7 },
      },
    });
    // All in one read, the lane takes none (the read starts with the role chunk): the same events.
    const whole = await bothWays([Buffer.concat(events)]);
    expect(whole.taken).toBe(0);
    expect(whole.events).toStrictEqual(out);
  });

  it("translateAnswer gives the same events through the lane for any text, escapes, framing and reads", async () => {
    const laneRuns = await laneProperty(
      piece,
      300,
      async ({ pieces, flag: usageOnFinish, atEvents, atBytes }) => {
        const events = upstreamEvents(pieces, usageOnFinish).map(utf8);
        const out = await bothWays(reads(events, atEvents, atBytes));
        const message = pieces.flatMap((p) => (p.kind === "text" || p.kind === "obfuscated" ? [p.text] : []));
        expect(streamedText(out.events)).toBe(`Hello${message.join("")}`);
        expect(out.events.at(-1)?.type).toBe("response.completed");
        return out.taken;
      },
    );
    // Not vacuous: many of those runs went through the lane.
    expect(laneRuns).toBeGreaterThan(100);
  });

  it("translateAnswer gives the canonical path's events when the learnt text event spans two data lines", async () => {
    // Legal SSE: the JSON split over two `data:` lines, joined with "\n" (JSON whitespace).
    const twoLines = (body: string) => `data: ${textData(body).slice(0, -1)}\ndata: }\n\n`;
    const events = [
      event(roleData),
      twoLines("Hello"),
      twoLines(" world"),
      // The same bytes but for `data: ` on the second line: `}` is a field SSE ignores, and the data
      // left is not JSON.
      `data: ${textData(" evil").slice(0, -1)}\n}\n\n`,
      event(`${chunkHead}${choice("{}", '"stop"')},${usage}}`),
    ].map(utf8);
    const { events: out } = await bothWays(eventByEvent(events));
    expect(out.at(-1)?.type).toBe("response.failed");
    expect(streamedText(out)).toBe("Hello world");
  });

  // Reads that end inside a line, an event or a character: the next read may start with a text
  // event's bytes, which SSE reads as part of what came before, so " again" never reaches the client.
  const held: Record<string, { readonly held: Uint8Array; readonly last: string }> = {
    // The line is a comment.
    "a line": { held: utf8(": ping "), last: "response.completed" },
    // The event's data is two JSON objects, which is not JSON.
    "an event": { held: utf8('data: {"note":1}\n'), last: "response.failed" },
    // U+FFFD opens the line: a field SSE ignores.
    "a character": { held: Uint8Array.from([0xe2]), last: "response.completed" },
  };
  for (const [name, { held: part, last }] of Object.entries(held)) {
    it(`translateAnswer leaves a text event to the canonical path after a read that ended inside ${name}`, async () => {
      const events = [
        ...[event(roleData), event(textData("Hello")), event(textData(" world"))].map(utf8),
        part,
        ...[event(textData(" again")), event(`${chunkHead}${choice("{}", '"stop"')},${usage}}`)].map(utf8),
      ];
      const { events: out, taken } = await bothWays(eventByEvent(events));
      expect(taken).toBe(1);
      expect(streamedText(out)).toBe("Hello world");
      expect(out.at(-1)?.type).toBe(last);
    });
  }

  const broken: Record<
    string,
    { readonly body: readonly number[]; readonly client: "replaced" | "failed" | "kept" }
  > = {
    "a byte UTF-8 never uses": { body: [...utf8("ok"), 0xff, ...utf8("ok")], client: "replaced" },
    "a truncated three-byte sequence": { body: [...utf8("ok"), 0xe2, 0x82], client: "replaced" },
    "an overlong slash": { body: [0xc0, 0xaf], client: "replaced" },
    "a surrogate encoded in UTF-8": { body: [0xed, 0xa0, 0x80], client: "replaced" },
    "a lone continuation byte": { body: [0x80], client: "replaced" },
    "a raw tab": { body: [...utf8("a"), 0x09, ...utf8("b")], client: "failed" },
    "a raw control character": { body: [0x01], client: "failed" },
    "a bad escape": { body: [...utf8("\\x41")], client: "failed" },
    "a stray quote": { body: [...utf8('a"b')], client: "failed" },
    "a raw DEL, which JSON allows": { body: [0x61, 0x7f], client: "kept" },
  };
  for (const [name, { body, client }] of Object.entries(broken)) {
    it(`translateAnswer gives the canonical path's events for a text event with ${name} after the lane opened`, async () => {
      const [before, after] = textData("\u0000").split("\u0000");
      const bad = Buffer.concat([utf8(`data: ${before}`), Uint8Array.from(body), utf8(`${after}\n\n`)]);
      const events = [
        ...[event(roleData), event(textData("Hello")), event(textData(" world"))].map(utf8),
        bad,
        ...[event(textData(" again")), event(`${chunkHead}${choice("{}", '"stop"')},${usage}}`)].map(utf8),
      ];
      const simple = await bothWays(eventByEvent(events));
      expect(simple.taken).toBeGreaterThanOrEqual(1);
      const last = simple.events.at(-1)?.type;
      if (client === "failed") expect(last).toBe("response.failed");
      else {
        expect(last).toBe("response.completed");
        const text = streamedText(simple.events);
        expect(text.includes("\ufffd")).toBe(client === "replaced");
        expect(text.endsWith(" again")).toBe(true);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          async (atEvents, atBytes) => {
            expect((await bothWays(reads(events, atEvents, atBytes))).events).toStrictEqual(simple.events);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
