/**
 * The byte lane for an Anthropic client (Claude Code against a chat backend): the text deltas it
 * copies into `content_block_delta` events must give the client the events the canonical path does.
 */
import { describe, expect, it } from "vitest";
import { anthropicMessages } from "../../../src/dialects/anthropic-messages/dialect.ts";
import { openaiChat } from "../../../src/dialects/openai-chat/dialect.ts";
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
  utf8,
} from "./chat-upstream.ts";
import { type LaneUse, laneProperty, streamRequest, translateLane } from "./lane-client.ts";

const request = streamRequest("claude-lane");

/** What the client receives for the upstream chunks, as bytes. */
const translate = (chunks: readonly Uint8Array[], lane: LaneUse | "off") =>
  translateLane(chunks, { upstream: openaiChat, client: anthropicMessages, request }, lane);

type ClientEvent = { readonly type: string } & Record<string, unknown>;

/** The events as the SDK reads them: valid UTF-8, an `event:` line naming the JSON's type, one `data:` line. */
function clientEvents(bytes: Buffer): ClientEvent[] {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const [name, data, ...rest] = block.split("\n");
      expect(rest).toEqual([]);
      expect(data?.startsWith("data: ")).toBe(true);
      const parsed: unknown = JSON.parse(data?.slice("data: ".length) ?? "");
      if (
        typeof parsed !== "object" ||
        parsed === null ||
        !("type" in parsed) ||
        typeof parsed.type !== "string"
      )
        throw new Error(`not an Anthropic stream event: ${block}`);
      expect(name).toBe(`event: ${parsed.type}`);
      return { ...parsed, type: parsed.type };
    });
}

function streamedText(events: readonly ClientEvent[]): string {
  return events
    .flatMap((e) => {
      const delta = e.type === "content_block_delta" ? e.delta : undefined;
      return typeof delta === "object" && delta !== null && "text" in delta && typeof delta.text === "string"
        ? [delta.text]
        : [];
    })
    .join("");
}

async function bothWays(chunks: readonly Uint8Array[]) {
  const lane: LaneUse = { taken: 0 };
  const withLane = clientEvents(await translate(chunks, lane));
  expect(withLane).toStrictEqual(clientEvents(await translate(chunks, "off")));
  return { events: withLane, taken: lane.taken };
}

describe("translateAnswer byte lane, Anthropic client", () => {
  it("translateAnswer copies a chat upstream's text deltas into content_block_delta events", async () => {
    const texts = ["Hello", " wörld", ' "quoted" ', "😀\n", "\\o/"];
    const finish = `${chunkHead}${choice("{}", '"stop"')}}`;
    const events = [
      event(roleData),
      ...texts.map((text) => event(textData(JSON.stringify(text).slice(1, -1)))),
      event(finish),
      "data: [DONE]\n\n",
    ].map(utf8);
    const { events: out, taken } = await bothWays(eventByEvent(events));
    expect(taken).toBe(texts.length - 1);
    expect(streamedText(out)).toBe(texts.join(""));
    expect(out.map((e) => e.type)).toEqual([
      "message_start",
      "content_block_start",
      ...texts.map(() => "content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
  });

  it("translateAnswer gives the same events through the lane for any text, escapes, framing and reads", async () => {
    const laneRuns = await laneProperty(
      piece,
      200,
      async ({ pieces, flag: usageOnFinish, atEvents, atBytes }) => {
        const out = await bothWays(reads(upstreamEvents(pieces, usageOnFinish).map(utf8), atEvents, atBytes));
        expect(out.events.at(-1)?.type).toBe("message_stop");
        return out.taken;
      },
    );
    expect(laneRuns).toBeGreaterThan(50);
  });
});
