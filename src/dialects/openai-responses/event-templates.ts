/**
 * The SSE text of the Responses events a stream writes once or a few times per answer — the opening
 * response, an item's opening and closing events, the terminal response — filled in from templates.
 * Each template is cut (cut-template.ts), once per process, from what the object path writes for
 * sentinel values (template-marks.ts): output-items.ts and response-object.ts build the events,
 * format-sse.ts serialises them. Filling one is a few string joins, where building those objects and
 * serialising them whole was most of what a short answer cost to write.
 */
import { cutTemplate, fill, type Template } from "./cut-template.ts";
import { defaultEcho, echoJsonBody } from "./echo.ts";
import { formatResponsesEvent } from "./format-sse.ts";
import { mapResponsesUsage } from "./map-usage.ts";
import {
  closeEvents,
  type ItemState,
  itemOf,
  openEvents,
  sequenced,
  type Unsequenced,
} from "./output-items.ts";
import { quoteJson } from "./quote-json.ts";
import { responseObject } from "./response-object.ts";
import type { ResponseHead } from "./stream-sink.ts";
import { markOf, sampleItem, sentinel } from "./template-marks.ts";
import type { ItemStatus, ResponseStatus, ResponsesStreamEvent } from "./wire.ts";

type Kind = ItemState["kind"];

/** The SSE text of a run of events, numbered with the sequence sentinels. */
function sse(events: readonly Unsequenced[]): string {
  return events.map((event, i) => formatResponsesEvent(sequenced(event, sentinel.seq[i] ?? -1))).join("");
}

// --- items --------------------------------------------------------------------------------------

function itemSample(kind: Kind): string {
  return JSON.stringify(itemOf(sampleItem(kind, sentinel.text), "completed"));
}

/**
 * An item's holes, in cutting order. The item's own JSON comes first: in `output_item.done` it is one
 * hole, filled with the JSON written once for the terminal response as well. A status has no
 * sentinel that fits its type; an item holds no other `"completed"`.
 */
function itemMarks(kind: Kind): string[] {
  const { seq, id, index, text, callId, name } = sentinel;
  return [
    itemSample(kind),
    ...seq.map(markOf),
    markOf(id),
    markOf(index),
    markOf(text),
    markOf("completed"),
  ].concat(kind === "call" ? [markOf(callId), markOf(name)] : []);
}

/** The values for itemMarks, in its order. */
function itemValues(state: ItemState, seq: number, text: string, status: string, item = ""): string[] {
  const values = [
    item,
    `${seq}`,
    `${seq + 1}`,
    `${seq + 2}`,
    quoteJson(state.id),
    `${state.index}`,
    text,
    status,
  ];
  if (state.kind === "call") values.push(quoteJson(state.callId), quoteJson(state.name));
  return values;
}

type ItemTemplates = {
  readonly item: Template;
  readonly open: Template;
  readonly opens: number;
  readonly close: Template;
  readonly closes: number;
};

function itemTemplates(kind: Kind): ItemTemplates {
  const marks = itemMarks(kind);
  // An item opens empty and in progress; it closes with its text and a final status.
  const opened = openEvents(sampleItem(kind, ""));
  const closed = closeEvents(sampleItem(kind, sentinel.text), "completed");
  return {
    // Not the item's own mark, which is all of it.
    item: cutTemplate(itemSample(kind), [undefined, ...marks.slice(1)]),
    open: cutTemplate(sse(opened), marks),
    opens: opened.length,
    close: cutTemplate(sse(closed), marks),
    closes: closed.length,
  };
}

const itemTemplatesOf: Readonly<Record<Kind, ItemTemplates>> = {
  message: itemTemplates("message"),
  reasoning: itemTemplates("reasoning"),
  call: itemTemplates("call"),
};

/** The item as `output_item.done` and the terminal response list it; `text` is JSON of its text. */
export function itemJson(state: ItemState, status: ItemStatus, text = JSON.stringify(state.text)): string {
  return fill(itemTemplatesOf[state.kind].item, itemValues(state, 0, text, `"${status}"`));
}

/** The item's opening events from sequence number `seq`, and how many they are. */
export function openSse(state: ItemState, seq: number): { readonly sse: string; readonly count: number } {
  const t = itemTemplatesOf[state.kind];
  return { sse: fill(t.open, itemValues(state, seq, "", "")), count: t.opens };
}

/** The item's closing events from `seq`, how many they are, and the item's JSON within them. */
export function closeSse(
  state: ItemState,
  status: ItemStatus,
  seq: number,
): { readonly sse: string; readonly count: number; readonly item: string } {
  const t = itemTemplatesOf[state.kind];
  const text = JSON.stringify(state.text);
  const item = itemJson(state, status, text);
  return { sse: fill(t.close, itemValues(state, seq, text, "", item)), count: t.closes, item };
}

// --- responses ----------------------------------------------------------------------------------

/** The response's own fields as JSON text, beyond its head. */
export type ResponseJson = {
  readonly status: ResponseStatus;
  readonly error: string;
  readonly incomplete: string;
  readonly output: string;
  readonly usage: string;
};

const responseSample = responseObject(
  { id: sentinel.id, model: sentinel.model, created: sentinel.created },
  defaultEcho,
  {
    status: "failed",
    error: { code: sentinel.callId, message: sentinel.text },
    incomplete_details: { reason: "content_filter" },
    output: [itemOf(sampleItem("call", sentinel.text), "completed")],
    usage: mapResponsesUsage({ inputTokens: 3_000_000_001, outputTokens: 3_000_000_002 }),
  },
);

/** Whole values first (the output holds an id sentinel too), then the head's and the status. */
const responseMarks = [
  `,${echoJsonBody(defaultEcho)},`,
  JSON.stringify(responseSample.output),
  JSON.stringify(responseSample.error),
  JSON.stringify(responseSample.incomplete_details),
  JSON.stringify(responseSample.usage),
  markOf(sentinel.id),
  markOf(sentinel.created),
  markOf(sentinel.model),
  markOf("failed"),
];

const responseTemplate = cutTemplate(JSON.stringify(responseSample), responseMarks);

/**
 * A response object's JSON. `echo` is the stream's echoJsonBody, which the template's commas
 * surround: an echo with no fields would leave one too many.
 */
export function responseJson(echo: string, head: ResponseHead, json: ResponseJson): string {
  return fill(responseTemplate, [
    echo === "" ? "," : `,${echo},`,
    json.output,
    json.error,
    json.incomplete,
    json.usage,
    quoteJson(head.id),
    JSON.stringify(head.created),
    quoteJson(head.model),
    `"${json.status}"`,
  ]);
}

type ResponseEventType = Extract<ResponsesStreamEvent, { response: unknown }>["type"];

/** An event around its response (whole) and its sequence number. */
function eventTemplate(type: ResponseEventType): Template {
  const marks = [JSON.stringify(responseSample), markOf(sentinel.seq[0])];
  return cutTemplate(sse([{ type, response: responseSample }]), marks);
}

const eventTemplates: Readonly<Record<ResponseEventType, Template>> = {
  "response.created": eventTemplate("response.created"),
  "response.in_progress": eventTemplate("response.in_progress"),
  "response.completed": eventTemplate("response.completed"),
  "response.incomplete": eventTemplate("response.incomplete"),
  "response.failed": eventTemplate("response.failed"),
};

/** A `response.*` event carrying `response` (responseJson's). */
export function responseSse(type: ResponseEventType, seq: number, response: string): string {
  return fill(eventTemplates[type], [response, `${seq}`]);
}
