/**
 * The dialect-neutral request. A dialect's decode-request.ts builds one from its wire body and its
 * encode-request.ts renders one back, so N dialects need N adapters. Dialect defaults are resolved at
 * decode (a Chat tool's absent `strict` is `false`, a Responses tool's is `true`), so encoders write
 * every field explicitly and never lean on the other side's defaults.
 *
 * Only the translated path uses this model: same-dialect requests are passed through untouched.
 */

/** System and developer text, in request order. Dialects without positional system messages hoist them. */
export type Instruction = { readonly role: "system" | "developer"; readonly text: string };

export type TextPart = { readonly type: "text"; readonly text: string };

export type ImageSource =
  | { readonly kind: "url"; readonly url: string }
  /** Base64 bytes; wire dialects that take data URLs get `data:<mediaType>;base64,<data>`. */
  | { readonly kind: "data"; readonly mediaType: string; readonly data: string };

export type ImagePart = {
  readonly type: "image";
  readonly source: ImageSource;
  readonly detail?: "auto" | "low" | "high";
};

/** A document; at least one of `data` (a data URL), `fileId` or `url` is set. */
export type FilePart = {
  readonly type: "file";
  readonly filename?: string;
  readonly data?: string;
  readonly fileId?: string;
  readonly url?: string;
};

export type ContentPart = TextPart | ImagePart | FilePart;

export type ToolCall = {
  readonly type: "tool-call";
  /** The id the tool result answers (`call_id` in Responses, `tool_calls[].id` in Chat). */
  readonly id: string;
  readonly name: string;
  /** JSON text, as the model wrote it; never re-serialized. */
  readonly arguments: string;
};

export type ToolResult = {
  readonly type: "tool-result";
  readonly callId: string;
  readonly content: readonly ContentPart[];
};

/**
 * A Responses `reasoning` item (often with `encrypted_content`), kept as the very object the client
 * sent so it re-serializes to the same JSON. Backends that take reasoning items get it back verbatim;
 * the others drop it: it is the model's own scratch state, never content the user wrote.
 */
export type OpaqueReasoning = { readonly type: "reasoning"; readonly raw: Readonly<Record<string, unknown>> };

export type Turn =
  | { readonly type: "message"; readonly role: "user"; readonly content: readonly ContentPart[] }
  | { readonly type: "message"; readonly role: "assistant"; readonly content: readonly TextPart[] }
  | ToolCall
  | ToolResult
  | OpaqueReasoning;

export type ToolDefinition = {
  readonly name: string;
  readonly description?: string;
  /** JSON Schema of the arguments; `{ type: "object", properties: {} }` when the client gave none. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly strict: boolean;
};

export type ToolChoice =
  | { readonly type: "auto" }
  | { readonly type: "none" }
  | { readonly type: "required" }
  | { readonly type: "tool"; readonly name: string };

export type OutputFormat =
  | {
      readonly type: "json_schema";
      readonly name: string;
      readonly schema: Readonly<Record<string, unknown>>;
      readonly strict: boolean;
      readonly description?: string;
    }
  | { readonly type: "json_object" };

export type CanonicalRequest = {
  /** Empty when the client named none; routing fills in the default. */
  readonly model: string;
  readonly instructions: readonly Instruction[];
  readonly turns: readonly Turn[];
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
  readonly parallelToolCalls?: boolean;
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxOutputTokens?: number;
  readonly stop?: readonly string[];
  /** Structured output; absent means plain text. */
  readonly output?: OutputFormat;
  /** `none` … `xhigh`; kept as text so a new level passes through without a release. */
  readonly reasoningEffort?: string;
  /** Responses only (`reasoning.summary`); Chat has no way to ask for it. */
  readonly reasoningSummary?: string;
  readonly user?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly stream: boolean;
  /** Chat's `stream_options.include_usage`; the Responses API always reports usage. */
  readonly includeUsage: boolean;
  /**
   * Responses `previous_response_id`, decoded so the refusal can name it: airlock stores nothing
   * and sends `store: false`, so no encoder for a stateless backend can honour it.
   */
  readonly previousResponseId?: string;
};

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

/** A wire image URL as a canonical source: base64 data URLs become data, anything else stays a URL. */
export function imageSourceFromUrl(url: string): ImageSource {
  const match = dataUrl.exec(url);
  const mediaType = match?.[1];
  const data = match?.[2];
  return mediaType === undefined || data === undefined
    ? { kind: "url", url }
    : { kind: "data", mediaType, data };
}

/** The URL form both OpenAI dialects take: the URL itself, or a base64 data URL. */
export function urlOfImage(source: ImageSource): string {
  return source.kind === "url" ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
