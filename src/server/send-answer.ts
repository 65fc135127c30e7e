/**
 * Relays a forwarded answer to the client and settles what the access log records: time to first
 * byte, bytes written, and a failure that ended the answer early — whether the relay met it or the
 * translated stream already told the client in its own dialect.
 */
import type { UpstreamResponse } from "../canonical/contract.ts";
import type { RequestContext } from "./context.ts";
import { type ErrorEvent, relay } from "./relay.ts";

export async function sendAnswer(
  context: RequestContext,
  response: UpstreamResponse,
  errorEvent: ErrorEvent,
): Promise<void> {
  const { res, signal, started, access } = context;
  const failure =
    (await relay(res, response, {
      signal,
      errorEvent,
      onFirstByte: () => {
        access.ttfbMs = performance.now() - started;
      },
      onBytes: (count) => {
        access.bytes += count;
      },
    })) ?? response.failure?.();
  if (failure !== undefined) throw failure;
}
