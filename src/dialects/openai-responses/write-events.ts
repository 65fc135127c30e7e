/**
 * The Responses renderer's events as the SSE text a streaming client reads, written from templates
 * (event-templates.ts, delta-template.ts) rather than built as objects and serialised: the same bytes
 * as formatResponsesEvent of build-events.ts's objects, which the tests hold this to. What the stream
 * repeats is written once: the request's echo for every `response.*` event, each closed item's JSON
 * for the terminal response's output.
 */
import {
  type DeltaBodyTemplate,
  type DeltaPieces,
  type DeltaTemplate,
  deltaBodyTemplate,
  deltaPieces,
  deltaTemplate,
} from "./delta-template.ts";
import { echoJsonBody } from "./echo.ts";
import { closeSse, itemJson, openSse, responseJson, responseSse } from "./event-templates.ts";
import { formatResponsesEvent } from "./format-sse.ts";
import type { ItemState } from "./output-items.ts";
import type { ResponsesSink } from "./stream-sink.ts";
import type { ResponseEcho } from "./wire.ts";

export type EventWriter = ResponsesSink & {
  /** The SSE text written since the last take(). */
  take(): string;
  /**
   * A text delta of the open message as its event's bytes, the delta given as the JSON string body
   * the upstream wrote, bytes[start, end) (the renderer keeps the text: ResponsesStream.continueText).
   */
  textBody(state: ItemState, bytes: Uint8Array, start: number, end: number): Uint8Array;
};

export function createEventWriter(echoed: ResponseEcho): EventWriter {
  const echo = echoJsonBody(echoed);
  let seq = 0;
  let out = "";
  /** Closed items' JSON, which the terminal response lists again. */
  const closedJson = new Map<ItemState, string>();
  // The last item's templates: deltas come in runs for one item, rarely interleaved (tool calls).
  let deltaItem: ItemState | undefined;
  let writeDelta: DeltaTemplate | undefined;
  const deltaTemplates = new Map<ItemState, DeltaTemplate>();
  let bodyItem: ItemState | undefined;
  let writeBody: DeltaBodyTemplate | undefined;
  /** The text message's pieces, which both its text and its byte template are made from. */
  let pieces: { readonly state: ItemState; readonly pieces: DeltaPieces } | undefined;
  const piecesOf = (state: ItemState) => {
    if (pieces?.state !== state) pieces = { state, pieces: deltaPieces(state) };
    return pieces.pieces;
  };

  return {
    opening(head) {
      const json = {
        status: "in_progress",
        error: "null",
        incomplete: "null",
        output: "[]",
        usage: "null",
      } as const;
      // One response for both events: nothing changes between them.
      const response = responseJson(echo, head, json);
      out += responseSse("response.created", seq, response);
      out += responseSse("response.in_progress", seq + 1, response);
      seq += 2;
    },
    opened(state) {
      const { sse, count } = openSse(state, seq);
      out += sse;
      seq += count;
    },
    delta(state, delta) {
      if (state !== deltaItem || writeDelta === undefined) {
        writeDelta = deltaTemplates.get(state) ?? deltaTemplate(piecesOf(state));
        deltaTemplates.set(state, writeDelta);
        deltaItem = state;
      }
      out += writeDelta(seq++, delta);
    },
    closed(state, status) {
      const { sse, count, item } = closeSse(state, status, seq);
      out += sse;
      seq += count;
      closedJson.set(state, item);
    },
    ended(head, ending) {
      const { terminal, error, usage } = ending;
      const output = ending.output.map(
        ({ state, status }) => closedJson.get(state) ?? itemJson(state, status),
      );
      const json = {
        status: terminal.status,
        error: error === null ? "null" : JSON.stringify(error),
        incomplete: terminal.incomplete === null ? "null" : JSON.stringify({ reason: terminal.incomplete }),
        output: `[${output.join(",")}]`,
        usage: usage === null ? "null" : JSON.stringify(usage),
      };
      out += responseSse(terminal.type, seq++, responseJson(echo, head, json));
    },
    failed(message) {
      out += formatResponsesEvent({
        type: "error",
        sequence_number: seq++,
        code: "server_error",
        message,
        param: null,
      });
    },
    nextSequence: () => seq,
    take() {
      const text = out;
      out = "";
      return text;
    },
    textBody(state, bytes, start, end) {
      if (state !== bodyItem || writeBody === undefined) {
        writeBody = deltaBodyTemplate(piecesOf(state));
        bodyItem = state;
      }
      return writeBody(seq++, bytes, start, end);
    },
  };
}
