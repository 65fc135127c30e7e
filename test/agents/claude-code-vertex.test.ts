/**
 * Claude Code (`claude -p`) against a `vertex` backend, both ways a user sets it up: plain
 * (`ANTHROPIC_BASE_URL` at airlock's /v1/messages, which routes to Claude on Vertex) and Vertex mode
 * (`CLAUDE_CODE_USE_VERTEX=1` at airlock's Vertex AI surface). Each is a whole turn with a real tool
 * run by the agent, and a side request on the small model (the session title, which Claude Code
 * skips when non-essential traffic is disabled). What arrives at the scripted Vertex AI is checked:
 * airlock's project and location, Vertex's `@` model ids, only the beta flags Vertex accepts, the
 * ADC token — which nothing Claude Code keeps or prints may hold.
 */
import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vertexDefaultBetas } from "../../src/backends/vertex-wire.ts";
import { claudeResult, type Run, runClaude } from "./support/agents.ts";
import type { ScriptedRequest } from "./support/scripted-upstream.ts";
import { accessLines, prompt, useStackOf } from "./support/stack.ts";
import { startVertexStack, vertexLocation, vertexProject } from "./support/vertex-stack.ts";

const t = useStackOf(startVertexStack);

const sonnet = "claude-sonnet-4-5-20250929";
const haiku = "claude-haiku-4-5-20251001";
const sideRequests = { ANTHROPIC_DEFAULT_HAIKU_MODEL: haiku, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "" };
const models = `/v1/projects/${vertexProject}/locations/${vertexLocation}/publishers/anthropic/models`;

/**
 * Makes notes.txt long enough (about 8,000 tokens by Claude Code's estimate, over a quarter of its
 * Read limit) that the Read tool asks the API to count its tokens; the secret stays on line one.
 */
function lengthenNotes(): void {
  if (statSync(t.w.file).size > 30_000) return;
  appendFileSync(t.w.file, `${"Nothing else to see in this line of padding text. ".repeat(20)}\n`.repeat(32));
}

/** What airlock must have made of every request: its token, its body form, Vertex's beta flags. */
function expectVertexForm(requests: readonly ScriptedRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.url.startsWith(`${models}/`), request.url).toBe(true);
    expect(request.headers.authorization).toBe(`Bearer ${t.stack.account.tokens.issued.at(-1)}`);
    expect(request.headers["x-api-key"]).toBeUndefined();
    expect(JSON.stringify(request.headers)).not.toContain(t.stack.token);
    expect(request.body.anthropic_version).toBe("vertex-2023-10-16");
    const betas = String(request.headers["anthropic-beta"] ?? "")
      .split(",")
      .filter(Boolean);
    expect(betas.filter((flag) => !vertexDefaultBetas.includes(flag))).toEqual([]);
    if (request.url.includes("/count-tokens:")) {
      expect(betas).toEqual([]);
      expect(String(request.body.model)).toMatch(/^claude-[a-z0-9-]+@\d{8}$/);
    } else expect(request.body.model).toBeUndefined();
  }
}

/** Every file under a folder, as text: Claude Code's HOME holds its transcripts and settings. */
function textUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, "utf8"))
    .join("\n");
}

function expectNoAdcToken(run: Run): void {
  const seen = [run.stdout, run.stderr, textUnder(t.w.home), ...t.stack.airlock.logs].join("\n");
  expect(t.stack.account.tokens.issued.length).toBeGreaterThan(0);
  for (const token of t.stack.account.tokens.issued) expect(seen).not.toContain(token);
}

/**
 * One `claude -p` turn that must end with the secret the tool read, every request in Vertex's form
 * and no ADC token on Claude Code's side; what reached Vertex and airlock's access log for it.
 */
async function turn(options: Parameters<typeof runClaude>[1]) {
  const mark = t.stack.vertex.requests.length;
  const logMark = accessLines(t.stack.airlock).length;
  const run = await runClaude(t, options);
  expect(claudeResult(run.stdout), run.stderr).toMatchObject({ is_error: false });
  expect(claudeResult(run.stdout)?.result).toContain(t.w.secret);
  const requests = t.stack.vertex.requests.slice(mark);
  expectVertexForm(requests);
  expectNoAdcToken(run);
  return {
    requests,
    urls: new Set(requests.map((request) => request.url)),
    access: new Set(accessLines(t.stack.airlock).slice(logMark)),
  };
}

describe("Claude Code on Claude on Vertex AI, plain (ANTHROPIC_BASE_URL)", () => {
  it("runs a Bash tool turn; its dated ids, the small model's too, reach Vertex with @", async () => {
    const { requests, urls } = await turn({ prompt, as: "auth-token", model: sonnet, env: sideRequests });
    expect(urls).toEqual(
      new Set([
        `${models}/claude-sonnet-4-5@20250929:streamRawPredict`,
        `${models}/claude-haiku-4-5@20251001:streamRawPredict`,
      ]),
    );
    // Claude Code asked for Anthropic-only flags; none of them reached Vertex.
    expect(requests.map((request) => request.headers["anthropic-beta"]).join(",")).not.toMatch(
      /claude-code-|prompt-caching-scope-|structured-outputs-/,
    );
  });

  it("counts a long file's tokens at count-tokens:rawPredict, the model named in Vertex's form", async () => {
    lengthenNotes();
    const { requests } = await turn({ prompt, as: "api-key", model: sonnet, tools: "Read" });
    const counted = requests.filter((request) => request.url === `${models}/count-tokens:rawPredict`);
    expect(counted.map((request) => request.body.model)).toEqual(["claude-sonnet-4-5@20250929"]);
  });
});

describe("Claude Code in Vertex mode (CLAUDE_CODE_USE_VERTEX) on airlock's Vertex AI surface", () => {
  it("runs a Read tool turn; airlock puts its own project, location and token on Vertex's URLs", async () => {
    lengthenNotes();
    const { urls, access } = await turn({
      prompt,
      as: "vertex",
      tools: "Read",
      // A region of its own for the small model, as Claude Code's docs suggest where Haiku is not global.
      env: { ...sideRequests, VERTEX_REGION_CLAUDE_HAIKU_4_5: "us-east5" },
    });
    // The URLs Claude Code built, as airlock's access log has them.
    const client = "/v1/projects/unused/locations";
    expect(access).toEqual(
      new Set([
        `POST ${client}/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict 200 vertex`,
        `POST ${client}/us-east5/publishers/anthropic/models/${haiku}:streamRawPredict 200 vertex`,
        `POST ${client}/global/publishers/anthropic/models/count-tokens:rawPredict 200 vertex`,
      ]),
    );
    expect(urls).toEqual(
      new Set([
        `${models}/claude-sonnet-4-5@20250929:streamRawPredict`,
        `${models}/claude-haiku-4-5@20251001:streamRawPredict`,
        `${models}/count-tokens:rawPredict`,
      ]),
    );
  });

  it("takes Anthropic's dated ids too: Vertex gets the @ form, in the URL and in token counting", async () => {
    lengthenNotes();
    const { urls } = await turn({ prompt, as: "vertex", tools: "Read", model: sonnet });
    expect(urls).toEqual(
      new Set([`${models}/claude-sonnet-4-5@20250929:streamRawPredict`, `${models}/count-tokens:rawPredict`]),
    );
  });

  it("leaves no error in airlock's access log", () => {
    // Only the readiness wait before the first ADC token.
    const errors = accessLines(t.stack.airlock).filter((line) => !/ 200 /.test(line));
    expect(errors.filter((line) => !line.startsWith("GET /readyz 503"))).toEqual([]);
  });
});
