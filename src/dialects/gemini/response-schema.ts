/**
 * zod schemas for what a Gemini backend sends: `GenerateContentResponse` objects, whole or as the
 * chunks of `streamGenerateContent?alt=sse`, and the error object Vertex may stream in their place.
 * Loose and forgiving: chunks omit what has not changed.
 * Reference: https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerateContentResponse
 */
import { z } from "zod";

const count = z.number().nullish();

export const partSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  functionCall: z
    .looseObject({
      id: z.string().nullish(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: count,
  candidatesTokenCount: count,
  cachedContentTokenCount: count,
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
});

export const chunkSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        index: z.int().nullish(),
        content: z.looseObject({ parts: z.array(partSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
        finishMessage: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: usageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
  createTime: z.string().nullish(),
  error: z.looseObject({ message: z.string().nullish(), status: z.string().nullish() }).nullish(),
});

export type GeminiChunkIn = z.infer<typeof chunkSchema>;
