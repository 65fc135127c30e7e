/**
 * What airlock writes in the Gemini dialect: `generateContent` / `streamGenerateContent` request bodies
 * for Gemini on Vertex AI. Plain types: airlock builds these (see response-schema.ts and
 * request-schema.ts for what comes in). Field names are the REST API's camelCase JSON.
 * Reference: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */

export type GeminiPartOut =
  | { text: string; thought?: boolean }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } }
  | { functionCall: { name: string; args: Readonly<Record<string, unknown>> }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Readonly<Record<string, unknown>> } };

export type GeminiContentOut = { role: "user" | "model"; parts: GeminiPartOut[] };

export type GeminiFunctionDeclarationOut = {
  name: string;
  description?: string;
  parameters?: Readonly<Record<string, unknown>>;
};

export type GeminiFunctionCallingMode = "AUTO" | "ANY" | "NONE";

export type GeminiGenerationConfigOut = {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseSchema?: Readonly<Record<string, unknown>>;
  thinkingConfig?: { thinkingBudget: number; includeThoughts?: boolean };
};

export type GeminiRequestOut = {
  contents: GeminiContentOut[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: GeminiFunctionDeclarationOut[] }[];
  toolConfig?: {
    functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
  };
  generationConfig?: GeminiGenerationConfigOut;
};
