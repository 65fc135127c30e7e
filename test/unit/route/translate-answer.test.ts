import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UpstreamResponse } from "../../../src/canonical/contract.ts";
import { AirlockError } from "../../../src/canonical/error.ts";
import type { CanonicalRequest } from "../../../src/canonical/request.ts";
import { backendDialects, clientDialects } from "../../../src/route/dialects.ts";
import { type AnswerSides, translateAnswer } from "../../../src/route/translate-answer.ts";
import {
  cases,
  parseSse,
  readFixture,
  readJson,
  readJsonLines,
} from "../dialects/openai-responses/fixtures.ts";

const request: CanonicalRequest = {
  model: "m",
  instructions: [],
  turns: [],
  tools: [],
  stream: true,
  includeUsage: true,
};

function sides(
  from: "openai-chat" | "openai-responses",
  to: "openai-chat" | "openai-responses",
  stream = true,
) {
  return {
    upstream: backendDialects[from],
    client: clientDialects[to],
    request: { ...request, stream },
    scrub: (text: string) => text.replaceAll("sk-canary", "[redacted]"),
  } satisfies AnswerSides;
}

function sse(chunks: readonly Uint8Array[]): UpstreamResponse {
  return {
    status: 200,
    headers: { "content-type": "text/event-stream", "x-ratelimit-limit": "9" },
    body: chunks,
  };
}

async function text(response: UpstreamResponse): Promise<string> {
  let out = "";
  for await (const chunk of response.body) out += Buffer.from(chunk).toString("utf8");
  return out;
}

function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((point, i) =>
    bytes.subarray(i === 0 ? 0 : (points[i - 1] ?? 0), point),
  );
}

describe("translateAnswer streams", () => {
  for (const name of cases("upstream")) {
    it(`translateAnswer gives a chat client chat-chunks.jsonl for the ${name} Responses stream, however it is chunked`, async () => {
      const bytes = Buffer.from(readFixture(`upstream/${name}/upstream.sse`));
      const expected = readJsonLines(`upstream/${name}/chat-chunks.jsonl`);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 20 }), async (cuts) => {
          const out = await text(
            await translateAnswer(sse(split(bytes, cuts)), sides("openai-responses", "openai-chat")),
          );
          const done = out.endsWith("data: [DONE]\n\n");
          expect(parseSse(out)).toStrictEqual(expected);
          expect(done).toBe(!JSON.stringify(expected.at(-1)).startsWith('{"error"'));
        }),
        { numRuns: 40 },
      );
    });
  }

  for (const name of cases("from-chat")) {
    it(`translateAnswer gives a Responses client responses.jsonl for the ${name} chat stream`, async () => {
      const bytes = Buffer.from(readFixture(`from-chat/${name}/upstream.sse`));
      const out = await text(await translateAnswer(sse([bytes]), sides("openai-chat", "openai-responses")));
      expect(parseSse(out)).toStrictEqual(readJsonLines(`from-chat/${name}/responses.jsonl`));
      for (const block of out.split("\n\n").filter((b) => b !== ""))
        expect(block).toMatch(/^event: response\.|^event: error/);
    });
  }

  it("translateAnswer keeps the upstream's passable headers and says event-stream", async () => {
    const response = await translateAnswer(sse([]), sides("openai-chat", "openai-responses"));
    expect(response.headers).toEqual({ "x-ratelimit-limit": "9", "content-type": "text/event-stream" });
  });

  it("translateAnswer turns an upstream failure mid-stream into response.failed and keeps it for the log", async () => {
    const head = readFixture("from-chat/text/upstream.sse").split("\n\n").slice(0, 2).join("\n\n");
    async function* body() {
      yield Buffer.from(`${head}\n\n`);
      throw new AirlockError("backend_unreachable", 'backend "b" is unreachable (ECONNRESET)');
    }
    const response = await translateAnswer(
      { ...sse([]), body: body() },
      sides("openai-chat", "openai-responses"),
    );
    const events = parseSse(await text(response)) as {
      type: string;
      response?: { error?: { message?: string } };
    }[];
    expect(events.at(-1)).toMatchObject({
      type: "response.failed",
      response: { error: { message: 'backend "b" is unreachable (ECONNRESET)' } },
    });
    expect(response.failure?.()?.kind).toBe("backend_unreachable");
  });

  it("translateAnswer writes what a read held before an event that is not JSON, however the reads were cut", async () => {
    const [role, first] = readFixture("from-chat/text/upstream.sse").split("\n\n");
    const bytes = Buffer.from(`${role}\n\n${first}\n\ndata: {"choices":[\n\n`);
    const reference = parseSse(
      await text(await translateAnswer(sse([bytes]), sides("openai-chat", "openai-chat"))),
    );
    expect(reference.at(-2)).toMatchObject({ choices: [{ delta: { content: "Paris" } }] });
    expect(reference.at(-1)).toMatchObject({
      error: { message: "the backend sent an answer that is not JSON" },
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
        const out = await text(
          await translateAnswer(sse(split(bytes, cuts)), sides("openai-chat", "openai-chat")),
        );
        expect(parseSse(out)).toStrictEqual(reference);
      }),
      { numRuns: 40 },
    );
  });

  it("translateAnswer scrubs the backend's key from an upstream error message", async () => {
    const failed = 'data: {"error":{"message":"bad key sk-canary"}}\n\n';
    const response = await translateAnswer(sse([Buffer.from(failed)]), sides("openai-chat", "openai-chat"));
    const out = await text(response);
    expect(out).not.toContain("sk-canary");
    expect(out).toContain("[redacted]");
    expect(response.failure?.()?.message).toContain("[redacted]");
  });

  it("translateAnswer pulls the upstream no faster than the client reads", async () => {
    const event = readFixture("from-chat/text/upstream.sse").split("\n\n")[1] ?? "";
    let pulled = 0;
    async function* body() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Buffer.from(`${event}\n\n`);
      }
    }
    const response = await translateAnswer(
      { ...sse([]), body: body() },
      sides("openai-chat", "openai-responses"),
    );
    const reader = (response.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
    expect(pulled).toBeLessThanOrEqual(3);
    await reader.return?.();
  });
});

describe("translateAnswer whole answers", () => {
  for (const name of cases("whole/from-responses")) {
    it(`translateAnswer folds the ${name} Responses object into chat.json`, async () => {
      const body = Buffer.from(JSON.stringify(readJson(`whole/from-responses/${name}/upstream.json`)));
      const response = await translateAnswer(
        { status: 200, headers: { "content-type": "application/json" }, body: [body] },
        sides("openai-responses", "openai-chat", false),
      );
      expect(JSON.parse(await text(response))).toStrictEqual(
        readJson(`whole/from-responses/${name}/chat.json`),
      );
    });
  }

  it("translateAnswer makes a failed whole answer an error for the client, not a 200", async () => {
    const failed = { id: "r", status: "failed", output: [], error: { message: "overloaded sk-canary" } };
    const answer = translateAnswer(
      {
        status: 200,
        headers: { "content-type": "application/json" },
        body: [Buffer.from(JSON.stringify(failed))],
      },
      sides("openai-responses", "openai-chat", false),
    );
    await expect(answer).rejects.toMatchObject({ kind: "backend_error", message: "overloaded [redacted]" });
  });

  it("translateAnswer passes an upstream error status through untouched", async () => {
    const error = { status: 429, headers: { "content-type": "application/json" }, body: [Buffer.from("{}")] };
    expect(await translateAnswer(error, sides("openai-responses", "openai-chat"))).toBe(error);
  });
});
