/**
 * Claude Code as it talks on the wire, driven through the official `@anthropic-ai/sdk`: the beta
 * Messages API (`?beta=true`, an `anthropic-beta` list), system blocks with `cache_control`, a `Bash`
 * tool, streamed answers, and the whole conversation sent every turn with `tool_result`s.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { BetaContentBlockParam, BetaMessageParam } from "@anthropic-ai/sdk/resources/beta/messages";
import { type Transcript, toolOutput } from "./agents.ts";

/** The flags Claude Code sends with every request. */
export const claudeCodeBetas = [
  "claude-code-20250219",
  "interleaved-thinking-2025-05-14",
  "fine-grained-tool-streaming-2025-05-14",
];

/** A client as Claude Code builds one from ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN / _API_KEY. */
export function claudeCodeClient(baseURL: string, token: string, as: "api-key" | "auth-token" = "api-key") {
  return new Anthropic({
    baseURL,
    ...(as === "api-key" ? { apiKey: token } : { apiKey: null, authToken: token }),
    maxRetries: 0,
  });
}

export const bashTool = {
  name: "Bash",
  description: "Executes a given bash command.",
  input_schema: {
    type: "object" as const,
    properties: { command: { type: "string" } },
    required: ["command"],
  },
};

/**
 * One streamed, tool-using turn to its end. `seen` lists every stream event's type, with the delta's
 * type for block deltas and the stop reason for `message_delta`.
 */
export async function claudeCodeConversation(client: Anthropic, model: string): Promise<Transcript> {
  const messages: BetaMessageParam[] = [{ role: "user", content: "Use Bash to list the files here." }];
  const calls: string[] = [];
  const seen: string[] = [];
  for (let turn = 0; turn < 4; turn++) {
    const stream = await client.beta.messages.create({
      model,
      max_tokens: 32_000,
      system: [
        { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude." },
        { type: "text", text: "Be concise.", cache_control: { type: "ephemeral" } },
      ],
      messages,
      tools: [bashTool],
      metadata: { user_id: "user_loopback" },
      betas: claudeCodeBetas,
      stream: true,
    });
    let text = "";
    const uses: { id: string; name: string; json: string }[] = [];
    for await (const event of stream) {
      if (event.type === "content_block_delta") seen.push(`${event.type}:${event.delta.type}`);
      else if (event.type === "message_delta") seen.push(`${event.type}:${event.delta.stop_reason}`);
      else seen.push(event.type);
      if (event.type === "content_block_start" && event.content_block.type === "tool_use") {
        uses.push({ id: event.content_block.id, name: event.content_block.name, json: "" });
      }
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      const use = uses.at(-1);
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta" && use) {
        use.json += event.delta.partial_json;
      }
    }
    if (uses.length === 0) return { calls, answer: text, seen };
    const content: BetaContentBlockParam[] = text === "" ? [] : [{ type: "text", text }];
    for (const use of uses) {
      calls.push(`${use.name}(${use.json})`);
      content.push({ type: "tool_use", id: use.id, name: use.name, input: JSON.parse(use.json) });
    }
    messages.push({ role: "assistant", content });
    messages.push({
      role: "user",
      content: uses.map((use) => ({
        type: "tool_result" as const,
        tool_use_id: use.id,
        content: toolOutput,
      })),
    });
  }
  throw new Error("the conversation did not end");
}
