/**
 * A `generateContent` request -> the canonical request, for an agent that speaks Gemini routed to a
 * backend that does not. The model and streaming come from the URL, so the caller passes them.
 * Function calls get ids (their own `id`, or one made from their position); a function response
 * answers the earliest unanswered call of its name, as Gemini matches them. A response whose only
 * field is the string `output` is that text; any other response object is its JSON.
 * Refused: tools other than function declarations (Google Search, code execution, retrieval run on
 * Google's side) and `candidateCount` above 1. Thought parts in the history are dropped. Schemas in
 * `parameters` (OpenAPI, types often in capitals) have their types lower-cased to JSON Schema's.
 */
import type {
  CanonicalRequest,
  ContentPart,
  OutputFormat,
  ToolChoice,
  ToolDefinition,
  Turn,
} from "../../canonical/request.ts";
import { narrowRequest, refuse } from "../openai-chat/narrow.ts";
import { effortOfBudget, effortOfLevel } from "./map-thinking.ts";
import { type GeminiPartIn, geminiRequest } from "./request-schema.ts";

const emptyParameters = { type: "object", properties: {} };

export type GeminiDecodeOptions = { readonly model: string; readonly stream: boolean };

export function decodeGeminiRequest(body: unknown, options: GeminiDecodeOptions): CanonicalRequest {
  const r = narrowRequest(geminiRequest, body, "generateContent request");
  const g = r.generationConfig;
  if ((g?.candidateCount ?? 1) > 1)
    throw refuse("generationConfig.candidateCount", "only one candidate can be translated");
  const tools: ToolDefinition[] = (r.tools ?? []).flatMap((t, i) => {
    if (t.functionDeclarations == null)
      throw refuse(`tools[${i}]`, "only function declarations can be translated");
    return t.functionDeclarations.map((f) => ({
      name: f.name,
      ...(f.description == null ? {} : { description: f.description }),
      parameters:
        f.parametersJsonSchema ??
        (f.parameters == null ? undefined : lowerTypes(f.parameters)) ??
        emptyParameters,
      strict: false,
    }));
  });
  const mode = r.toolConfig?.functionCallingConfig;
  const choice = mode?.mode == null ? undefined : decodeMode(mode.mode, mode.allowedFunctionNames ?? []);
  const output = decodeFormat(g?.responseMimeType, g?.responseSchema ?? g?.responseJsonSchema);
  const thinking = g?.thinkingConfig;
  const effort =
    thinking?.thinkingLevel != null
      ? effortOfLevel(thinking.thinkingLevel)
      : thinking?.thinkingBudget != null
        ? effortOfBudget(thinking.thinkingBudget)
        : undefined;
  const instructions = (r.systemInstruction?.parts ?? []).flatMap((p) =>
    p.text == null || p.text === "" ? [] : [{ role: "system" as const, text: p.text }],
  );
  return {
    model: options.model,
    instructions,
    turns: decodeContents(r.contents),
    tools,
    ...(choice === undefined ? {} : { toolChoice: choice }),
    ...(g?.temperature == null ? {} : { temperature: g.temperature }),
    ...(g?.topP == null ? {} : { topP: g.topP }),
    ...(g?.maxOutputTokens == null ? {} : { maxOutputTokens: g.maxOutputTokens }),
    ...(g?.stopSequences == null || g.stopSequences.length === 0 ? {} : { stop: g.stopSequences }),
    ...(output === undefined ? {} : { output }),
    ...(effort === undefined ? {} : { reasoningEffort: effort }),
    stream: options.stream,
    includeUsage: options.stream,
  };
}

function decodeMode(mode: string, allowed: readonly string[]): ToolChoice {
  if (mode === "NONE") return { type: "none" };
  if (mode !== "ANY") return { type: "auto" };
  const only = allowed[0];
  return allowed.length === 1 && only !== undefined ? { type: "tool", name: only } : { type: "required" };
}

function decodeFormat(
  mime: string | null | undefined,
  schema: Record<string, unknown> | null | undefined,
): OutputFormat | undefined {
  if (mime !== "application/json") return undefined;
  return schema == null
    ? { type: "json_object" }
    : { type: "json_schema", name: "response", schema, strict: false };
}

function decodeContents(
  contents: readonly { role?: string | null | undefined; parts?: GeminiPartIn[] | null | undefined }[],
): Turn[] {
  const turns: Turn[] = [];
  const unanswered: { id: string; name: string }[] = [];
  let calls = 0;
  for (const c of contents) {
    const model = c.role === "model";
    let parts: ContentPart[] = [];
    const flush = () => {
      if (parts.length === 0) return;
      if (model)
        turns.push({
          type: "message",
          role: "assistant",
          content: parts.flatMap((p) => (p.type === "text" ? [p] : [])),
        });
      else turns.push({ type: "message", role: "user", content: parts });
      parts = [];
    };
    for (const p of c.parts ?? []) {
      if (p.functionCall != null) {
        flush();
        const id = p.functionCall.id ?? `call_${calls}`;
        calls++;
        unanswered.push({ id, name: p.functionCall.name });
        turns.push({
          type: "tool-call",
          id,
          name: p.functionCall.name,
          arguments: JSON.stringify(p.functionCall.args ?? {}),
        });
      } else if (p.functionResponse != null) {
        flush();
        const { name, response } = p.functionResponse;
        const at = unanswered.findIndex((call) => call.name === name);
        const callId =
          at < 0 ? (p.functionResponse.id ?? `call_${name}`) : (unanswered.splice(at, 1)[0]?.id ?? "");
        const output = response?.output;
        const text =
          typeof output === "string" && Object.keys(response ?? {}).length === 1
            ? output
            : JSON.stringify(response ?? {});
        turns.push({ type: "tool-result", callId, content: text === "" ? [] : [{ type: "text", text }] });
      } else if (p.text != null && p.thought !== true) {
        if (p.text !== "") parts.push({ type: "text", text: p.text });
      } else if (p.inlineData != null) {
        const { mimeType, data } = p.inlineData;
        parts.push(
          mimeType.startsWith("image/")
            ? { type: "image", source: { kind: "data", mediaType: mimeType, data } }
            : { type: "file", data: `data:${mimeType};base64,${data}` },
        );
      } else if (p.fileData != null) {
        const url = p.fileData.fileUri;
        parts.push(
          (p.fileData.mimeType ?? "").startsWith("image/")
            ? { type: "image", source: { kind: "url", url } }
            : { type: "file", url },
        );
      }
    }
    flush();
  }
  return turns;
}

/** Gemini's OpenAPI schemas may spell types in capitals (`OBJECT`); JSON Schema wants them lower-case. */
function lowerTypes(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === "type" && typeof value === "string" ? value.toLowerCase() : value,
  ) as Record<string, unknown>;
}
