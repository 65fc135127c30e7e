/**
 * Gemini `generateContent` on the backend's side of the translated path (Gemini on Vertex AI). No
 * agent speaks it to airlock except through the Vertex pass-through, so it has no client side.
 */
import type { BackendDialect } from "../../canonical/dialect.ts";
import { decodeGeminiResponse } from "./decode-response.ts";
import { createGeminiStreamDecoder } from "./decode-stream.ts";
import { encodeGeminiRequest } from "./encode-request.ts";

export const gemini = {
  operation: "generate",
  encodeRequest: (request) => encodeGeminiRequest(request),
  createStreamDecoder: () => createGeminiStreamDecoder({ created: Math.floor(Date.now() / 1000) }),
  decodeResponse: (body) => decodeGeminiResponse(body, { created: Math.floor(Date.now() / 1000) }),
} satisfies BackendDialect;
