/**
 * A byte stream mapped chunk by chunk through a synchronous stage, as a plain async iterator: one
 * await per upstream chunk, where an async generator with `for await` and `yield` costs several
 * promise hops more, on every token of a translated stream.
 *
 * It behaves as that generator would. A chunk that maps to nothing is skipped; the stage's `end`
 * output follows the last chunk; a failure — of the source, or of the stage on a chunk — becomes the
 * stage's `fail` output, then the end. A consumer that stops early (`return()`) stops the source,
 * which releases the upstream connection, and so does a stage that failed on a chunk.
 */
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
  return {
    [Symbol.asyncIterator]() {
      const upstream = iteratorOf(source);
      let done = false;
      const last = (value: T | undefined): IteratorResult<T> => {
        done = true;
        return value === undefined ? over : { value, done: false };
      };
      async function next(): Promise<IteratorResult<T>> {
        while (!done) {
          let step: IteratorResult<T>;
          try {
            step = await upstream.next();
          } catch (thrown) {
            return last(stage.fail(thrown));
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
