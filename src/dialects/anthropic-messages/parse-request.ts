/**
 * Narrows a Messages (or count_tokens) request body just enough to route it. A backend that takes
 * Messages gets every field as the client sent it (`cache_control`, thinking signatures, beta
 * features' fields); the translated path parses it fully (decode-request.ts). A missing model is left
 * to the router, as on the OpenAI endpoints: the configured default model, or a 400 naming `model`.
 */
import { narrowRoutable, type RoutableBody } from "../routable-body.ts";

export function parseMessagesRequest(body: unknown): RoutableBody {
  return narrowRoutable(body, "a Messages API request");
}
