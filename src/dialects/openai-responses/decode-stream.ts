/**
 * Parsed Responses API stream events (SSE `data:` JSON) -> canonical events. Every way a Responses
 * stream can end is translated, never dropped: `response.completed` is `stop` (or `tool_calls` when
 * the answer called tools), `response.incomplete` is `length` (`max_output_tokens`) or
 * `content_filter`, `response.failed` and `error` are error events, and a stream that just stops is
 * an error event from end(). Usage rides on the terminal event and follows `finish`.
 *
 * Shown as reasoning: `reasoning_summary_text` (OpenAI) and `reasoning_text` (gpt-oss on vLLM) deltas.
 * Ignored: hosted-tool progress, annotations, audio, `.done` events whose text the deltas carried.
 * The commonest ignored events are not even parsed (see unreadType): `in_progress` repeats the request's
 * instructions and tools, and the `.done` events of a content part repeat the whole answer's text.
 */
import type { TextEventShape } from "../../canonical/dialect.ts";
import type { CanonicalEvent } from "../../canonical/events.ts";
import { createByteBuffer } from "../../sse/byte-buffer.ts";
import { narrowUpstream } from "../openai-chat/narrow.ts";
import { createOutputItemDecoder } from "./decode-output-items.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { decodeResponsesUsage } from "./map-usage.ts";
import { itemEventOf, plainDelta, responseOf, typeOf } from "./narrow-fast.ts";
import { type LearntDelta, learnDeltaShape } from "./text-delta-shape.ts";
import {
  argumentsDoneEvent,
  deltaEvent,
  errorEvent,
  eventHead,
  itemEvent,
  lifecycleEvent,
  type ResponseIn,
  summaryPartEvent,
} from "./wire-schema.ts";

export type ResponsesStreamDecoder = {
  /** The canonical events one parsed stream event carries (often none). */
  push(event: unknown): CanonicalEvent[];
  /**
   * Sees an event's raw `data` text before it would be parsed and handed to push(): no events (and no
   * parse) for an event unreadType() names; otherwise undefined, and push() may learn the byte lane's
   * shape from the text and the parsed event (text-delta-shape.ts).
   */
  pushText(data: string): CanonicalEvent[] | undefined;
  /**
   * See StreamDecoder.textEventShape: the learnt `response.output_text.delta` of a message item still
   * open. The text the lane takes is told to `took`, and counted as streamed before anything else is
   * decoded: an item's `.done` then adds only what the deltas did not carry, as on the canonical path.
   */
  textEventShape(): TextEventShape | undefined;
  /** Call when the upstream stream ends: an error event if no terminal event came. */
  end(): CanonicalEvent[];
};

/**
 * Events decode() makes nothing of, or nothing once the answer started (the lifecycle's opening
 * events), when they are seen to be one without parsing them: the commonest of the events decode()
 * ignores, and the largest. Their JSON goes unchecked, as a client that reads only the events it
 * needs leaves it.
 */
const unreadTypes = new Set([
  "response.created",
  "response.queued",
  "response.in_progress",
  "response.content_part.added",
  "response.content_part.done",
  "response.output_text.done",
  "response.refusal.done",
  "response.reasoning_summary_part.done",
  "response.reasoning_summary_text.done",
  "response.reasoning_text.done",
]);
const startTypes = new Set(["response.created", "response.queued", "response.in_progress"]);
const typeFirst = '{"type":"';

/**
 * The event's type if its data opens with it, as OpenAI writes every event, and it is one of
 * unreadTypes; undefined otherwise (the event is parsed). The type is read up to the first quote: a
 * name written with an escape is none of these.
 */
function unreadType(data: string): string | undefined {
  if (!data.startsWith(typeFirst)) return undefined;
  const end = data.indexOf('"', typeFirst.length);
  const after = data.charCodeAt(end + 1);
  // The value must end there: `,` or `}` next.
  if (end === -1 || (after !== 0x2c && after !== 0x7d)) return undefined;
  const type = data.slice(typeFirst.length, end);
  return unreadTypes.has(type) ? type : undefined;
}

/** Failed tries to learn a delta's shape, after which a stream's deltas all take the canonical path. */
const lessons = 3;

export function createResponsesStreamDecoder(): ResponsesStreamDecoder {
  const items = createOutputItemDecoder();
  let started = false;
  let over = false;
  let learnt: (LearntDelta & { readonly shape: TextEventShape }) | undefined;
  let failedLessons = 0;
  /** The raw text of the event push() is about to get, while a shape may be learnt from it. */
  let seen: string | undefined;
  /** Text bodies the lane took for the learnt item, in their escaped form, until counted. */
  const taken = createByteBuffer();

  const learning = () =>
    failedLessons < lessons && (learnt === undefined || !items.isOpenMessage(learnt.outputIndex));

  function pushText(data: string): CanonicalEvent[] | undefined {
    const type = unreadType(data);
    if (over || (type !== undefined && (!startTypes.has(type) || started))) {
      seen = undefined;
      return [];
    }
    seen = learning() ? data : undefined;
    return undefined;
  }

  /** Counts the text the lane took as streamed: bodies it took are valid JSON string bodies. */
  function settleTaken(): void {
    if (taken.length() === 0 || learnt === undefined) return;
    const escaped = taken.take();
    items.streamed(
      learnt.outputIndex,
      escaped.includes("\\") ? (JSON.parse(`"${escaped}"`) as string) : escaped,
    );
  }

  function learn(raw: unknown): void {
    const data = seen;
    if (data === undefined || !learning()) return;
    const found = learnDeltaShape(data, raw);
    if (found === undefined) {
      failedLessons++;
      return;
    }
    learnt = { ...found, shape: { ...found.shape, took: taken.append } };
  }

  function textEventShape(): TextEventShape | undefined {
    return over || learnt === undefined || !items.isOpenMessage(learnt.outputIndex)
      ? undefined
      : learnt.shape;
  }

  function start(response: ResponseIn): CanonicalEvent[] {
    if (started) return [];
    started = true;
    return [
      {
        type: "start",
        id: response.id ?? "",
        model: response.model ?? "",
        created: response.created_at ?? 0,
      },
    ];
  }

  function finish(response: ResponseIn, status: "completed" | "incomplete"): CanonicalEvent[] {
    over = true;
    const out = [...start(response), ...items.settle(response.output ?? [])];
    const reason = decodeFinishReason(status, response.incomplete_details?.reason, items.calledTools());
    out.push({ type: "finish", reason });
    if (response.usage != null) out.push({ type: "usage", usage: decodeResponsesUsage(response.usage) });
    return out;
  }

  /** The canonical error event has no code yet (see the README's proposed change); the message stays. */
  function fail(message: string | null | undefined): CanonicalEvent[] {
    over = true;
    return [{ type: "error", message: message ?? "the backend reported an error" }];
  }

  function push(raw: unknown): CanonicalEvent[] {
    settleTaken();
    const events = decode(raw);
    // Only a text delta teaches the shape, or counts as a failed lesson.
    if (seen !== undefined && typeOf(raw) === "response.output_text.delta") learn(raw);
    seen = undefined;
    return events;
  }

  const lifecycle = (raw: unknown, what: string): ResponseIn =>
    responseOf(raw) ?? narrowUpstream(lifecycleEvent, raw, what).response;

  function decode(raw: unknown): CanonicalEvent[] {
    if (over) return [];
    const type = typeOf(raw) ?? narrowUpstream(eventHead, raw, "Responses stream event").type;
    const what = `${type} event`;
    switch (type) {
      case "response.created":
      case "response.queued":
      case "response.in_progress":
        return start(lifecycle(raw, what));
      case "response.completed":
        return finish(lifecycle(raw, what), "completed");
      case "response.incomplete":
        return finish(lifecycle(raw, what), "incomplete");
      case "response.failed": {
        const { error } = lifecycle(raw, what);
        return fail(error?.message ?? "the backend's response failed");
      }
      case "error": {
        return fail(narrowUpstream(errorEvent, raw, what).message);
      }
      case "response.output_item.added": {
        const event = itemEventOf(raw) ?? narrowUpstream(itemEvent, raw, what);
        return items.added(event.output_index, event.item);
      }
      case "response.output_item.done": {
        const event = itemEventOf(raw) ?? narrowUpstream(itemEvent, raw, what);
        return items.done(event.output_index, event.item);
      }
      case "response.output_text.delta":
      case "response.refusal.delta": {
        const event = plainDelta(raw) ?? narrowUpstream(deltaEvent, raw, what);
        return items.delta(event.output_index, "message", event.delta);
      }
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta": {
        const event = plainDelta(raw) ?? narrowUpstream(deltaEvent, raw, what);
        return items.delta(event.output_index, "reasoning", event.delta);
      }
      case "response.reasoning_summary_part.added": {
        // Summary parts read as paragraphs, the way Codex shows them.
        const event = narrowUpstream(summaryPartEvent, raw, what);
        return (event.summary_index ?? 0) > 0 ? items.delta(event.output_index, "reasoning", "\n\n") : [];
      }
      case "response.function_call_arguments.delta": {
        const event = plainDelta(raw) ?? narrowUpstream(deltaEvent, raw, what);
        return items.delta(event.output_index, "call", event.delta);
      }
      case "response.function_call_arguments.done": {
        const event = narrowUpstream(argumentsDoneEvent, raw, what);
        return items.argumentsDone(event.output_index, event.arguments);
      }
      default:
        return [];
    }
  }

  function end(): CanonicalEvent[] {
    settleTaken();
    if (over) return [];
    return fail("the backend's stream ended before the response was complete");
  }

  return { push, pushText, textEventShape, end };
}
