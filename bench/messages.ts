/**
 * The IPC vocabulary between the bench parent and its children. Children are forked with
 * `serialization: "advanced"` (structured clone), so latency samples travel as Float64Arrays
 * instead of being JSON-encoded number by number.
 */
import type { Api } from "./fixtures.ts";

/** Sent once by upstream.ts and bare-pipe.ts when they listen, and by load.ts when it starts. */
export type ReadyMessage = { type: "ready"; port: number };

/** Parent → load.ts: run one bounded round against one target. */
export type RoundCommand = {
  type: "round";
  /** `http://127.0.0.1:PORT`; the load generator keeps one keep-alive Pool per origin. */
  origin: string;
  path: string;
  api: Api;
  /** The model the request names, which picks the backend airlock routes it to. */
  model: string;
  authorization: string;
  stream: boolean;
  connections: number;
  durationMs: number;
  maxRequests: number;
};

/** load.ts → parent: what one round measured. Times are milliseconds since each request started. */
export type RoundResult = {
  type: "result";
  completed: number;
  errors: number;
  /** First failure of the round, so a broken target explains itself instead of just counting errors. */
  firstError: string | null;
  elapsedMs: number;
  latencyMs: Float64Array;
  /** Time to the first body chunk (not to the headers: a proxy may send headers before the upstream answers). */
  ttfbMs: Float64Array;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isReadyMessage(value: unknown): value is ReadyMessage {
  return isObject(value) && value.type === "ready" && typeof value.port === "number";
}

export function isRoundCommand(value: unknown): value is RoundCommand {
  return (
    isObject(value) &&
    value.type === "round" &&
    typeof value.origin === "string" &&
    typeof value.path === "string" &&
    (value.api === "chat" || value.api === "responses") &&
    typeof value.model === "string" &&
    typeof value.authorization === "string" &&
    typeof value.stream === "boolean" &&
    typeof value.connections === "number" &&
    typeof value.durationMs === "number" &&
    typeof value.maxRequests === "number"
  );
}

export function isRoundResult(value: unknown): value is RoundResult {
  return (
    isObject(value) &&
    value.type === "result" &&
    typeof value.completed === "number" &&
    typeof value.errors === "number" &&
    typeof value.elapsedMs === "number" &&
    value.latencyMs instanceof Float64Array &&
    value.ttfbMs instanceof Float64Array
  );
}
