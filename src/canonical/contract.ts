/**
 * What the stages hand each other: a backend takes a call in its own dialect and answers with an
 * upstream response whose body is a byte stream. In-process backends (`mock`) answer the same way,
 * so everything above them has one path.
 */

import type { EncodeOptions } from "./dialect.ts";
import type { AirlockError } from "./error.ts";

export type DialectName = "openai-chat" | "openai-responses" | "anthropic-messages" | "gemini";

/** The dialects an agent can speak to airlock, one endpoint each; Gemini is only a backend's. */
export type ClientDialectName = Exclude<DialectName, "gemini">;

/**
 * The operations a dialect's endpoints map to; a backend kind maps each to its path. `generate` is
 * Gemini's generateContent; `count-tokens` is Anthropic's /v1/messages/count_tokens.
 */
export type Operation = "chat" | "responses" | "messages" | "count-tokens" | "generate";

export type BackendCall = {
  readonly operation: Operation;
  /** The routed model name (Vertex AI puts it in the URL, not the body). */
  readonly model: string;
  /** Whether the client asked for a stream (Vertex AI has a verb for each). */
  readonly stream: boolean;
  /** The request body in the backend's dialect, model already rewritten. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Client headers that passed the allowlist, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  /** Aborted when the client goes away or the request's time is up. */
  readonly signal: AbortSignal;
};

/**
 * A request on Vertex AI's own URL surface (Claude Code's Vertex mode), for a `vertex` backend to pass
 * on as it is: the body's bytes untouched, the URL's project and location replaced by the backend's.
 */
export type VertexCall = {
  /** `anthropic` or `google`. */
  readonly publisher: string;
  /** The model segment of the URL (`count-tokens` for Anthropic's token counting). */
  readonly model: string;
  /** `rawPredict`, `streamRawPredict`, `generateContent`, … */
  readonly verb: string;
  /** The query string without `?` (`alt=sse`), or "". */
  readonly query: string;
  readonly body: Uint8Array;
  /** Client headers that passed the allowlist, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly signal: AbortSignal;
};

export type UpstreamResponse = {
  readonly status: number;
  /** Lower-case names; only headers airlock may pass back to the client. */
  readonly headers: Readonly<Record<string, string>>;
  /** Breaking out of the iteration releases the connection. Failures are AirlockErrors. */
  readonly body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /**
   * Translated streams only: a failure the body already rendered as the client dialect's in-band
   * error event before ending normally; read after the body is done, for the access log.
   */
  readonly failure?: () => AirlockError | undefined;
};

/** How a backend takes requests for one model. Vertex AI speaks Anthropic for Claude, Gemini for the rest. */
export type BackendWire = {
  /** The dialect requests are translated into when the backend does not take them as they are. */
  readonly dialect: DialectName;
  /** Operations this backend takes as they are: requests for them are passed through. */
  readonly operations: ReadonlySet<Operation>;
  /** How requests translated into `dialect` are written for this backend. */
  readonly encodeOptions: EncodeOptions;
};

export type Backend = {
  readonly name: string;
  readonly kind: string;
  /** How this backend takes requests for `model` (the routed name). */
  wire(model: string): BackendWire;
  /** Model globs this backend serves, in config order. */
  readonly models: readonly string[];
  /** Request headers (lower-case) this backend's API defines and a client may send. */
  readonly forwardHeaders: ReadonlySet<string>;
  send(call: BackendCall): Promise<UpstreamResponse>;
  /** `vertex` backends only: a request on Vertex AI's own URL surface, passed on as it is. */
  readonly sendVertex?: (call: VertexCall) => Promise<UpstreamResponse>;
  /** Removes this backend's credentials from text the upstream sent, before a client may see it. */
  scrub(text: string): string;
  /** Why the backend cannot serve now (an unreadable key, …), or an empty list; for /readyz. */
  problems(): Problem[];
  close(): Promise<void>;
};

/** A reason airlock is not ready: `message` may be shown to anyone, `detail` goes to the log only. */
export type Problem = { readonly message: string; readonly detail: string };
