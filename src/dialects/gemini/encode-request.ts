/**
 * The canonical request -> a Gemini `generateContent` body, for Gemini on Vertex AI. The model and
 * streaming are not in the body: they are the URL (`models/M:generateContent`,
 * `:streamGenerateContent?alt=sse`). Instructions are `systemInstruction`, one part each; tools are
 * one `functionDeclarations` list with schemas cleaned to what Gemini accepts (clean-schema.ts);
 * `toolChoice` is `toolConfig.functionCallingConfig` (`required` is `ANY`, a named tool `ANY` limited
 * to it); structured output is `responseMimeType: application/json` with a `responseSchema`; effort is
 * a thinking budget (map-thinking.ts), with thoughts included so reasoning can be shown.
 * Dropped: `parallelToolCalls` (Gemini decides), `user`, `metadata`, `reasoningSummary`.
 * Refused: `previous_response_id`, OpenAI file ids.
 */
import type { CanonicalRequest, OutputFormat, ToolChoice } from "../../canonical/request.ts";
import { refuse } from "../openai-chat/narrow.ts";
import { cleanParameters, cleanSchema } from "./clean-schema.ts";
import { encodeContents, type GeminiContentsOptions } from "./encode-contents.ts";
import { budgetOfEffort } from "./map-thinking.ts";
import type { GeminiGenerationConfigOut, GeminiRequestOut } from "./wire.ts";

export type GeminiEncodeOptions = GeminiContentsOptions;

export function encodeGeminiRequest(
  request: CanonicalRequest,
  options: GeminiEncodeOptions = {},
): GeminiRequestOut {
  if (request.previousResponseId !== undefined) {
    throw refuse(
      "previous_response_id",
      "airlock keeps no conversation state and this backend speaks Gemini; send the whole conversation as input",
    );
  }
  const system = request.instructions.map((i) => i.text).filter((text) => text !== "");
  const config = generationConfig(request);
  const { tools, toolChoice } = request;
  return {
    contents: encodeContents(request.turns, options),
    ...(system.length === 0 ? {} : { systemInstruction: { parts: system.map((text) => ({ text })) } }),
    ...(tools.length === 0
      ? {}
      : {
          tools: [
            {
              functionDeclarations: tools.map((t) => {
                const parameters = cleanParameters(t.parameters);
                return {
                  name: t.name,
                  ...(t.description === undefined ? {} : { description: t.description }),
                  ...(parameters === undefined ? {} : { parameters }),
                };
              }),
            },
          ],
        }),
    ...(tools.length === 0 || toolChoice === undefined ? {} : { toolConfig: encodeToolChoice(toolChoice) }),
    ...(Object.keys(config).length === 0 ? {} : { generationConfig: config }),
  };
}

function generationConfig(request: CanonicalRequest): GeminiGenerationConfigOut {
  const effort = request.reasoningEffort;
  return {
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { topP: request.topP }),
    ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
    ...(request.stop === undefined ? {} : { stopSequences: [...request.stop] }),
    ...(request.output === undefined ? {} : encodeFormat(request.output)),
    ...(effort === undefined
      ? {}
      : {
          thinkingConfig:
            effort === "none"
              ? { thinkingBudget: 0 }
              : { thinkingBudget: budgetOfEffort(effort), includeThoughts: true },
        }),
  };
}

function encodeFormat(output: OutputFormat): GeminiGenerationConfigOut {
  if (output.type === "json_object") return { responseMimeType: "application/json" };
  return { responseMimeType: "application/json", responseSchema: cleanSchema(output.schema) };
}

function encodeToolChoice(choice: ToolChoice): NonNullable<GeminiRequestOut["toolConfig"]> {
  switch (choice.type) {
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "tool":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
  }
}
