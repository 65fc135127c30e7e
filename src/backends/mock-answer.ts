/**
 * The mock backend's answer to a Chat Completions request: deterministic, no network. It echoes the
 * last user message word by word, calls a tool when tools are offered and the user asks for one (by
 * naming it, or saying "tool"/"call"/"use"), and reports a tool's result back as text.
 */
import { createHash } from "node:crypto";
import type { CanonicalEvent } from "../canonical/events.ts";

type Message = { role?: unknown; content?: unknown };
type Tool = { function?: { name?: unknown; parameters?: unknown } };
type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: unknown };

export function mockAnswer(payload: Readonly<Record<string, unknown>>, model: string): CanonicalEvent[] {
  const messages = (Array.isArray(payload.messages) ? payload.messages : []) as Message[];
  const last = messages.at(-1);
  const userText = textOf([...messages].reverse().find((m) => m.role === "user")?.content);
  const inputTokens = Math.ceil(JSON.stringify(messages).length / 4);
  const id = `chatcmpl-mock-${createHash("sha256").update(JSON.stringify(messages)).digest("hex").slice(0, 16)}`;
  const events: CanonicalEvent[] = [{ type: "start", id, model, created: Math.floor(Date.now() / 1000) }];

  const tool = last?.role === "user" ? chooseTool(payload, userText) : undefined;
  if (tool !== undefined) {
    const args = JSON.stringify(argumentsFor(tool.parameters, userText));
    const half = Math.ceil(args.length / 2);
    events.push(
      { type: "tool-call-start", index: 0, id: `call_${id.slice(-16)}`, name: tool.name },
      { type: "tool-call-delta", index: 0, arguments: args.slice(0, half) },
      { type: "tool-call-delta", index: 0, arguments: args.slice(half) },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { inputTokens, outputTokens: Math.ceil(args.length / 4) } },
      { type: "finish", reason: "tool_calls" },
    );
    return events;
  }

  const reply =
    last?.role === "tool"
      ? `The tool returned: ${textOf(last.content).slice(0, 200)}`
      : userText === ""
        ? "Hello from the airlock mock backend."
        : `You said: ${userText}`;
  const words = reply.match(/\S+\s*/g) ?? [reply];
  const limit = maxTokens(payload);
  const kept = limit === undefined ? words : words.slice(0, limit);
  for (const word of kept) events.push({ type: "text-delta", text: word });
  events.push(
    { type: "usage", usage: { inputTokens, outputTokens: kept.length } },
    { type: "finish", reason: kept.length < words.length ? "length" : "stop" },
  );
  return events;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { type?: unknown; text?: unknown }) => (typeof part?.text === "string" ? part.text : ""))
    .join("");
}

function maxTokens(payload: Readonly<Record<string, unknown>>): number | undefined {
  const value = payload.max_completion_tokens ?? payload.max_tokens;
  return typeof value === "number" && value > 0 ? value : undefined;
}

function chooseTool(payload: Readonly<Record<string, unknown>>, text: string) {
  const tools = (Array.isArray(payload.tools) ? payload.tools : []) as Tool[];
  const offered = tools.flatMap((t) =>
    typeof t?.function?.name === "string"
      ? [{ name: t.function.name, parameters: t.function.parameters }]
      : [],
  );
  const choice = payload.tool_choice as { function?: { name?: unknown } } | string | undefined;
  if (offered.length === 0 || choice === "none") return undefined;
  if (typeof choice === "object" && choice !== null) {
    const forced = offered.find((t) => t.name === choice.function?.name);
    if (forced) return forced;
  }
  const named = offered.find((t) => text.toLowerCase().includes(t.name.toLowerCase()));
  if (named) return named;
  return choice === "required" || /\b(tool|call|use)\b/i.test(text) ? offered[0] : undefined;
}

/** Fills the schema's required properties (or all) with plain values of the right type. */
function argumentsFor(parameters: unknown, text: string): Record<string, unknown> {
  const schema = (parameters ?? {}) as Schema;
  const properties = schema.properties ?? {};
  const names = Array.isArray(schema.required) ? schema.required.map(String) : Object.keys(properties);
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const type = properties[name]?.type;
    values[name] =
      type === "number" || type === "integer"
        ? 1
        : type === "boolean"
          ? true
          : type === "array"
            ? []
            : type === "object"
              ? {}
              : text;
  }
  return values;
}
