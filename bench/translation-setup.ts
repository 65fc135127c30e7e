/**
 * What the translation bench and the build comparison share: the ways one answer reaches the client
 * (arms), a config with both backends on the one mock upstream, and one arm's load on one airlock.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Airlock } from "./airlock.ts";
import type { Helper } from "./children.ts";
import {
  type Api,
  BENCH_MODEL,
  CLIENT_TOKEN,
  RESPONSES_UPSTREAM_MODEL,
  UPSTREAM_API_KEY,
} from "./fixtures.ts";
import { runRound } from "./round.ts";
import { emptySamples } from "./stats.ts";

/** The four ways one answer reaches the client. */
export const arms = {
  chatPassthrough: { api: "chat", model: BENCH_MODEL, label: "pass-through  (Chat client ← Chat upstream)" },
  responsesPassthrough: {
    api: "responses",
    model: RESPONSES_UPSTREAM_MODEL,
    label: "pass-through  (Responses client ← Responses upstream)",
  },
  translated: {
    api: "responses",
    model: BENCH_MODEL,
    label: "translated    (Responses client ← Chat upstream)",
  },
  translatedToChat: {
    api: "chat",
    model: RESPONSES_UPSTREAM_MODEL,
    label: "translated    (Chat client ← Responses upstream)",
  },
} as const satisfies Record<string, { api: Api; model: string; label: string }>;
export type Arm = keyof typeof arms;

export function isArm(name: string): name is Arm {
  return Object.hasOwn(arms, name);
}

/** Both backends on the one upstream: Responses requests for RESPONSES_UPSTREAM_MODEL pass through. */
export function writeConfig(upstreamPort: number): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "airlock-bench-"));
  const file = join(dir, "config.toml");
  const url = `http://127.0.0.1:${upstreamPort}/v1`;
  writeFileSync(
    file,
    [
      "[[backends]]",
      'name = "responses-upstream"',
      'kind = "responses"',
      `url = "${url}"`,
      `api_key = "${UPSTREAM_API_KEY}"`,
      `models = ["${RESPONSES_UPSTREAM_MODEL}"]`,
      "",
      "[[backends]]",
      'name = "chat-upstream"',
      'kind = "openai-compatible"',
      `url = "${url}"`,
      `api_key = "${UPSTREAM_API_KEY}"`,
      'models = ["*"]',
      "",
    ].join("\n"),
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One side of a side-by-side bench: an airlock process and the load generator that drives it. */
export type Side = { airlock: Airlock; load: Helper };

export function origin(side: Side): string {
  return `http://127.0.0.1:${side.airlock.port}`;
}

/** `arm`'s streamed load on `side` for `durationMs`; its airlock's CPU µs per completed request. */
export async function runArm(
  side: Side,
  upstreamPid: number,
  arm: Arm,
  load: { connections: number; durationMs: number },
): Promise<number> {
  const samples = emptySamples();
  const result = await runRound(
    {
      load: { child: side.load.child, pid: side.load.pid },
      upstreamPid,
      endpoint: { origin: origin(side), authorization: `Bearer ${CLIENT_TOKEN}`, pid: side.airlock.pid },
      api: arms[arm].api,
      model: arms[arm].model,
      stream: true,
      connections: load.connections,
      durationMs: load.durationMs,
      maxRequests: 200_000,
    },
    samples,
  );
  if (result.errors > 0) throw new Error(`${arm}: ${result.errors} errors: ${result.firstError ?? "?"}`);
  if (result.completed === 0) throw new Error(`${arm}: no request completed`);
  const cpuUs = samples.rounds[0]?.cpuUs.target;
  if (cpuUs === null || cpuUs === undefined) throw new Error(`${arm}: airlock's CPU time could not be read`);
  return cpuUs / result.completed;
}
