/**
 * An upstream answer's body as the rest of airlock reads it: a failure mid-body (a reset, an idle
 * timeout) comes out as the AirlockError the client should see, and the request's deadline is
 * released once the body is over — read to its end, failed, or left early (which also stops the
 * exchange and frees the connection).
 *
 * A hand-written iterator, one await per chunk. A translated stream maps the body chunk by chunk
 * (route/map-stream.ts); it reads through the guard's parts instead of adding its own layer on top,
 * so translating costs no more promises per token than passing through.
 */
import type { AirlockError } from "./error.ts";

export type GuardParts<T = Uint8Array> = {
  readonly source: AsyncIterable<T>;
  /** The failure as the client should see it. */
  readonly mapError: (error: unknown) => AirlockError;
  /** Called once the body is over, however it ended. */
  readonly finished: () => void;
};

const parts = Symbol("guard parts");

type Guarded<T> = AsyncIterable<T> & { readonly [parts]: GuardParts<T> };

export function guarded<T>(guard: GuardParts<T>): AsyncIterable<T> {
  const body: Guarded<T> = {
    [parts]: guard,
    [Symbol.asyncIterator]() {
      const source = guard.source[Symbol.asyncIterator]();
      let over = false;
      const finish = () => {
        if (!over) {
          over = true;
          guard.finished();
        }
      };
      return {
        async next() {
          let step: IteratorResult<T>;
          try {
            step = await source.next();
          } catch (error) {
            finish();
            throw guard.mapError(error);
          }
          if (step.done === true) finish();
          return step;
        },
        async return() {
          try {
            await source.return?.();
          } finally {
            finish();
          }
          return { value: undefined, done: true };
        },
      };
    },
  };
  return body;
}

/** The guard's parts, when `body` is a guarded body. */
export function guardOf<T>(body: AsyncIterable<T> | Iterable<T>): GuardParts<T> | undefined {
  return parts in body ? (body as Guarded<T>)[parts] : undefined;
}
