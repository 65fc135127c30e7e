/**
 * A whole `chat.completion` -> the canonical events a stream of it would decode to, so a backend's
 * non-streaming answer takes the same path as a streamed one (and collect() folds it back).
 */
import { z } from "zod";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { chatUsageSchema } from "./decode-stream.ts";
import { decodeChatFinishReason, decodeChatUsage } from "./decode-usage.ts";
import { narrowUpstream } from "./narrow.ts";

const completionSchema = z.looseObject({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.int().nullish(),
      message: z.looseObject({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string(),
              function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: chatUsageSchema.nullish(),
});

export function decodeChatCompletion(body: unknown): CanonicalEvent[] {
  const completion = narrowUpstream(completionSchema, body, "chat completion");
  const events: CanonicalEvent[] = [
    {
      type: "start",
      id: completion.id ?? "",
      model: completion.model ?? "",
      created: completion.created ?? 0,
    },
  ];
  const choice = completion.choices.find((c) => (c.index ?? 0) === 0);
  const message = choice?.message;
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (reasoning != null && reasoning !== "") events.push({ type: "reasoning-delta", text: reasoning });
  if (message?.content != null && message.content !== "")
    events.push({ type: "text-delta", text: message.content });
  if (message?.refusal != null && message.refusal !== "")
    events.push({ type: "text-delta", text: message.refusal });
  (message?.tool_calls ?? []).forEach((call, index) => {
    events.push({ type: "tool-call-start", index, id: call.id, name: call.function.name });
    const args = call.function.arguments;
    if (args != null && args !== "") events.push({ type: "tool-call-delta", index, arguments: args });
    events.push({ type: "tool-call-end", index });
  });
  events.push({ type: "finish", reason: decodeChatFinishReason(choice?.finish_reason ?? "stop") });
  if (completion.usage != null) events.push({ type: "usage", usage: decodeChatUsage(completion.usage) });
  return events;
}
