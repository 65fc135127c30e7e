/** Config -> a running backend, by kind. */
import type { Backend } from "../canonical/contract.ts";
import { AirlockError } from "../canonical/error.ts";
import { assertNever } from "../canonical/events.ts";
import type { BackendConfig } from "../config/types.ts";
import { anthropic } from "./anthropic.ts";
import { createHttpBackend } from "./http-backend.ts";
import { createMockBackend } from "./mock.ts";
import { openai } from "./openai.ts";
import { openaiCompatible } from "./openai-compatible.ts";
import { responses } from "./responses.ts";
import { createVertexBackend } from "./vertex.ts";

export function createBackend(config: BackendConfig): Backend {
  switch (config.kind) {
    case "openai":
      return createHttpBackend(config, openai);
    case "openai-compatible":
      return createHttpBackend(config, openaiCompatible);
    case "responses":
      return createHttpBackend(config, responses);
    case "anthropic":
      return createHttpBackend(config, anthropic);
    case "vertex":
      if (config.vertex === undefined) throw new AirlockError("config", "vertex settings missing");
      return createVertexBackend(config, config.vertex);
    case "mock":
      return createMockBackend(config);
    default:
      return assertNever(config.kind);
  }
}
