/**
 * The byte lane for a Chat Completions client (Goose, OpenCode) against a Responses API backend
 * (Lightspeed): the text deltas the lane copies from `response.output_text.delta` events — each with
 * its own sequence number, some with a random `obfuscation` pad — into chunks must give the client the
 * chunks the canonical path does, and an item's `.done` must add only what the deltas did not carry.
 */
import { describe, expect, it } from "vitest";
import { openaiChat } from "../../../src/dialects/openai-chat/dialect.ts";
import { openaiResponses } from "../../../src/dialects/openai-responses/dialect.ts";
import { clientChunks, streamedText } from "./chat-client.ts";
import { eventByEvent, reads, utf8 } from "./chat-upstream.ts";
import { type LaneUse, laneProperty, streamRequest, translateLane } from "./lane-client.ts";
import { answerText, piece, responsesEvent, textDelta, upstreamEvents } from "./responses-upstream.ts";

const translate = (chunks: readonly Uint8Array[], lane: LaneUse | "off") =>
  translateLane(
    chunks,
    { upstream: openaiResponses, client: openaiChat, request: streamRequest("gpt-lane") },
    lane,
  );

async function bothWays(chunks: readonly Uint8Array[]) {
  const lane: LaneUse = { taken: 0 };
  const withLane = clientChunks(await translate(chunks, lane));
  expect(withLane).toStrictEqual(clientChunks(await translate(chunks, "off")));
  return { chunks: withLane, taken: lane.taken };
}

describe("translateAnswer byte lane, Responses upstream to a Chat client", () => {
  it("translateAnswer copies a Responses server's numbered text deltas into chat chunks, padded or not", async () => {
    const pieces = [
      { kind: "text", text: " wörld", style: "stringify", pad: "Xy7", framing: "\n\n" },
      { kind: "text", text: ' "quoted" ', style: "stringify", pad: "", framing: "\n\n" },
      { kind: "text", text: "😀\n", style: "unicode", pad: 'q\\u00e9\\"', framing: "\n\n" },
      { kind: "text", text: "\\o/", style: "slash", pad: "Xy7", framing: "\n\n" },
    ] as const;
    for (const padded of [false, true]) {
      const events = upstreamEvents(pieces, padded).map(utf8);
      const { chunks, taken } = await bothWays(eventByEvent(events));
      // The first delta teaches the decoder the shape; the lane takes every one after it.
      expect(taken).toBe(pieces.length);
      expect(streamedText(chunks)).toBe(answerText(pieces));
      expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: "stop" }] });
      expect(chunks.at(-1)).toMatchObject({ usage: { prompt_tokens: 11, completion_tokens: 7 } });
    }
  });

  it("translateAnswer adds only what the deltas left out when the item is done, lane or not", async () => {
    const pieces = [
      { kind: "text", text: " world", style: "stringify", pad: "", framing: "\n\n" },
      { kind: "text", text: " again", style: "ascii", pad: "", framing: "\n\n" },
      { kind: "more" },
    ] as const;
    const { chunks, taken } = await bothWays(eventByEvent(upstreamEvents(pieces, false).map(utf8)));
    expect(taken).toBe(2);
    expect(streamedText(chunks)).toBe("Hello world again and more");
  });

  it("translateAnswer takes no delta of another item, or after its item is done", async () => {
    const events = upstreamEvents([], false);
    const [created, inProgress, added, part, first, ...closing] = events;
    const itemDone = closing[2] ?? "";
    const stale = textDelta(90, " stale");
    const other = responsesEvent(
      "response.output_text.delta",
      '"sequence_number":91,"item_id":"msg_other","output_index":0,"content_index":0,"delta":" other","logprobs":[]',
    );
    const stream = [created, inProgress, added, part, first, textDelta(5, " world"), other, itemDone, stale];
    const { chunks, taken } = await bothWays(
      eventByEvent([...stream, closing[3] ?? ""].map((e) => utf8(e ?? ""))),
    );
    expect(taken).toBe(1);
    expect(streamedText(chunks)).toBe("Hello world other");
  });

  it("translateAnswer gives the same chunks through the lane for any text, pad, escapes, framing and reads", async () => {
    const laneRuns = await laneProperty(piece, 300, async ({ pieces, flag: padded, atEvents, atBytes }) => {
      const events = upstreamEvents(pieces, padded).map(utf8);
      const out = await bothWays(reads(events, atEvents, atBytes));
      expect(streamedText(out.chunks)).toBe(answerText(pieces));
      return out.taken;
    });
    // Not vacuous: many of those runs went through the lane.
    expect(laneRuns).toBeGreaterThan(100);
  });
});
