/**
 * An upstream's stream translated for a client dialect, with the byte lane on (and counted) or off
 * (the canonical path alone), for tests that hold the two against each other.
 */
import fc from "fast-check";
import type { BackendDialect, ClientDialect } from "../../../src/canonical/dialect.ts";
import type { CanonicalRequest } from "../../../src/canonical/request.ts";
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
        renderTextBody(bytes, start, end) {
          const events = renderTextBody(bytes, start, end);
          if (events !== undefined) lane.taken++;
          return events;
        },
      };
    },
  };
}

/** The two dialects of a translation, and the client's request. */
export type LaneSides = {
  readonly upstream: BackendDialect;
  readonly client: ClientDialect;
  readonly request: CanonicalRequest;
};

/** What the client receives for the upstream chunks, as bytes. */
export async function translateLane(
  chunks: readonly Uint8Array[],
  sides: LaneSides,
  lane: LaneUse | "off",
): Promise<Buffer> {
  const { upstream, client, request } = sides;
  async function* body() {
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const response = await translateAnswer(
    { status: 200, headers: { "content-type": "text/event-stream" }, body: body() },
    { upstream, client: withLane(client, lane), request, scrub: (text) => text },
  );
  const out: Buffer[] = [];
  for await (const chunk of response.body) out.push(Buffer.from(chunk));
  return Buffer.concat(out);
}

/** One run of a lane property: an answer's pieces, a flag for the test's own use, where reads are cut. */
export type LaneCase<P> = {
  readonly pieces: readonly P[];
  readonly flag: boolean;
  readonly atEvents: readonly boolean[];
  readonly atBytes: readonly number[];
};

/**
 * Checks `run` over any pieces (up to 14), flag and reads; `run` returns how many text events the
 * lane took. The result is how many runs the lane took part in, for a test to show it is not vacuous.
 */
export async function laneProperty<P>(
  piece: fc.Arbitrary<P>,
  numRuns: number,
  run: (one: LaneCase<P>) => Promise<number>,
): Promise<number> {
  let laneRuns = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(piece, { maxLength: 14 }),
      fc.boolean(),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      async (pieces, flag, atEvents, atBytes) => {
        if ((await run({ pieces, flag, atEvents, atBytes })) > 0) laneRuns++;
      },
    ),
    { numRuns },
  );
  return laneRuns;
}
