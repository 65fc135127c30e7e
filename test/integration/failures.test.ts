/**
 * Bad input and bad upstreams: every failure is an OpenAI error object with the right status, and
 * nothing about the backend's credentials reaches the agent.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { startUpstream, type Upstream } from "./support/upstream.ts";

const backendKey = fixtureSecret("backend-key");
const clientToken = fixtureSecret("client-token");
const gatewayToken = fixtureSecret("gateway-token");
let upstream: Upstream;
let airlock: RunningAirlock;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startUpstream();
  const dir = mkdtempSync(join(tmpdir(), "airlock-failures-"));
  const config = join(dir, "config.toml");
  writeFileSync(
    config,
    `[server]
api_key = "${clientToken}"
max_body_bytes = 4096

[[backends]]
name = "quiet"
kind = "openai-compatible"
url = "${upstream.url}"
models = ["stall-stream"]
timeouts = { idle = 1 }

[[backends]]
name = "bounded"
kind = "openai-compatible"
url = "${upstream.url}"
models = ["total-*"]
timeouts = { request = 0.5 }

[[backends]]
name = "local"
kind = "openai-compatible"
url = "${upstream.url}"
api_key = "${backendKey}"
models = ["status-*", "slow-*", "die-*", "echo-*", "html-*", "m"]
timeouts = { first_byte = 0.5 }
headers = { "X-Gateway-Token" = "${gatewayToken}" }

[[backends]]
name = "nowhere"
kind = "openai-compatible"
url = "http://127.0.0.1:${await closedPort()}/v1"
models = ["unreachable"]
`,
  );
  airlock = await startAirlock({}, { config });
  client = new OpenAI({ baseURL: airlock.baseURL, apiKey: clientToken, maxRetries: 0 });
});

afterAll(async () => {
  await airlock.close();
  await upstream.close();
});

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${airlock.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${clientToken}`, "content-type": "application/json", ...headers },
    body,
  });
}

async function expectOpenAIError(response: Response, status: number, message: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as { error: { message: string; type: string } };
  expect(body.error.message).toMatch(message);
  expect(typeof body.error.type).toBe("string");
  return body;
}

describe("client errors", () => {
  it("401 without the client token, 401 with a wrong one", async () => {
    const missing = await fetch(`${airlock.baseURL}/chat/completions`, { method: "POST", body: "{}" });
    await expectOpenAIError(missing, 401, /missing airlock client token/);
    const wrong = new OpenAI({
      baseURL: airlock.baseURL,
      apiKey: "wrong-token-of-some-length",
      maxRetries: 0,
    });
    await expect(wrong.chat.completions.create({ model: "m", messages: [] })).rejects.toMatchObject({
      status: 401,
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it("400 for malformed JSON", async () => {
    await expectOpenAIError(await post("{not json"), 400, /not valid JSON/);
  });

  it("400 for a body that is not a chat request, naming the field", async () => {
    const body = await expectOpenAIError(
      await post(JSON.stringify({ model: "m", prompt: "hi" })),
      400,
      /messages/,
    );
    expect(body.error).toMatchObject({ param: "messages", type: "invalid_request_error" });
    await expectOpenAIError(
      await post(JSON.stringify({ model: "m", messages: [{ role: "wizard", content: "x" }] })),
      400,
      /messages\[0\].role: expected one of system/,
    );
  });

  it("413 for a body over max_body_bytes", async () => {
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(10_000) }] });
    await expectOpenAIError(await post(big), 413, /4096-byte limit/);
  });

  it("404 for an unknown path, 405 for a wrong method, 404 for a model no backend serves", async () => {
    await expectOpenAIError(await fetch(`${airlock.url}/v2/nothing`), 404, /no such endpoint/);
    const wrongMethod = await fetch(`${airlock.baseURL}/chat/completions`, {
      headers: { authorization: `Bearer ${clientToken}` },
    });
    await expectOpenAIError(wrongMethod, 405, /takes POST/);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    const body = await expectOpenAIError(
      await post(JSON.stringify({ model: "gpt-9", messages: [{ role: "user", content: "x" }] })),
      404,
      /no backend serves model "gpt-9"; available: stall-stream, m, unreachable/,
    );
    expect(body.error).toMatchObject({ code: "model_not_found" });
  });
});

describe("upstream failures", () => {
  it("502 when the backend is unreachable", async () => {
    const call = client.chat.completions.create({
      model: "unreachable",
      messages: [{ role: "user", content: "x" }],
    });
    await expect(call).rejects.toMatchObject({ status: 502, message: expect.stringMatching(/unreachable/) });
  });

  it("504 when the backend does not answer within first_byte", async () => {
    const call = client.chat.completions.create({
      model: "slow-headers",
      messages: [{ role: "user", content: "x" }],
    });
    await expect(call).rejects.toMatchObject({
      status: 504,
      message: expect.stringMatching(/did not answer within 0.5s/),
    });
  });

  it("ends a stream that goes quiet for longer than the idle timeout with an error event", async () => {
    const response = await post(
      JSON.stringify({ model: "stall-stream", stream: true, messages: [{ role: "user", content: "x" }] }),
    );
    const events = (await response.text()).split("\n\n").filter((event) => event !== "");
    expect(events).toHaveLength(3);
    expect(events[1]).toContain("chat.completion.chunk");
    expect(events.at(-1)).toMatch(/"message":"backend \\"quiet\\" sent nothing for 1s"/);
  });

  it("ends a stream that outlasts the whole-request timeout with an error event", async () => {
    const response = await post(
      JSON.stringify({
        model: "total-slow-stream",
        stream: true,
        messages: [{ role: "user", content: "x" }],
      }),
    );
    const events = (await response.text()).split("\n\n").filter((event) => event !== "");
    expect(events.at(-1)).toMatch(/backend \\"bounded\\" did not finish within 0.5s/);
  });

  it("passes the upstream's own 4xx/5xx through with status and body", async () => {
    for (const status of [400, 404, 429, 500]) {
      const response = await post(
        JSON.stringify({ model: `status-${status}`, messages: [{ role: "user", content: "x" }] }),
      );
      await expectOpenAIError(response, status, new RegExp(`upstream says ${status}`));
    }
  });

  it("wraps a non-JSON upstream error in an OpenAI error object, keeping its status", async () => {
    const response = await post(
      JSON.stringify({ model: "html-503", messages: [{ role: "user", content: "x" }] }),
    );
    await expectOpenAIError(
      response,
      503,
      /backend "local" answered 503: 503 Service Unavailable No server is available\./,
    );
  });

  it("turns the backend's 401/403 into a 502 that says airlock's credentials were rejected", async () => {
    for (const status of [401, 403]) {
      const response = await post(
        JSON.stringify({ model: `status-${status}`, messages: [{ role: "user", content: "x" }] }),
      );
      const text = await response.clone().text();
      await expectOpenAIError(response, 502, /rejected airlock's credentials/);
      expect(text).not.toContain("sk-up");
    }
    expect(airlock.logs.join("")).toContain("upstream status 401");
  });

  it("scrubs the backend key from an upstream error that echoes it", async () => {
    const response = await post(
      JSON.stringify({ model: "echo-headers", messages: [{ role: "user", content: "x" }] }),
    );
    const body = await expectOpenAIError(response, 400, /headers were/);
    expect(JSON.stringify(body)).not.toContain(backendKey);
    expect(body.error.message).toContain("Bearer [redacted]");
    expect(JSON.stringify(body)).not.toContain(gatewayToken);
  });

  it("ends a stream whose upstream dies mid-event with an error event, cleanly", async () => {
    const response = await post(
      JSON.stringify({ model: "die-mid-stream", stream: true, messages: [{ role: "user", content: "x" }] }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = text.split("\n\n").filter((event) => event !== "");
    // Two whole chunks, then the error: the half event the upstream sent before dying is not forwarded.
    expect(events).toHaveLength(3);
    for (const event of events) expect(() => JSON.parse(event.replace(/^data: /, ""))).not.toThrow();
    expect(JSON.parse(events[2]?.replace(/^data: /, "") ?? "")).toMatchObject({
      error: { type: "server_error", message: expect.stringMatching(/backend "local"/) },
    });
  });

  it("surfaces a mid-stream failure to the OpenAI SDK as an error, not a hang", async () => {
    const stream = await client.chat.completions.create({
      model: "die-mid-stream",
      stream: true,
      messages: [{ role: "user", content: "x" }],
    });
    const read = async () => {
      for await (const _ of stream) {
        // drain
      }
    };
    await expect(read()).rejects.toThrow(/backend "local"/);
  });
});

describe("secrets in logs", () => {
  it("never logs the backend key or the client token", () => {
    expect(airlock.logs.length).toBeGreaterThan(10);
    const all = airlock.logs.join("");
    expect(all).not.toContain(backendKey);
    expect(all).not.toContain(clientToken);
  });
});

/** A port with nothing listening: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 9;
}
