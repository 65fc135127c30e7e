/**
 * The byte lane for a Chat Completions client (Goose, OpenCode) against Claude (an Anthropic or
 * Vertex backend): the text deltas the lane copies from `content_block_delta` events into chunks must
 * give the client the chunks the canonical path does.
 */
import { describe, expect, it } from "vitest";
import type { BackendDialect } from "../../../src/canonical/dialect.ts";
import { createAnthropicStreamDecoder } from "../../../src/dialects/anthropic-messages/decode-stream.ts";
import { anthropicMessages } from "../../../src/dialects/anthropic-messages/dialect.ts";
import { openaiChat } from "../../../src/dialects/openai-chat/dialect.ts";
import {
  answerText,
  anthropicEvent,
  messageStart,
  piece,
  textDelta,
  upstreamEvents,
} from "./anthropic-upstream.ts";
import { clientChunks, streamedText } from "./chat-client.ts";
import { eventByEvent, reads, utf8 } from "./chat-upstream.ts";
import { type LaneUse, laneProperty, streamRequest, translateLane } from "./lane-client.ts";

/** Claude's stream, its `created` fixed: the clock must not tell the two ways apart. */
const upstream: BackendDialect = {
  ...anthropicMessages,
  createStreamDecoder: () => createAnthropicStreamDecoder({ created: 1755433010 }),
};

const translate = (chunks: readonly Uint8Array[], lane: LaneUse | "off", includeUsage = true) =>
  translateLane(
    chunks,
    {
      upstream,
      client: openaiChat,
      request: { ...streamRequest("claude-lane"), includeUsage },
    },
    lane,
  );

async function bothWays(chunks: readonly Uint8Array[], includeUsage = true) {
  const lane: LaneUse = { taken: 0 };
  const withLane = clientChunks(await translate(chunks, lane, includeUsage));
  expect(withLane).toStrictEqual(clientChunks(await translate(chunks, "off", includeUsage)));
  return { chunks: withLane, taken: lane.taken };
}

describe("translateAnswer byte lane, Anthropic upstream to a Chat client", () => {
  it("translateAnswer copies Claude's text deltas into chat chunks", async () => {
    const texts = ["Hello", " wörld", ' "quoted" ', "😀\n", "\\o/"];
    const events = [
      anthropicEvent(messageStart),
      anthropicEvent('{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'),
      ...texts.map((text) => anthropicEvent(textDelta(0, JSON.stringify(text).slice(1, -1)))),
      anthropicEvent('{"type":"content_block_stop","index":0}'),
      anthropicEvent(
        '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}',
      ),
      anthropicEvent('{"type":"message_stop"}'),
    ].map(utf8);
    for (const includeUsage of [true, false]) {
      const { chunks, taken } = await bothWays(eventByEvent(events), includeUsage);
      // The first text teaches the decoder the shape; the lane takes every one after it.
      expect(taken).toBe(texts.length - 1);
      expect(streamedText(chunks)).toBe(texts.join(""));
      expect(chunks.at(includeUsage ? -2 : -1)).toMatchObject({ choices: [{ finish_reason: "stop" }] });
    }
  });

  it("translateAnswer takes no text event of a block that is not the learnt one", async () => {
    // Block 0's template would match block 0's events only; a text_delta for the thinking block 1
    // is nothing on the canonical path, and block 0 is closed by then.
    const events = [
      anthropicEvent(messageStart),
      anthropicEvent('{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'),
      anthropicEvent(textDelta(0, "Hello")),
      anthropicEvent(textDelta(0, " world")),
      anthropicEvent('{"type":"content_block_stop","index":0}'),
      anthropicEvent(textDelta(0, " stale")),
      anthropicEvent(
        '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}',
      ),
      anthropicEvent(textDelta(0, " wrong kind")),
      anthropicEvent('{"type":"content_block_stop","index":0}'),
      anthropicEvent('{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}'),
      anthropicEvent(textDelta(1, " again")),
      anthropicEvent(textDelta(1, " and again")),
      anthropicEvent(
        '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}',
      ),
      anthropicEvent('{"type":"message_stop"}'),
    ].map(utf8);
    const { chunks, taken } = await bothWays(eventByEvent(events));
    expect(taken).toBe(2);
    expect(streamedText(chunks)).toBe("Hello world again and again");
  });

  it("translateAnswer gives the same chunks through the lane for any text, escapes, framing, blocks and reads", async () => {
    const laneRuns = await laneProperty(
      piece,
      300,
      async ({ pieces, flag: includeUsage, atEvents, atBytes }) => {
        const events = upstreamEvents(pieces).map(utf8);
        const out = await bothWays(reads(events, atEvents, atBytes), includeUsage);
        expect(streamedText(out.chunks)).toBe(answerText(pieces));
        return out.taken;
      },
    );
    // Not vacuous: many of those runs went through the lane.
    expect(laneRuns).toBeGreaterThan(100);
  });
});
