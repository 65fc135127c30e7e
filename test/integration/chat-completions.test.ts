/**
 * The real server against an upstream on loopback, driven by the official `openai` SDK: what an agent
 * sees, and what the provider sees.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import { completion, startUpstream, textChunks, type Upstream } from "./support/upstream.ts";

const backendKey = fixtureSecret("backend-key");
const clientToken = fixtureSecret("client-token");
let upstream: Upstream;
let airlock: RunningAirlock;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startUpstream();
  airlock = await startAirlock({
    AIRLOCK_BACKEND: "openai-compatible",
    AIRLOCK_BACKEND_URL: upstream.url,
    AIRLOCK_BACKEND_API_KEY: backendKey,
    AIRLOCK_API_KEY: clientToken,
  });
  client = new OpenAI({ baseURL: airlock.baseURL, apiKey: clientToken, maxRetries: 0 });
});

afterAll(async () => {
  await airlock.close();
  await upstream.close();
});

describe("POST /v1/chat/completions pass-through", () => {
  it("returns the upstream's JSON answer unchanged", async () => {
    const answer = await client.chat.completions.create({
      model: "any-model",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer).toEqual({ ...completion, model: "any-model" });
  });

  it("injects the backend key and never forwards the client's token", async () => {
    await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    const seen = upstream.requests.at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${backendKey}`);
    expect(JSON.stringify(seen?.headers)).not.toContain(clientToken);
    expect(seen?.url).toBe("/v1/chat/completions");
  });

  it("answers a body nested too deeply to forward with a 400, not an internal error", async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const response = await fetch(`${airlock.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${clientToken}`, "content-type": "application/json" },
      body: `{"model":"m","messages":[{"role":"user","content":"hi"}],"x":${deep}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: "invalid_request_error", message: expect.stringMatching(/nested too deeply/) },
    });
  });

  it("forwards only allowlisted client headers", async () => {
    const response = await fetch(`${airlock.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${clientToken}`,
        "content-type": "application/json",
        cookie: "session=client-cookie",
        "x-api-key": clientToken,
        "proxy-authorization": "Basic cHJveHk6cHJveHk=",
        "openai-beta": "assistants=v2",
        "x-custom-header": "dropped",
        "user-agent": "agent/1.0",
      },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(200);
    const headers = upstream.requests.at(-1)?.headers ?? {};
    expect(headers["openai-beta"]).toBe("assistants=v2");
    expect(headers["user-agent"]).toBe("agent/1.0");
    for (const name of ["cookie", "x-api-key", "proxy-authorization", "x-custom-header"]) {
      expect(headers[name], name).toBeUndefined();
    }
  });

  it("passes back rate-limit headers but not upstream cookies, and keeps the client's request id", async () => {
    const response = await fetch(`${airlock.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${clientToken}`, "x-request-id": "req-abc-123" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("99");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("x-request-id")).toBe("req-abc-123");
    expect(upstream.requests.at(-1)?.headers["x-request-id"]).toBe("req-abc-123");
  });

  it("generates a request id when the client sends none", async () => {
    const response = await fetch(`${airlock.url}/healthz`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps unknown request fields and rewrites only the model", async () => {
    await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      // @ts-expect-error a provider-specific field the SDK does not know
      provider_extension: { top_k: 7, nested: [1, "two"] },
      temperature: 0.25,
    });
    const body = upstream.requests.at(-1)?.body;
    expect(body?.provider_extension).toEqual({ top_k: 7, nested: [1, "two"] });
    expect(body?.temperature).toBe(0.25);
  });

  it("streams the upstream's chunks event by event", async () => {
    const stream = await client.chat.completions.create({
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    const received = [];
    for await (const event of stream) received.push(event);
    expect(received).toEqual(textChunks);
  });

  it("streams tool calls with their ids and indexes intact", async () => {
    const stream = client.chat.completions.stream({
      model: "tool-call",
      messages: [{ role: "user", content: "weather in Paris?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            parameters: { type: "object", properties: { city: { type: "string" } } },
          },
        },
      ],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.id).toBe("call_1");
    expect(call?.type === "function" && call.function).toEqual({
      name: "get_weather",
      arguments: '{"city":"Paris"}',
    });
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
  });
});

describe("GET /v1/models", () => {
  it("needs the client token and lists nothing for a catch-all route", async () => {
    const unauthenticated = await fetch(`${airlock.baseURL}/models`);
    expect(unauthenticated.status).toBe(401);
    const list = await client.models.list();
    expect(list.data).toEqual([]);
  });
});
