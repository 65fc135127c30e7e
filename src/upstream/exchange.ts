/**
 * One HTTP exchange on an undici dispatcher, through its handler interface: resolves with the status
 * and headers as soon as they arrive, and the body as an async iterable fed straight from the socket
 * parser. Compared with `request()`, there is no Readable, no AsyncResource and no second buffer per
 * response — undici's own streams cost more per request than everything airlock does with one.
 * Backpressure: past `highWater` queued bytes the parser is paused until the consumer catches up.
 * Chunks that queued up while the consumer was busy are handed over as one: an upstream that wrote 50
 * events at once costs the client one write, not 50.
 */
import type { Dispatcher } from "undici";

export type Exchange = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Stopping the iteration early aborts the exchange and releases the connection. */
  readonly body: AsyncIterable<Uint8Array>;
};

const highWater = 64 * 1024;

export function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal: AbortSignal,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let queue: Uint8Array[] = [];
    let queued = 0;
    let controller: Dispatcher.DispatchController | undefined;
    let started = false;
    let ended = false;
    let paused = false;
    let failure: unknown;
    let wake: (() => void) | undefined;

    const notify = () => {
      const waiting = wake;
      wake = undefined;
      waiting?.();
    };
    const onAbort = () => controller?.abort(signal.reason);
    const release = () => signal.removeEventListener("abort", onAbort);

    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<Uint8Array>> {
          for (;;) {
            if (queue.length > 0) {
              const value =
                queue.length === 1 && queue[0] !== undefined ? queue[0] : Buffer.concat(queue, queued);
              queue = [];
              queued = 0;
              if (paused) {
                paused = false;
                controller?.resume();
              }
              return { value, done: false };
            }
            if (failure !== undefined) throw failure;
            if (ended) return { value: undefined, done: true };
            await new Promise<void>((resolveWait) => {
              wake = resolveWait;
            });
          }
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          if (!ended && failure === undefined) {
            const stopped = new DOMException("the body was not read to its end", "AbortError");
            failure = stopped;
            controller?.abort(stopped);
          }
          release();
          return { value: undefined, done: true };
        },
      }),
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(requestController) {
        controller = requestController;
        if (signal.aborted) requestController.abort(signal.reason);
      },
      onResponseStart(_controller, statusCode, headers) {
        if (statusCode < 200) return;
        started = true;
        resolve({ status: statusCode, headers, body });
      },
      onResponseData(responseController, chunk) {
        queue.push(chunk);
        queued += chunk.length;
        if (queued >= highWater && !paused) {
          paused = true;
          responseController.pause();
        }
        notify();
      },
      onResponseEnd() {
        ended = true;
        release();
        notify();
      },
      onResponseError(_controller, error) {
        release();
        if (started) {
          failure = error;
          notify();
        } else {
          reject(error);
        }
      },
    };

    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    dispatcher.dispatch(options, handler);
  });
}
