/**
 * One round: ask the load generator to run, and meanwhile watch the processes from outside — CPU
 * time before and after, VmRSS sampled throughout. Reading /proc from the parent keeps the measured
 * processes free of any instrumentation of their own.
 */
import type { ChildProcess } from "node:child_process";
import { type Api, BENCH_MODEL, CHAT_PATH, RESPONSES_PATH } from "./fixtures.ts";
import { isRoundResult, type RoundCommand, type RoundResult } from "./messages.ts";
import { readCpuUs, sampleRss } from "./proc-stats.ts";
import type { PhaseSamples, ProcessRole } from "./stats.ts";

/** Slack beyond the round's own bound: the load generator's per-request timeout plus a margin. */
const ROUND_SLACK_MS = 20_000;
const RSS_SAMPLE_MS = 50;

export type Endpoint = { origin: string; authorization: string; pid: number | null };

export type Round = {
  load: { child: ChildProcess; pid: number };
  upstreamPid: number;
  endpoint: Endpoint;
  /** Chat Completions unless said otherwise. */
  api?: Api;
  /** BENCH_MODEL unless said otherwise. */
  model?: string;
  stream: boolean;
  connections: number;
  durationMs: number;
  maxRequests: number;
};

function sendRound(load: ChildProcess, command: RoundCommand): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`load generator gave no result within ${command.durationMs + ROUND_SLACK_MS} ms`));
    }, command.durationMs + ROUND_SLACK_MS);
    function onMessage(message: unknown): void {
      if (!isRoundResult(message)) return;
      cleanup();
      resolve(message);
    }
    function onExit(): void {
      cleanup();
      reject(new Error("load generator exited during a round"));
    }
    function cleanup(): void {
      clearTimeout(timer);
      load.off("message", onMessage);
      load.off("exit", onExit);
    }
    load.on("message", onMessage);
    load.once("exit", onExit);
    load.send(command);
  });
}

function cpuOf(round: Round): Record<ProcessRole, number | null> {
  return {
    target: cpuOrNull(round.endpoint.pid),
    upstream: cpuOrNull(round.upstreamPid),
    load: cpuOrNull(round.load.pid),
  };
}

/** Null for no process or one that has exited; the caller checks liveness and says which one died. */
function cpuOrNull(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    return readCpuUs(pid);
  } catch {
    return null;
  }
}

function delta(after: number | null, before: number | null): number | null {
  return after === null || before === null ? null : after - before;
}

/** Run one round and return its raw result; with `into`, also record it as a measured round. */
export async function runRound(round: Round, into?: PhaseSamples): Promise<RoundResult> {
  const { endpoint } = round;
  const before = cpuOf(round);
  const sampler = endpoint.pid === null ? null : sampleRss(endpoint.pid, RSS_SAMPLE_MS);
  let result: RoundResult;
  let after: ReturnType<typeof cpuOf>;
  let peakRssKiB: number | null;
  try {
    result = await sendRound(round.load.child, {
      type: "round",
      origin: endpoint.origin,
      path: round.api === "responses" ? RESPONSES_PATH : CHAT_PATH,
      api: round.api ?? "chat",
      model: round.model ?? BENCH_MODEL,
      authorization: endpoint.authorization,
      stream: round.stream,
      connections: round.connections,
      durationMs: round.durationMs,
      maxRequests: round.maxRequests,
    });
    after = cpuOf(round);
  } finally {
    // Always stop sampling: a live interval would keep the parent running after a failure.
    peakRssKiB = sampler?.stop() ?? null;
  }
  if (into) {
    into.rounds.push({
      completed: result.completed,
      errors: result.errors,
      elapsedMs: result.elapsedMs,
      cpuUs: {
        target: delta(after.target, before.target),
        upstream: delta(after.upstream, before.upstream),
        load: delta(after.load, before.load),
      },
      peakRssKiB,
    });
    into.latencyMs.push(result.latencyMs);
    into.ttfbMs.push(result.ttfbMs);
    into.firstError ??= result.firstError;
  }
  return result;
}
