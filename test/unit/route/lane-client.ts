/**
 * A chat upstream's stream translated for a client dialect, with the byte lane on (and counted) or
 * off (the canonical path alone), for tests that hold the two against each other.
 */
import type { ClientDialect } from "../../../src/canonical/dialect.ts";
import type { CanonicalRequest } from "../../../src/canonical/request.ts";
import { openaiChat } from "../../../src/dialects/openai-chat/dialect.ts";
import { translateAnswer } from "../../../src/route/translate-answer.ts";

/** A streamed request for `model`, with nothing else a translation would carry. */
export function streamRequest(model: string): CanonicalRequest {
  return { model, instructions: [], turns: [], tools: [], stream: true, includeUsage: true };
}

/** How often the lane took a text event: counted by a spy around the writer's renderTextBody. */
export type LaneUse = { taken: number };

/** The dialect, its writer with the byte lane (counted) or without it. */
function withLane(client: ClientDialect, lane: LaneUse | "off"): ClientDialect {
  return {
    ...client,
    createStreamWriter(canonical) {
      const writer = client.createStreamWriter(canonical);
      if (lane === "off") return { render: writer.render, end: writer.end, fail: writer.fail };
      const renderTextBody = writer.renderTextBody;
      if (renderTextBody === undefined) throw new Error("the writer has no byte lane to test");
      return {
        ...writer,
        renderTextBody(body) {
          const events = renderTextBody(body);
          if (events !== undefined) lane.taken++;
          return events;
        },
      };
    },
  };
}

/** What the client receives for the upstream chunks, as bytes. */
export async function translateChat(
  chunks: readonly Uint8Array[],
  client: ClientDialect,
  request: CanonicalRequest,
  lane: LaneUse | "off",
): Promise<Buffer> {
  async function* body() {
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const response = await translateAnswer(
    { status: 200, headers: { "content-type": "text/event-stream" }, body: body() },
    { upstream: openaiChat, client: withLane(client, lane), request, scrub: (text) => text },
  );
  const out: Buffer[] = [];
  for await (const chunk of response.body) out.push(Buffer.from(chunk));
  return Buffer.concat(out);
}
