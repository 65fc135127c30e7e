/**
 * Two agents as they talk on the wire, driven through the official `openai` SDK: a Goose-style one on
 * Chat Completions and a Codex-style one on the Responses API. Each runs one streamed, tool-using
 * turn to the end: the model calls a tool, the agent runs it (here: a canned output) and sends the
 * result back in the whole conversation, and the model answers in text.
 */
import type OpenAI from "openai";
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ResponseInputItem } from "openai/resources/responses/responses";

export type Transcript = {
  /** `name(arguments)` of every tool call the model made. */
  readonly calls: string[];
  /** The model's last text answer. */
  readonly answer: string;
  /** Stream event types (Responses) or finish reasons (chat), in order, over the whole conversation. */
  readonly seen: string[];
};

export const toolOutput = "README.md\nsrc\ntest";

/** Goose: a system prompt, `developer__shell`, streamed chat with usage, tool results as `tool` messages. */
export async function gooseConversation(client: OpenAI, model: string): Promise<Transcript> {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: "You are a general-purpose AI agent called goose." },
    { role: "user", content: "Use developer__shell to list the files here." },
  ];
  const tools = [
    {
      type: "function" as const,
      function: {
        name: "developer__shell",
        description: "Execute a command in the shell.",
        parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
      },
    },
  ];
  const calls: string[] = [];
  const seen: string[] = [];
  for (let turn = 0; turn < 4; turn++) {
    const stream = await client.chat.completions.create({
      model,
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    const pending: ChatCompletionMessageFunctionToolCall[] = [];
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.finish_reason) seen.push(choice.finish_reason);
      text += choice?.delta.content ?? "";
      for (const delta of choice?.delta.tool_calls ?? []) {
        const call = pending[delta.index] ?? {
          id: delta.id ?? "",
          type: "function",
          function: { name: delta.function?.name ?? "", arguments: "" },
        };
        pending[delta.index] = call;
        call.function.arguments += delta.function?.arguments ?? "";
      }
    }
    const toolCalls = pending.filter((call) => call !== undefined);
    if (toolCalls.length === 0) return { calls, answer: text, seen };
    messages.push({ role: "assistant", content: text === "" ? null : text, tool_calls: toolCalls });
    for (const call of toolCalls) {
      calls.push(`${call.function.name}(${call.function.arguments})`);
      messages.push({ role: "tool", tool_call_id: call.id, content: toolOutput });
    }
  }
  throw new Error("the conversation did not end");
}

/** Codex: stateless (`store: false`), instructions, a `shell` tool, the whole history as input items. */
export async function codexConversation(client: OpenAI, model: string): Promise<Transcript> {
  const input: ResponseInputItem[] = [
    { type: "message", role: "developer", content: [{ type: "input_text", text: "Sandbox: read-only." }] },
    { type: "message", role: "user", content: [{ type: "input_text", text: "Run shell: ls" }] },
  ];
  const tools = [
    {
      type: "function" as const,
      name: "shell",
      description: "Runs a shell command and returns its output.",
      strict: false,
      parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
    },
  ];
  const calls: string[] = [];
  const seen: string[] = [];
  for (let turn = 0; turn < 4; turn++) {
    const stream = await client.responses.create({
      model,
      instructions: "You are Codex, a coding agent.",
      input,
      tools,
      tool_choice: "auto",
      parallel_tool_calls: false,
      store: false,
      stream: true,
    });
    let answer = "";
    const outputs: ResponseInputItem[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === "response.output_text.delta") answer += event.delta;
      if (event.type === "response.output_item.done" && event.item.type === "function_call") {
        const { call_id, name, arguments: args } = event.item;
        calls.push(`${name}(${args})`);
        outputs.push({ type: "function_call", call_id, name, arguments: args });
        outputs.push({ type: "function_call_output", call_id, output: toolOutput });
      }
      if (event.type === "response.failed") throw new Error(event.response.error?.message ?? "failed");
    }
    if (outputs.length === 0) return { calls, answer, seen };
    input.push(...outputs);
  }
  throw new Error("the conversation did not end");
}
