/**
 * The dialect-neutral stream of an answer. Each dialect renders these to its own wire events, and a
 * whole (non-streaming) response is folded from the same events, so there is one path, not two.
 * Tool calls are start / delta / end per call, keyed by their index in the answer.
 */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error";

export type Usage = {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens?: number;
  readonly reasoningTokens?: number;
};

export type CanonicalEvent =
  | { readonly type: "start"; readonly id: string; readonly model: string; readonly created: number }
  | { readonly type: "text-delta"; readonly text: string }
  | { readonly type: "reasoning-delta"; readonly text: string }
  | { readonly type: "tool-call-start"; readonly index: number; readonly id: string; readonly name: string }
  | { readonly type: "tool-call-delta"; readonly index: number; readonly arguments: string }
  | { readonly type: "tool-call-end"; readonly index: number }
  | { readonly type: "usage"; readonly usage: Usage }
  | { readonly type: "finish"; readonly reason: FinishReason }
  | { readonly type: "error"; readonly message: string };

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
