/**
 * A `vertex` backend authenticated with a service-account key (made at test time; its `token_uri` is
 * a loopback token server that checks the JWT's signature): OpenAI clients translated to Gemini and
 * to Claude on Vertex AI, and Vertex AI's own surface passed through, as Anthropic's Vertex SDK (and
 * Claude Code's Vertex mode) uses it. The ADC token must reach Vertex on every request and never come
 * back: every response body and every log line is checked for it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gooseConversation, toolOutput } from "./support/agents.ts";
import { fixtureSecret, type RunningAirlock, startAirlock } from "./support/airlock.ts";
import type { TokenSource } from "./support/gcp.ts";
import {
  recordResponses,
  type ServiceAccount,
  startServiceAccount,
  vertexBackendToml,
  waitReady,
} from "./support/vertex-stack.ts";
import { startVertexUpstream, type VertexUpstream } from "./support/vertex-upstream.ts";

const clientToken = fixtureSecret("client-token");
const project = "airlock-test-project";
let account: ServiceAccount;
let tokens: TokenSource;
let upstream: VertexUpstream;
let airlock: RunningAirlock;

/** fetch that keeps a copy of every response's headers and body, for the canary check. */
const recorder = recordResponses();
const capturing = recorder.fetch;

/** What @anthropic-ai/vertex-sdk does to a request: the model and verb go into the URL. */
function vertexStyle(region: string, clientProject: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>;
    body.anthropic_version ??= "vertex-2023-10-16";
    const prefix = `/projects/${clientProject}/locations/${region}/publishers/anthropic/models`;
    if (url.pathname.endsWith("/v1/messages/count_tokens")) {
      url.pathname = url.pathname.replace(
        /\/v1\/messages\/count_tokens$/,
        `${prefix}/count-tokens:rawPredict`,
      );
    } else {
      const model = String(body.model);
      delete body.model;
      const verb = body.stream === true ? "streamRawPredict" : "rawPredict";
      url.pathname = url.pathname.replace(/\/v1\/messages$/, `${prefix}/${model}:${verb}`);
    }
    url.searchParams.delete("beta");
    return capturing(url, { ...init, body: JSON.stringify(body) });
  };
}

const last = () => upstream.requests.at(-1);

/** The `openai` SDK as an agent holds it: airlock's URL and the client token, bodies captured. */
function openai(defaultHeaders: Record<string, string> = {}): OpenAI {
  return new OpenAI({
    baseURL: airlock.baseURL,
    apiKey: clientToken,
    maxRetries: 0,
    fetch: capturing,
    defaultHeaders,
  });
}

/** Anthropic's SDK in Vertex style, against airlock's Vertex surface. */
function anthropicVertex(region: string, clientProject: string): Anthropic {
  return new Anthropic({
    baseURL: `${airlock.url}/v1`,
    apiKey: clientToken,
    maxRetries: 0,
    fetch: vertexStyle(region, clientProject),
  });
}
const prefix = `/v1/projects/${project}/locations/us-east5/publishers`;

beforeAll(async () => {
  account = await startServiceAccount();
  tokens = account.tokens;
  upstream = await startVertexUpstream();
  const config = join(account.dir, "airlock.toml");
  writeFileSync(
    config,
    [
      "[server]",
      `api_key = "${clientToken}"`,
      "[aliases]",
      '"sonnet" = "claude-sonnet-4-5-20250929"',
      ...vertexBackendToml({
        url: upstream.url,
        project,
        location: "us-east5",
        credentialsFile: account.credentialsFile,
        models: ["claude-*", "gemini-*", "status-*"],
      }),
      "",
    ].join("\n"),
  );
  airlock = await startAirlock({}, { config });
  await waitReady(airlock.url);
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
  await account?.close();
});

describe("vertex backend with a service-account key", () => {
  it("fetches its token at start, with a JWT the token server verified", () => {
    expect(tokens.issued.length).toBe(1);
    expect(tokens.refused).toEqual([]);
  });

  it("an OpenAI agent's tool-using stream goes to Gemini as streamGenerateContent, with the ADC token", async () => {
    const client = openai();
    const transcript = await gooseConversation(client, "gemini-2.5-pro");
    expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
    // The fake Gemini quotes the functionResponse it was given, so the tool's output made the round trip.
    expect(transcript.answer).toMatch(/^The tool returned: .*README\.md/);
    const request = last();
    expect(request?.url).toBe(`${prefix}/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse`);
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.issued.at(-1)}`);
    expect(request?.body.contents).toBeDefined();
  });

  it("an OpenAI agent's tool-using stream goes to Claude as streamRawPredict, under Vertex's model name", async () => {
    const client = openai({ "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14" });
    const transcript = await gooseConversation(client, "sonnet");
    expect(transcript.calls).toEqual(['developer__shell({"command":"ls"})']);
    expect(transcript.answer).toBe(`The tool returned: ${toolOutput}`);
    const request = last();
    expect(request?.url).toBe(`${prefix}/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`);
    expect(request?.body.model).toBeUndefined();
    expect(request?.body.anthropic_version).toBe("vertex-2023-10-16");
    expect(request?.headers["anthropic-beta"]).toBe("interleaved-thinking-2025-05-14");
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.issued.at(-1)}`);
  });

  it("a non-streaming chat request uses rawPredict", async () => {
    const client = openai();
    const answer = await client.chat.completions.create({
      model: "claude-haiku-4-5",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(answer.choices[0]?.message.content).toBe("You said: hello");
    expect(last()?.url).toBe(`${prefix}/anthropic/models/claude-haiku-4-5:rawPredict`);
  });

  it("Anthropic's SDK in Vertex style streams a tool-using turn through the pass-through surface", async () => {
    const client = anthropicVertex("europe-west1", "the-agents-own-project");
    const tools = [{ name: "bash", description: "Run a command", input_schema: { type: "object" as const } }];
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "list the files" }];
    const first = await client.messages
      .stream(
        { model: "claude-sonnet-4-5@20250929", max_tokens: 100, messages, tools },
        {
          headers: {
            "anthropic-beta": "claude-code-20250219,context-1m-2025-08-07",
            "anthropic-version": "2023-06-01",
          },
        },
      )
      .finalMessage();
    const call = first.content.find((block) => block.type === "tool_use");
    expect(call).toMatchObject({ name: "bash", input: { command: "ls" } });
    const request = last();
    // Project and location are the backend's, not the agent's; the body's bytes are the agent's.
    expect(request?.url).toBe(`${prefix}/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict`);
    expect(request?.headers["anthropic-beta"]).toBe("context-1m-2025-08-07");
    expect(request?.headers["anthropic-version"]).toBeUndefined();
    expect(request?.headers["x-api-key"]).toBeUndefined();
    expect(request?.headers.authorization).toBe(`Bearer ${tokens.issued.at(-1)}`);
    expect(request?.body).toMatchObject({ anthropic_version: "vertex-2023-10-16", max_tokens: 100 });

    messages.push({ role: "assistant", content: first.content });
    messages.push({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: call?.type === "tool_use" ? call.id : "", content: toolOutput },
      ],
    });
    const second = await client.messages
      .stream({ model: "claude-sonnet-4-5@20250929", max_tokens: 100, messages, tools })
      .finalMessage();
    expect(second.content).toMatchObject([{ type: "text", text: `The tool returned: ${toolOutput}` }]);
  });

  it("counts tokens at count-tokens:rawPredict, without beta flags", async () => {
    const client = anthropicVertex("global", "p");
    const counted = await client.messages.countTokens(
      { model: "claude-sonnet-4-5@20250929", messages: [{ role: "user", content: "hi" }] },
      { headers: { "anthropic-beta": "context-1m-2025-08-07" } },
    );
    expect(counted.input_tokens).toBe(42);
    expect(last()?.url).toBe(`${prefix}/anthropic/models/count-tokens:rawPredict`);
    expect(last()?.headers["anthropic-beta"]).toBeUndefined();
  });

  it("Gemini's streamGenerateContent passes through as bytes, with alt=sse kept", async () => {
    const sent = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }], unknownField: 1 });
    const response = await capturing(
      `${airlock.url}/v1/projects/other/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=x`,
      {
        method: "POST",
        headers: { "x-goog-api-key": clientToken, "content-type": "application/json" },
        body: sent,
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toContain("You said: hi");
    expect(last()?.url).toBe(`${prefix}/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse`);
    expect(last()?.raw).toBe(sent);
  });

  it("the pass-through surface answers errors in Google's form", async () => {
    const post = (path: string, headers: Record<string, string>) =>
      capturing(`${airlock.url}/v1/projects/p/locations/l/publishers/${path}`, {
        method: "POST",
        headers,
        body: "{}",
      });
    const unknownVerb = await post("google/models/gemini-2.5-pro:tune", { "x-goog-api-key": clientToken });
    expect(unknownVerb.status).toBe(404);
    expect(await unknownVerb.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    const noToken = await post("google/models/gemini-2.5-pro:generateContent", {});
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });

  it("the pass-through surface refuses a publisher named after Object's own members with a 404", async () => {
    for (const publisher of ["constructor", "__proto__", "toString"]) {
      const response = await capturing(
        `${airlock.url}/v1/projects/p/locations/l/publishers/${publisher}/models/m:rawPredict`,
        { method: "POST", headers: { "x-goog-api-key": clientToken }, body: "{}" },
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    }
  });

  it("the pass-through surface serves only the models the backend's `models` list routes to it", async () => {
    const before = upstream.requests.length;
    for (const model of ["text-bison", "imagen-4.0"]) {
      const response = await capturing(
        `${airlock.url}/v1/projects/p/locations/l/publishers/google/models/${model}:generateContent`,
        { method: "POST", headers: { "x-goog-api-key": clientToken }, body: "{}" },
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    }
    expect(upstream.requests.length).toBe(before);
  });

  it("answers a Messages body nested too deeply to forward or count with a 400 in Anthropic's form", async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const hi = '"messages":[{"role":"user","content":"hi"}]';
    const bodies = {
      "/v1/messages": `{"model":"claude-haiku-4-5","max_tokens":5,${hi},"x":${deep}}`,
      "/v1/messages/count_tokens": `{"model":"gemini-2.5-pro",${hi},"tools":[{"name":"f","input_schema":${deep}}]}`,
    };
    for (const [path, body] of Object.entries(bodies)) {
      const response = await capturing(`${airlock.url}${path}`, {
        method: "POST",
        headers: { "x-api-key": clientToken, "content-type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        type: "error",
        error: { type: "invalid_request_error", message: expect.stringMatching(/nested too deeply/) },
      });
    }
  });

  it("Vertex refusing the token is a gateway error that carries neither token", async () => {
    const response = await capturing(
      `${airlock.url}/v1/projects/p/locations/l/publishers/google/models/status-401:generateContent`,
      { method: "POST", headers: { authorization: `Bearer ${clientToken}` }, body: "{}" },
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      error: { code: 502, message: `backend "vertex" rejected airlock's credentials` },
    });
    const client = openai();
    await expect(
      client.chat.completions.create({ model: "status-401", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toMatchObject({ status: 502 });
  });

  it("no ADC token, no client token and no key reach a response body or the log", async () => {
    await recorder.settled();
    expect(tokens.issued.length).toBeGreaterThan(0);
    const everything = [...recorder.seen, ...airlock.logs].join("\n");
    for (const token of tokens.issued) expect(everything).not.toContain(token);
    expect(everything).not.toContain("PRIVATE KEY");
    for (const request of upstream.requests) {
      expect(JSON.stringify(request.headers)).not.toContain(clientToken);
    }
  });
});
