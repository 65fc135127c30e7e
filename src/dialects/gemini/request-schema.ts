/**
 * zod schemas for the parts of a `generateContent` request that translation reads (an agent that
 * speaks Gemini, routed to another backend). Loose: fields not named here (`safetySettings`,
 * `cachedContent`, `labels`, `topK`, `seed`, …) are dropped in translation.
 * Reference: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
import { z } from "zod";

const object = z.record(z.string(), z.unknown());

export const part = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).nullish(),
  fileData: z.looseObject({ mimeType: z.string().nullish(), fileUri: z.string() }).nullish(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string(), args: object.nullish() })
    .nullish(),
  functionResponse: z
    .looseObject({ id: z.string().nullish(), name: z.string(), response: object.nullish() })
    .nullish(),
});

const content = z.looseObject({ role: z.string().nullish(), parts: z.array(part).nullish() });

export const tool = z.looseObject({
  functionDeclarations: z
    .array(
      z.looseObject({
        name: z.string(),
        description: z.string().nullish(),
        parameters: object.nullish(),
        parametersJsonSchema: object.nullish(),
      }),
    )
    .nullish(),
});

export const geminiRequest = z.looseObject({
  contents: z.array(content),
  systemInstruction: z.looseObject({ parts: z.array(part).nullish() }).nullish(),
  tools: z.array(tool).nullish(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.string().nullish(), allowedFunctionNames: z.array(z.string()).nullish() })
        .nullish(),
    })
    .nullish(),
  generationConfig: z
    .looseObject({
      temperature: z.number().nullish(),
      topP: z.number().nullish(),
      maxOutputTokens: z.int().nullish(),
      stopSequences: z.array(z.string()).nullish(),
      candidateCount: z.int().nullish(),
      responseMimeType: z.string().nullish(),
      responseSchema: object.nullish(),
      responseJsonSchema: object.nullish(),
      thinkingConfig: z
        .looseObject({ thinkingBudget: z.int().nullish(), thinkingLevel: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});

export type GeminiPartIn = z.infer<typeof part>;
