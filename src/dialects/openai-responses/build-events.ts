/**
 * The Responses renderer's events as objects: what the non-streaming answer is folded from, and the
 * plain reference every faster way of writing the stream is tested against (JSON.stringify of these,
 * in format-sse.ts, is what a client must receive).
 */
import { closeEvents, deltaEvent, itemOf, openEvents, sequenced, type Unsequenced } from "./output-items.ts";
import { responseObject } from "./response-object.ts";
import type { ResponsesSink } from "./stream-sink.ts";
import type { ResponseEcho, ResponsesStreamEvent } from "./wire.ts";

export type EventBuilder = ResponsesSink & {
  /** The events written since the last take(). */
  take(): ResponsesStreamEvent[];
};

export function createEventBuilder(echo: ResponseEcho): EventBuilder {
  let seq = 0;
  let batch: ResponsesStreamEvent[] = [];
  const push = (events: readonly Unsequenced[]) => {
    for (const event of events) batch.push(sequenced(event, seq++));
  };

  return {
    opening(head) {
      // One object for both: nothing changes it later.
      const response = responseObject(head, echo, {
        status: "in_progress",
        error: null,
        incomplete_details: null,
        output: [],
        usage: null,
      });
      push([
        { type: "response.created", response },
        { type: "response.in_progress", response },
      ]);
    },
    opened: (state) => push(openEvents(state)),
    delta: (state, delta) => push([deltaEvent(state, delta)]),
    closed: (state, status) => push(closeEvents(state, status)),
    ended(head, { terminal, error, usage, output }) {
      const response = responseObject(head, echo, {
        status: terminal.status,
        error,
        incomplete_details: terminal.incomplete === null ? null : { reason: terminal.incomplete },
        output: output.map((entry) => itemOf(entry.state, entry.status)),
        usage,
      });
      push([{ type: terminal.type, response }]);
    },
    failed: (message) => push([{ type: "error", code: "server_error", message, param: null }]),
    nextSequence: () => seq,
    take() {
      const out = batch;
      batch = [];
      return out;
    },
  };
}
