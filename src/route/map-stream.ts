/**
 * A byte stream mapped chunk by chunk through a synchronous stage, as a plain async iterator: one
 * await per upstream chunk, where an async generator with `for await` and `yield` costs several
 * promise hops more, on every token of a translated stream.
 *
 * A guarded upstream body (canonical/guarded-body.ts) is read through its guard: its source directly, its
 * failures mapped as the guard would, its `finished` called once the stream is over.
 *
 * It behaves as that generator would. A chunk that maps to nothing is skipped; the stage's `end`
 * output follows the last chunk; a failure — of the source, or of the stage on a chunk — becomes the
 * stage's `fail` output, then the end. A consumer that stops early (`return()`) stops the source,
 * which releases the upstream connection, and so does a stage that failed on a chunk.
 */
import { guardOf } from "../canonical/guarded-body.ts";

export type ChunkStage<T> = {
  /** What the chunk maps to; undefined for nothing (yet). */
  push(chunk: T): T | undefined;
  /** After the last chunk: anything still to come. */
  end(): T | undefined;
  /** The source or the stage failed: the last words, after which the stream is over. */
  fail(thrown: unknown): T | undefined;
};

const over = { value: undefined, done: true } as const;

export function mapStream<T>(source: AsyncIterable<T> | Iterable<T>, stage: ChunkStage<T>): AsyncIterable<T> {
  // A guarded upstream body is read through its guard's parts: one layer of promises, not two.
  const guard = guardOf(source);
  const mapError = guard?.mapError ?? ((thrown: unknown) => thrown);
  return {
    [Symbol.asyncIterator]() {
      const upstream = iteratorOf(guard?.source ?? source);
      let done = false;
      let released = false;
      const finished = () => {
        if (!released) {
          released = true;
          guard?.finished();
        }
      };
      const last = (value: T | undefined): IteratorResult<T> => {
        done = true;
        finished();
        return value === undefined ? over : { value, done: false };
      };
      async function next(): Promise<IteratorResult<T>> {
        while (!done) {
          let step: IteratorResult<T>;
          try {
            step = await upstream.next();
          } catch (thrown) {
            done = true;
            finished();
            return last(stage.fail(mapError(thrown)));
          }
          if (step.done === true) return last(ended(stage));
          let value: T | undefined;
          try {
            value = stage.push(step.value);
          } catch (thrown) {
            done = true;
            await stop(upstream);
            return last(stage.fail(thrown));
          }
          if (value !== undefined) return { value, done: false };
        }
        return over;
      }
      async function stopEarly(): Promise<IteratorResult<T>> {
        if (!done) {
          done = true;
          await stop(upstream);
          finished();
        }
        return over;
      }
      return { next, return: stopEarly };
    },
  };
}

function ended<T>(stage: ChunkStage<T>): T | undefined {
  try {
    return stage.end();
  } catch (thrown) {
    return stage.fail(thrown);
  }
}

/** Stops the source; its own failure to stop is no news to a consumer already leaving or failing. */
async function stop<T>(upstream: AsyncIterator<T> | Iterator<T>): Promise<void> {
  try {
    await upstream.return?.();
  } catch {
    // The source is being abandoned either way.
  }
}

function iteratorOf<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}
