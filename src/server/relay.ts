/**
 * Writes an upstream answer to the client as it arrives, with backpressure: the upstream is read no
 * faster than the client takes it. For an event stream, only whole events are forwarded, and a failure
 * after the first byte becomes one error event in the caller's dialect, then the end of the stream.
 * A failure before the first byte is thrown, for the caller to answer as an error response.
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { UpstreamResponse } from "../canonical/contract.ts";
import { type AirlockError, toAirlockError } from "../canonical/error.ts";
import { createEventBoundary } from "../sse/event-boundary.ts";

/**
 * A mid-stream failure as one SSE event of the client's dialect. `lastEvents` is the last piece of
 * whole events the client got, for dialects whose events are numbered (the Responses API).
 */
export type ErrorEvent = (error: AirlockError, lastEvents: Uint8Array | undefined) => string;

export type RelayOptions = {
  readonly signal: AbortSignal;
  /** Renders a mid-stream failure as an SSE event of the client's dialect. */
  readonly errorEvent: ErrorEvent;
  readonly onFirstByte: () => void;
  readonly onBytes: (count: number) => void;
};

/** Returns the failure that cut the answer short, if one did, for the access log. */
export async function relay(
  res: ServerResponse,
  response: UpstreamResponse,
  options: RelayOptions,
): Promise<AirlockError | undefined> {
  const contentType = response.headers["content-type"] ?? "";
  if (response.status >= 300 || !contentType.startsWith("text/event-stream"))
    return relayWhole(res, response, options);
  res.writeHead(response.status, { ...response.headers, "cache-control": "no-cache" });
  // Event-stream headers go out now: a reasoning model may think for a while before its first event.
  res.flushHeaders();
  const boundary = createEventBoundary();
  let first = true;
  // Only a reference per chunk: the failure path alone looks inside it.
  let last: Uint8Array | undefined;
  const write = async (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    last = bytes;
    if (first) {
      first = false;
      options.onFirstByte();
    }
    options.onBytes(bytes.length);
    if (!res.write(bytes)) await once(res, "drain", { signal: options.signal });
  };
  try {
    for await (const chunk of response.body) await write(boundary.push(chunk));
    await write(boundary.rest());
    res.end();
    return undefined;
  } catch (thrown) {
    const error = toAirlockError(thrown);
    if (res.destroyed || options.signal.aborted) return error;
    // Headers are long gone: the client learns of the failure in-band, and the stream ends cleanly.
    const event = options.errorEvent(error, last);
    options.onBytes(Buffer.byteLength(event));
    res.end(event);
    return error;
  }
}

/**
 * A non-streaming answer is read whole, then written with its length in one go: one write instead of
 * chunked framing and a separate terminator, and a failure mid-body becomes a proper error response.
 */
async function relayWhole(res: ServerResponse, response: UpstreamResponse, options: RelayOptions) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  const body = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
  res.writeHead(response.status, { ...response.headers, "content-length": body.length });
  options.onFirstByte();
  options.onBytes(body.length);
  res.end(body);
  return undefined;
}
