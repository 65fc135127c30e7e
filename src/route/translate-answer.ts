/**
 * An upstream answer in the backend's dialect -> the answer in the client's, through canonical
 * events. A stream goes event by event: upstream bytes -> SSE events -> JSON -> canonical events ->
 * the client's SSE text, one batch per upstream chunk, pulled only as fast as the client reads (the
 * relay's backpressure reaches the upstream socket), never buffered whole. A non-streaming answer is
 * folded from the same events. A failure after the first byte becomes the client dialect's in-band
 * error, and the stream ends; the failure itself is kept for the access log.
 */
import type { UpstreamResponse } from "../canonical/contract.ts";
import type {
  BackendDialect,
  ClientDialect,
  StreamDecoder,
  StreamWriter,
  TextEventShape,
} from "../canonical/dialect.ts";
import { AirlockError, toAirlockError } from "../canonical/error.ts";
import type { CanonicalEvent } from "../canonical/events.ts";
import type { CanonicalRequest } from "../canonical/request.ts";
import { createSseDecoder, lineTooLong, type SseEvent } from "../sse/decode.ts";
import { type ChunkStage, mapStream } from "./map-stream.ts";
import { readTextEvents } from "./text-lane.ts";

export type AnswerSides = {
  readonly upstream: BackendDialect;
  readonly client: ClientDialect;
  readonly request: CanonicalRequest;
  /** Removes the backend's credentials from text the upstream wrote (error messages). */
  readonly scrub: (text: string) => string;
};

/**
 * Upstream bytes -> canonical events, chunk by chunk: an event stream, or a whole JSON body. Events
 * are appended to `out` as they decode, so those before an event that fails to decode are kept.
 */
type AnswerReader = {
  push(chunk: Uint8Array, out: CanonicalEvent[]): void;
  end(out: CanonicalEvent[]): void;
  /** The shape of the stream's text events while the byte lane may read them in place of push(). */
  textEventShape(): TextEventShape | undefined;
};

export async function translateAnswer(
  response: UpstreamResponse,
  sides: AnswerSides,
): Promise<UpstreamResponse> {
  // An upstream error that reaches here is already in the client's form (checkStatus saw to it).
  if (response.status >= 400) return response;
  const { "content-type": contentType = "", ...headers } = response.headers;
  const reader = contentType.startsWith("text/event-stream")
    ? streamReader(sides.upstream)
    : wholeReader(sides.upstream);
  if (!sides.request.stream) {
    const answer = await sides.client.collect(events(response.body, reader, sides.scrub), sides.request);
    const body = Buffer.from(JSON.stringify(answer));
    return { status: 200, headers: { ...headers, "content-type": "application/json" }, body: [body] };
  }
  let failure: AirlockError | undefined;
  const writer = sides.client.createStreamWriter(sides.request);
  return {
    status: 200,
    headers: { ...headers, "content-type": "text/event-stream" },
    body: mapStream(
      response.body,
      renderStage({ reader, writer, scrub: sides.scrub }, (error) => {
        failure = error;
      }),
    ),
    failure: () => failure,
  };
}

type Stages = { readonly reader: AnswerReader; readonly writer: StreamWriter; readonly scrub: Scrub };
type Scrub = (text: string) => string;

/**
 * The streamed path, chunk by chunk: each upstream chunk is decoded, translated and written as one
 * piece of client SSE, and the next one is not read until the client took that. Text events the
 * byte lane can take (text-lane.ts) skip decoding altogether.
 */
function renderStage(stages: Stages, failed: (error: AirlockError) => void): ChunkStage<Uint8Array> {
  const { reader, writer, scrub } = stages;
  let out = "";
  /** What the reader decoded and the writer has not yet rendered. */
  const decoded: CanonicalEvent[] = [];
  const write = () => {
    try {
      for (const raw of decoded) {
        const event = scrubbed(raw, scrub);
        out += writer.render(event);
        if (event.type === "error") failed(new AirlockError("backend_error", event.message));
      }
    } finally {
      // Rendered or not, these are done: a writer that threw must not see them again from fail().
      decoded.length = 0;
    }
  };
  const renderTextBody = writer.renderTextBody;
  /**
   * What this chunk gave the client so far: the lane's events, then the canonical path's. Most chunks
   * give one piece, which is kept on its own: an array emptied after every token would give its store
   * back each time and take a new one on the next.
   */
  let first: Uint8Array | undefined;
  const more: Uint8Array[] = [];
  const keep = (events: Uint8Array) => {
    if (first === undefined) first = events;
    else more.push(events);
  };
  const taken = (): Uint8Array | undefined => {
    if (out !== "") {
      keep(Buffer.from(out));
      out = "";
    }
    const one = first;
    first = undefined;
    if (more.length === 0 || one === undefined) return one;
    const all = Buffer.concat([one, ...more]);
    more.length = 0;
    return all;
  };
  /**
   * The lane's shape, asked for again only after the reader decoded something: nothing else changes
   * it (the lane takes whole events the decoders never see). Asking on every token, through the SSE
   * decoder, the dialect's decoder and its items, cost 2% of a translated stream's CPU.
   */
  let shape: TextEventShape | undefined;
  return {
    push(chunk) {
      const lane =
        shape === undefined || renderTextBody === undefined
          ? 0
          : readTextEvents(chunk, shape, renderTextBody, keep);
      if (lane < chunk.length) {
        reader.push(lane === 0 ? chunk : chunk.subarray(lane), decoded);
        write();
        shape = renderTextBody === undefined ? undefined : reader.textEventShape();
      }
      return taken();
    },
    end() {
      reader.end(decoded);
      write();
      out += writer.end();
      return taken();
    },
    fail(thrown) {
      // Events a read held before the one that failed still reach the client, and first: what it
      // gets must not depend on where the upstream's reads were cut.
      write();
      const error = toAirlockError(malformed(thrown));
      failed(error);
      out += writer.fail(error);
      return taken();
    },
  };
}

/** The non-streaming path: the same events, for the client dialect to fold into one answer. */
async function* events(body: UpstreamResponse["body"], reader: AnswerReader, scrub: Scrub) {
  const out: CanonicalEvent[] = [];
  try {
    for await (const chunk of body) {
      reader.push(chunk, out);
      for (const event of out.splice(0)) yield scrubbed(event, scrub);
    }
    reader.end(out);
    for (const event of out.splice(0)) yield scrubbed(event, scrub);
  } catch (thrown) {
    throw malformed(thrown);
  }
}

function streamReader(upstream: BackendDialect): AnswerReader {
  const sse = createSseDecoder();
  const decoder = upstream.createStreamDecoder();
  return {
    push: (chunk, out) => decodeAll(sse.push(chunk), decoder, out),
    end(out) {
      decodeAll(sse.end(), decoder, out);
      out.push(...decoder.end());
    },
    // Only between whole events: the lane must not take bytes the SSE decoder holds a part of.
    textEventShape: () => (sse.idle() ? decoder.textEventShape?.() : undefined),
  };
}

/** A whole JSON answer (also what a backend that ignored `stream: true` sends): decoded at its end. */
function wholeReader(upstream: BackendDialect): AnswerReader {
  const chunks: Uint8Array[] = [];
  return {
    push(chunk) {
      chunks.push(chunk);
    },
    end(out) {
      out.push(...upstream.decodeResponse(parseJson(Buffer.concat(chunks).toString("utf8"))));
    },
    textEventShape: () => undefined,
  };
}

function decodeAll(events: readonly SseEvent[], decoder: StreamDecoder, out: CanonicalEvent[]): void {
  for (const event of events) {
    if (event.data === "[DONE]") continue;
    const decoded = decoder.pushText?.(event.data) ?? decoder.push(parseJson(event.data));
    for (const one of decoded) out.push(one);
  }
}

function scrubbed(event: CanonicalEvent, scrub: Scrub): CanonicalEvent {
  return event.type === "error" ? { type: "error", message: scrub(event.message) } : event;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AirlockError("backend_error", "the backend sent an answer that is not JSON", {
      detail: text.slice(0, 200),
    });
  }
}

/** A broken event stream (a line past the bound) is the backend's fault; the rest is as it was. */
function malformed(thrown: unknown): unknown {
  if (!(thrown instanceof Error) || !("code" in thrown) || thrown.code !== lineTooLong) return thrown;
  return new AirlockError("backend_error", "the backend sent a malformed event stream", {
    detail: thrown.message,
    cause: thrown,
  });
}
