/**
 * A `responses` backend over mTLS, as airlock talks to Red Hat Lightspeed: the upstream takes only a
 * client certificate from its CA (made with openssl at test time). Chat Completions clients are
 * translated; Responses clients pass through. The certificate rotates on disk mid-run.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codexConversation, gooseConversation, toolOutput } from "./support/agents.ts";
import { type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { runAirlock } from "./support/child.ts";
import { createPki, type Pair, type Pki } from "./support/pki.ts";
import { type ResponsesUpstream, startResponsesUpstream } from "./support/responses-upstream.ts";

let pki: Pki;
let upstream: ResponsesUpstream;
let airlock: RunningAirlock;
let client: OpenAI;
let certFile: string;
let keyFile: string;

function install(pair: Pair): void {
  copyFileSync(pair.key, keyFile);
  copyFileSync(pair.cert, certFile);
}

function configFile(name: string, tls: { cert: string; key: string }): string {
  const path = join(pki.dir, name);
  writeFileSync(
    path,
    [
      "[[backends]]",
      'name = "lightspeed"',
      'kind = "responses"',
      `url = "${upstream.url}"`,
      "[backends.tls]",
      `cert_file = "${tls.cert}"`,
      `key_file = "${tls.key}"`,
      `ca_file = "${pki.ca}"`,
      "[backends.defaults]",
      'headers = { "X-LCS-Merge-Server-Tools" = "true" }',
      "body = { generate_topic_summary = false }",
      "",
    ].join("\n"),
  );
  return path;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  pki = createPki();
  certFile = join(pki.dir, "cert.pem");
  keyFile = join(pki.dir, "key.pem");
  install(pki.issueClient("consumer-a"));
  upstream = await startResponsesUpstream(pki);
  airlock = await startAirlock({}, { config: configFile("airlock.toml", { cert: certFile, key: keyFile }) });
  client = new OpenAI({ baseURL: airlock.baseURL, apiKey: "unused-on-loopback", maxRetries: 0 });
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
  pki?.remove();
});

describe("Chat Completions clients on a Responses backend over mTLS", () => {
  it("a chat request becomes a stateless Responses request with the certificate, defaults and instructions", async () => {
    const answer = await client.chat.completions.create({
      model: "granite",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hello" },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("You said: hello");
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(answer.usage).toMatchObject({
      prompt_tokens: 11,
      completion_tokens: 7,
      prompt_tokens_details: { cached_tokens: 3 },
    });
    const seen = upstream.requests.at(-1);
    expect(seen?.url).toBe("/api/lightspeed/v1/responses");
    expect(seen?.clientCn).toBe("consumer-a");
    expect(seen?.headers["x-lcs-merge-server-tools"]).toBe("true");
    expect(seen?.body).toMatchObject({
      model: "granite",
      instructions: "Be brief.",
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] }],
      store: false,
      stream: false,
      generate_topic_summary: false,
    });
  });

  it("a streamed chat request gets chunks, the finish reason, then usage", async () => {
    const stream = await client.chat.completions.create({
      model: "granite",
      messages: [{ role: "user", content: "stream me" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    const finishes: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("You said: stream me");
    expect(finishes).toEqual(["stop"]);
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7 });
  });

  it("a Goose-style client completes a streamed, tool-using conversation", async () => {
    const transcript = await gooseConversation(client, "granite");
    expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
    expect(transcript.seen).toEqual(["tool_calls", "stop"]);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    const input = upstream.requests.at(-1)?.body.input as Record<string, unknown>[];
    expect(input.slice(-2)).toEqual([
      {
        type: "function_call",
        call_id: "call_mtls_1",
        name: "developer__shell",
        arguments: '{"command":"ls"}',
      },
      { type: "function_call_output", call_id: "call_mtls_1", output: toolOutput },
    ]);
  });

  it("an image in a user message reaches the backend as input_image", async () => {
    const image =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    const answer = await client.chat.completions.create({
      model: "granite",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: image, detail: "low" } },
          ],
        },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("You said: what is this? [1 image(s)]");
    const input = upstream.requests.at(-1)?.body.input as { content: unknown[] }[];
    expect(input[0]?.content[1]).toEqual({ type: "input_image", image_url: image, detail: "low" });
  });

  it("a json_schema response format reaches the backend as text.format and the answer parses", async () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" }, confidence: { type: "number" } },
      required: ["answer", "confidence"],
      additionalProperties: false,
    };
    const answer = await client.chat.completions.create({
      model: "granite",
      messages: [{ role: "user", content: "structured" }],
      response_format: { type: "json_schema", json_schema: { name: "reply", schema, strict: true } },
    });
    expect(JSON.parse(answer.choices[0]?.message.content ?? "")).toEqual({
      answer: "structured",
      confidence: 1,
    });
    expect(upstream.requests.at(-1)?.body.text).toEqual({
      format: { type: "json_schema", name: "reply", schema, strict: true },
    });
  });

  it("response.failed mid-stream reaches the chat client as an error, not a clean end", async () => {
    const stream = await client.chat.completions.create({
      model: "fail-mid-stream",
      messages: [{ role: "user", content: "x" }],
      stream: true,
    });
    const read = async () => {
      for await (const _ of stream) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(/the model crashed/);
  });
});

describe("Responses clients on a Responses backend over mTLS", () => {
  it("a passed-through stream that breaks ends with an error event numbered after the last one", async () => {
    const response = await fetch(`${airlock.baseURL}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "die-mid-stream", input: "hello", stream: true }),
    });
    const events = (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; sequence_number: number });
    const last = events.at(-1);
    expect(last?.type).toBe("error");
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(last?.sequence_number).toBeGreaterThan(1);
  });

  it("a Codex-style client completes a streamed, tool-using conversation, passed through", async () => {
    const transcript = await codexConversation(client, "granite");
    expect(transcript.calls).toEqual(['shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    const seen = upstream.requests.at(-1);
    expect(seen?.clientCn).toBe("consumer-a");
    expect(seen?.body).toMatchObject({ store: false, instructions: "You are Codex, a coding agent." });
    expect(seen?.body.generate_topic_summary).toBe(false);
  });

  it("responses.stream() reads a passed-through answer to its final response", async () => {
    const final = await client.responses.stream({ model: "granite", input: "hi" }).finalResponse();
    expect(final.output_text).toBe("You said: hi");
  });
});

describe("certificate rotation", () => {
  it("new requests use a renewed pair without a restart, and a stream in flight finishes", async () => {
    const slow = await client.chat.completions.create({
      model: "slow",
      messages: [{ role: "user", content: "long answer please" }],
      stream: true,
    });
    const reading = (async () => {
      let text = "";
      for await (const chunk of slow) text += chunk.choices[0]?.delta.content ?? "";
      return text;
    })();
    install(pki.issueClient("consumer-b"));
    await sleep(1_100);
    await client.chat.completions.create({
      model: "granite",
      messages: [{ role: "user", content: "after" }],
    });
    expect(upstream.requests.at(-1)?.clientCn).toBe("consumer-b");
    expect(await reading).toBe("You said: long answer please");
    expect(upstream.requests.find((r) => r.body.model === "slow")?.clientCn).toBe("consumer-a");
  });

  it("a bad rotation fails /readyz and keeps serving with the last good pair until it is fixed", async () => {
    const good = pki.issueClient("consumer-c");
    install(good);
    copyFileSync(pki.issueClient("someone-else").key, keyFile);
    await sleep(1_100);
    const ready = await fetch(`${airlock.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain("TLS");
    await client.chat.completions.create({
      model: "granite",
      messages: [{ role: "user", content: "still" }],
    });
    expect(upstream.requests.at(-1)?.clientCn).toBe("consumer-b");
    copyFileSync(good.key, keyFile);
    await sleep(1_100);
    expect((await fetch(`${airlock.url}/readyz`)).status).toBe(200);
    await client.chat.completions.create({
      model: "granite",
      messages: [{ role: "user", content: "fixed" }],
    });
    expect(upstream.requests.at(-1)?.clientCn).toBe("consumer-c");
  });
});

describe("certificate problems at start", () => {
  it("a key file that holds no key stops airlock at start with a message naming the file", () => {
    const badKey = join(pki.dir, "bad-key.pem");
    writeFileSync(badKey, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    const config = configFile("bad.toml", { cert: certFile, key: badKey });
    const { status, stderr } = runAirlock(["serve", "--config", config, "--listen", "127.0.0.1:0"], {});
    expect(status).toBe(1);
    expect(stderr).toContain(
      `airlock: backend "lightspeed": tls key_file ${badKey} does not hold an unencrypted PEM private key`,
    );
  });

  it("airlock check reports a key that does not match the certificate, and exits 1", () => {
    const otherKey = pki.issueClient("someone-else").key;
    const { status, stderr } = runAirlock(
      ["check", "--config", configFile("check.toml", { cert: certFile, key: otherKey })],
      {},
    );
    expect(status).toBe(1);
    expect(stderr).toContain(`tls key_file ${otherKey} does not match cert_file ${certFile}`);
  });

  it("a certificate from a CA the backend does not trust is a 502 naming the backend", async () => {
    const stranger = pki.issueStranger("intruder");
    const other = await startAirlock({}, { config: configFile("stranger.toml", stranger) });
    try {
      const strangerClient = new OpenAI({ baseURL: other.baseURL, apiKey: "unused", maxRetries: 0 });
      const call = strangerClient.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "x" }],
      });
      await expect(call).rejects.toMatchObject({
        status: 502,
        message: expect.stringContaining('backend "lightspeed"'),
      });
    } finally {
      await other.close();
    }
  });
});
