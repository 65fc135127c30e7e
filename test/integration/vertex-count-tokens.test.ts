/**
 * Claude Code's Vertex mode counts tokens at `…/models/count-tokens:rawPredict`, a URL with no model in
 * it: the model is in the body (recorded from Claude Code 2.1.197, test/fixtures/…/claude-code-cli/
 * vertex-count-tokens.json). airlock routes that body's model as it routes the model in any other
 * Vertex AI URL, so that Vertex counts for the model the agent's messages actually go to: aliases
 * apply, and Anthropic's dated ids take Vertex's `@` form.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureSecret, type RunningAirlock } from "./support/airlock.ts";
import { type ServiceAccount, startServiceAccount, startVertexAirlock } from "./support/vertex-stack.ts";
import { startVertexUpstream, type VertexUpstream } from "./support/vertex-upstream.ts";

type Recorded = { url: string; headers: Record<string, string>; body: Record<string, unknown> };
const recorded = JSON.parse(
  readFileSync(
    new URL(
      "../fixtures/anthropic-messages/requests/claude-code-cli/vertex-count-tokens.json",
      import.meta.url,
    ),
    "utf8",
  ),
) as Recorded;

const clientToken = fixtureSecret("client-token");
const project = "airlock-count-project";
const counting = `/v1/projects/${project}/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict`;
let account: ServiceAccount;
let upstream: VertexUpstream;
let airlock: RunningAirlock;

beforeAll(async () => {
  account = await startServiceAccount();
  upstream = await startVertexUpstream();
  airlock = await startVertexAirlock(account, {
    url: upstream.url,
    project,
    location: "us-east5",
    models: ["claude-*"],
    clientToken,
    extra: ["[aliases]", '"claude-opus-4-8" = "claude-sonnet-4-5-20250929"'],
  });
});

afterAll(async () => {
  await airlock?.close();
  await upstream?.close();
  await account?.close();
});

/** Claude Code's recorded request, its body's model replaced by `model`. */
async function replay(model: string) {
  const body = { ...recorded.body, model };
  const response = await fetch(`${airlock.url}${recorded.url}`, {
    method: "POST",
    headers: { ...recorded.headers, "x-api-key": clientToken },
    body: JSON.stringify(body),
  });
  return { status: response.status, answer: await response.json(), sent: body };
}

describe("Claude Code's Vertex-mode token counting", () => {
  it("counts for the model in Vertex's @ form, the rest of the recorded body intact", async () => {
    const { status, answer, sent } = await replay("claude-sonnet-4-5-20250929");
    expect(status).toBe(200);
    expect(answer).toEqual({ input_tokens: 42 });
    const request = upstream.requests.at(-1);
    expect(request?.url).toBe(counting);
    expect(request?.body).toEqual({ ...sent, model: "claude-sonnet-4-5@20250929" });
    expect(request?.headers.authorization).toBe(`Bearer ${account.tokens.issued.at(-1)}`);
    // Vertex's token counting refuses every beta flag; the agent's own headers stop at airlock.
    expect(request?.headers["anthropic-beta"]).toBeUndefined();
    expect(request?.headers["x-api-key"]).toBeUndefined();
    expect(
      Object.keys(request?.headers ?? {}).filter((name) => /^x-(stainless|claude-code|app)/.test(name)),
    ).toEqual([]);
  });

  it("counts for the model an alias routes to", async () => {
    const { status } = await replay("claude-opus-4-8");
    expect(status).toBe(200);
    expect(upstream.requests.at(-1)?.body.model).toBe("claude-sonnet-4-5@20250929");
  });

  it("passes a Vertex model name, and a body with no model, as they are", async () => {
    await replay("claude-haiku-4-5@20251001");
    expect(upstream.requests.at(-1)?.body.model).toBe("claude-haiku-4-5@20251001");
    const { model: _model, ...noModel } = recorded.body;
    const raw = JSON.stringify(noModel);
    const response = await fetch(`${airlock.url}${recorded.url}`, {
      method: "POST",
      headers: { ...recorded.headers, "x-api-key": clientToken },
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)?.raw).toBe(raw);
  });
});
