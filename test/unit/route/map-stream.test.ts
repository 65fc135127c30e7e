import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../src/canonical/error.ts";
import { guarded } from "../../../src/canonical/guarded-body.ts";
import { type ChunkStage, mapStream } from "../../../src/route/map-stream.ts";

/** A source that records how it was left: read to its end, stopped early, or failed. */
function source(chunks: string[], options: { failAfter?: number } = {}) {
  const log: string[] = [];
  let index = 0;
  const iterable: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        if (options.failAfter !== undefined && index === options.failAfter) throw new Error("upstream died");
        const value = chunks[index++];
        return value === undefined ? { value: undefined, done: true } : { value, done: false };
      },
      async return() {
        log.push("stopped");
        return { value: undefined, done: true };
      },
    }),
  };
  return { iterable, log };
}

const upper: ChunkStage<string> = {
  push: (chunk) => (chunk === "skip" ? undefined : chunk.toUpperCase()),
  end: () => "END",
  fail: (thrown) => `FAIL ${thrown instanceof Error ? thrown.message : String(thrown)}`,
};

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of iterable) out.push(chunk);
  return out;
}

describe("mapStream", () => {
  it("maps each chunk, skips chunks that map to nothing, and ends with the stage's last words", async () => {
    const { iterable, log } = source(["a", "skip", "b"]);
    expect(await collect(mapStream(iterable, upper))).toEqual(["A", "B", "END"]);
    expect(log).toEqual([]);
  });

  it("reads a plain iterable too (an in-process backend's body)", async () => {
    expect(await collect(mapStream(["x", "y"], upper))).toEqual(["X", "Y", "END"]);
  });

  it("ends with the stage's failure output when the source fails mid-stream", async () => {
    const { iterable } = source(["a", "b", "c"], { failAfter: 2 });
    expect(await collect(mapStream(iterable, upper))).toEqual(["A", "B", "FAIL upstream died"]);
  });

  it("stops the source when the stage fails on a chunk, then ends with the failure output", async () => {
    const { iterable, log } = source(["a", "bad", "c"]);
    const stage: ChunkStage<string> = {
      ...upper,
      push: (chunk) => {
        if (chunk === "bad") throw new Error("not JSON");
        return chunk;
      },
    };
    expect(await collect(mapStream(iterable, stage))).toEqual(["a", "FAIL not JSON"]);
    expect(log).toEqual(["stopped"]);
  });

  it("turns a failure of the stage's end into its failure output", async () => {
    const stage: ChunkStage<string> = {
      ...upper,
      end: () => {
        throw new Error("cut short");
      },
    };
    expect(await collect(mapStream(["a"], stage))).toEqual(["A", "FAIL cut short"]);
  });

  it("stops the source when the consumer leaves early, and reads nothing more", async () => {
    const { iterable, log } = source(["a", "b", "c"]);
    const mapped = mapStream(iterable, upper);
    const out: string[] = [];
    for await (const chunk of mapped) {
      out.push(chunk);
      break;
    }
    expect(out).toEqual(["A"]);
    expect(log).toEqual(["stopped"]);
  });
});

describe("mapStream over a guarded upstream body", () => {
  function guardedSource(chunks: string[], options: { failAfter?: number } = {}) {
    const { iterable, log } = source(chunks, options);
    const body = guarded({
      source: iterable,
      mapError: (thrown) =>
        new AirlockError("backend_unreachable", `mapped: ${thrown instanceof Error ? thrown.message : "?"}`),
      finished: () => log.push("finished"),
    });
    return { body, log };
  }

  it("reads through the guard: chunks as they come, the guard finished once at the end", async () => {
    const { body, log } = guardedSource(["a", "b"]);
    expect(await collect(mapStream(body, upper))).toEqual(["A", "B", "END"]);
    expect(log).toEqual(["finished"]);
  });

  it("maps the source's failure as the guard would, then finishes it", async () => {
    const { body, log } = guardedSource(["a", "b"], { failAfter: 1 });
    expect(await collect(mapStream(body, upper))).toEqual(["A", "FAIL mapped: upstream died"]);
    expect(log).toEqual(["finished"]);
  });

  it("stops the source and finishes the guard when the consumer leaves early", async () => {
    const { body, log } = guardedSource(["a", "b", "c"]);
    for await (const chunk of mapStream(body, upper)) {
      expect(chunk).toBe("A");
      break;
    }
    expect(log).toEqual(["stopped", "finished"]);
  });

  it("the guarded body alone behaves the same: mapped failure, finished once, stopped early", async () => {
    const failing = guardedSource(["a"], { failAfter: 1 });
    await expect(collect(failing.body)).rejects.toThrow("mapped: upstream died");
    expect(failing.log).toEqual(["finished"]);
    const early = guardedSource(["a", "b"]);
    for await (const chunk of early.body) {
      expect(chunk).toBe("a");
      break;
    }
    expect(early.log).toEqual(["stopped", "finished"]);
    const whole = guardedSource(["a", "b"]);
    expect(await collect(whole.body)).toEqual(["a", "b"]);
    expect(whole.log).toEqual(["finished"]);
  });
});
