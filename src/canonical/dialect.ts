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

/**
 * The bytes of a stream's common text event: `head`, then the body of a JSON string (escapes as the
 * upstream wrote them), then `tail`. An SSE event laid out so is one text delta, whose text is that
 * string; the bytes are the whole event, its framing (`data: `, the blank line) included.
 *
 * Two fields may change from event to event without changing what the event means, each cut out of
 * its part: a counter in `head` (the Responses API's `sequence_number`: a JSON integer without sign,
 * fraction or exponent goes at `head[numberAt]`), and a string in `tail` (its random `obfuscation`
 * pad: any JSON string body goes at `tail[padAt]`).
 */
export type TextEventShape = {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly numberAt?: number;
  readonly padAt?: number;
  /**
   * For a decoder that keeps count of the text it decoded: told each text body the lane took, in
   * place, bytes[start, end). The decoder is otherwise left as it was.
   */
  readonly took?: (bytes: Uint8Array, start: number, end: number) => void;
};

/** Parsed upstream stream events (SSE `data` JSON) -> canonical events. */
export type StreamDecoder = {
  push(event: unknown): CanonicalEvent[];
  /**
   * A fast path on an event's raw `data` text, for a decoder that can read its common events without
   * JSON.parse: their canonical events, or undefined, and the caller parses the text and calls push().
   */
  pushText?(data: string): CanonicalEvent[] | undefined;
  /**
   * The shape this stream's plain text events have been seen to take, while such an event would be
   * one text delta (the answer started and not finished); the caller may then read events of that
   * shape itself, without this decoder, which they leave as it was — but for the shape's `took`.
   */
  textEventShape?(): TextEventShape | undefined;
  /** At the end of the upstream stream: an error event if the answer never finished. */
  end(): CanonicalEvent[];
};

/** Canonical events -> the client's SSE text; each call returns whole events (possibly none). */
export type StreamWriter = {
  render(event: CanonicalEvent): string;
  /**
   * A text delta given as the body of a JSON string, bytes[start, end), that may be copied into a
   * JSON document as they are (json-string-body.ts checked them), written without decoding them: its
   * events as bytes, or undefined when the delta needs render() (it opens or closes something). The
   * body is given in place, in the upstream's read, with no view made of it.
   */
  renderTextBody?(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined;
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
