/**
 * Writes an upstream answer to the client as it arrives, with backpressure: the upstream is read no
 * faster than the client takes it. For an event stream, only whole events are forwarded, and a failure
 * after the first byte becomes one error event in the caller's dialect, then the end of the stream.
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import type { UpstreamResponse } from "../canonical/contract.ts";
import { type AirlockError, toAirlockError } from "../canonical/error.ts";
import { createEventBoundary } from "../sse/event-boundary.ts";

export type RelayOptions = {
  readonly signal: AbortSignal;
  /** Renders a mid-stream failure as an SSE event of the client's dialect. */
  readonly errorEvent: (error: AirlockError) => string;
  readonly onFirstByte: () => void;
  readonly onBytes: (count: number) => void;
};

/** Returns the failure that cut the answer short, if one did, for the access log. */
export async function relay(
  res: ServerResponse,
  response: UpstreamResponse,
  options: RelayOptions,
): Promise<AirlockError | undefined> {
  const stream =
    response.status < 300 && (response.headers["content-type"] ?? "").startsWith("text/event-stream");
  res.writeHead(
    response.status,
    stream ? { ...response.headers, "cache-control": "no-cache" } : response.headers,
  );
  if (stream) res.flushHeaders();
  const boundary = stream ? createEventBoundary() : undefined;
  let first = true;
  const write = async (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    if (first) {
      first = false;
      options.onFirstByte();
    }
    options.onBytes(bytes.length);
    if (!res.write(bytes)) await once(res, "drain", { signal: options.signal });
  };
  try {
    for await (const chunk of response.body)
      await write(boundary === undefined ? chunk : boundary.push(chunk));
    if (boundary !== undefined) await write(boundary.rest());
    res.end();
    return undefined;
  } catch (thrown) {
    const error = toAirlockError(thrown);
    if (res.destroyed || options.signal.aborted) return error;
    if (stream) {
      // Headers are long gone: the client learns of the failure in-band, and the stream ends cleanly.
      const event = options.errorEvent(error);
      options.onBytes(Buffer.byteLength(event));
      res.end(event);
    } else {
      res.destroy();
    }
    return error;
  }
}
