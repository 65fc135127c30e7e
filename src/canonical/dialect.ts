/**
 * What a wire dialect gives the translated path, on both sides of it: as the client's dialect it
 * decodes the request and renders the answer (a stream, or one body folded from the same events); as
 * the backend's it encodes the request and decodes the answer. One object per dialect, so N dialects
 * need N of these, never N² translators.
 */
import type { Operation } from "./contract.ts";
import type { AirlockError } from "./error.ts";
import type { CanonicalEvent } from "./events.ts";
import type { CanonicalRequest } from "./request.ts";

/** How a request translated into a backend's dialect is written, where servers of it differ. */
export type EncodeOptions = {
  /** Open-weight chat templates often know no `developer` role. */
  readonly developerRole?: "developer" | "system";
  readonly maxTokensField?: "max_tokens" | "max_completion_tokens";
  /** Anthropic requires `max_tokens`; this fills it when the client set no limit. */
  readonly defaultMaxTokens?: number;
};

/** Parsed upstream stream events (SSE `data` JSON) -> canonical events. */
export type StreamDecoder = {
  push(event: unknown): CanonicalEvent[];
  /**
   * A fast path on an event's raw `data` text, for a decoder that can read its common events without
   * JSON.parse: their canonical events, or undefined, and the caller parses the text and calls push().
   */
  pushText?(data: string): CanonicalEvent[] | undefined;
  /** At the end of the upstream stream: an error event if the answer never finished. */
  end(): CanonicalEvent[];
};

/** Canonical events -> the client's SSE text; each call returns whole events (possibly none). */
export type StreamWriter = {
  render(event: CanonicalEvent): string;
  /** The stream's last words after a normal end (`[DONE]`, a terminal event); empty once over. */
  end(): string;
  /** A failure after the first byte, as the dialect's in-band error; then the stream is over. */
  fail(error: AirlockError): string;
};

/** The dialect on the backend's side of the translated path. */
export type BackendDialect = {
  /** The backend operation that takes this dialect's requests. */
  readonly operation: Operation;
  encodeRequest(request: CanonicalRequest, options: EncodeOptions): Record<string, unknown>;
  createStreamDecoder(): StreamDecoder;
  /** A whole (non-streaming) upstream answer -> the events a stream of it would decode to. */
  decodeResponse(body: unknown): CanonicalEvent[];
};

/** The dialect on the client's side of the translated path. */
export type ClientDialect = {
  decodeRequest(body: unknown): CanonicalRequest;
  createStreamWriter(request: CanonicalRequest): StreamWriter;
  /** The non-streaming answer, folded from the same events; throws the error a failed answer is. */
  collect(events: AsyncIterable<CanonicalEvent>, request: CanonicalRequest): Promise<unknown>;
};

/** A dialect agents speak to airlock and backends speak to it: both sides. */
export type Dialect = BackendDialect & ClientDialect;
