/**
 * Hand-written checks for the shapes every Responses stream goes through — each event's `type`, the
 * many delta events' index and text, the few lifecycle and item events' response and item — at a
 * fraction of zod's cost per event. Each accepts what its zod schema in wire-schema.ts accepts, or
 * less: what does not fit falls back to that schema, which names what was wrong.
 */
import { isAbsent, isNullishNumber, isNullishString, isRecord } from "../check-fields.ts";
import type { OutputItemIn, ResponseIn } from "./wire-schema.ts";

type Loose = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null;
}

export function typeOf(raw: unknown): string | undefined {
  return isObject(raw) && typeof raw.type === "string" ? raw.type : undefined;
}

export function plainDelta(raw: unknown): { output_index: number; delta: string } | undefined {
  if (!isObject(raw)) return undefined;
  const { output_index: index, delta, item_id: itemId } = raw;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || typeof delta !== "string") {
    return undefined;
  }
  if (itemId !== undefined && itemId !== null && typeof itemId !== "string") return undefined;
  return { output_index: index, delta };
}

/** A JSON object whose listed fields are each nullish or of their type. */
function fieldsOk(value: unknown, fields: Readonly<Record<string, "string" | "number">>): value is Loose {
  if (!isRecord(value)) return false;
  for (const [name, type] of Object.entries(fields)) {
    if (!(type === "number" ? isNullishNumber : isNullishString)(value[name])) return false;
  }
  return true;
}

/** Nullish, or an object fieldsOk says is one. */
const optionalObject = (value: unknown, fields: Readonly<Record<string, "string" | "number">>) =>
  isAbsent(value) || fieldsOk(value, fields);

/** Nullish, or an array whose every element passes `each`. */
const optionalArray = (value: unknown, each: (element: unknown) => boolean) =>
  isAbsent(value) || (Array.isArray(value) && value.every(each));

/** What outputItemSchema accepts, checked by hand: the item as it is, or undefined for zod to say why not. */
export function isOutputItem(value: unknown): value is OutputItemIn {
  return (
    fieldsOk(value, { id: "string", call_id: "string", name: "string", arguments: "string" }) &&
    typeof value.type === "string" &&
    optionalArray(
      value.content,
      (part) => fieldsOk(part, { text: "string", refusal: "string" }) && typeof part.type === "string",
    ) &&
    optionalArray(value.summary, (part) => fieldsOk(part, { text: "string" }))
  );
}

const countFields = { input_tokens: "number", output_tokens: "number" } as const;

/** What responseSchema accepts, checked by hand. */
export function isResponse(value: unknown): value is ResponseIn {
  return (
    fieldsOk(value, { id: "string", created_at: "number", model: "string", status: "string" }) &&
    optionalArray(value.output, isOutputItem) &&
    (isAbsent(value.usage) ||
      (fieldsOk(value.usage, countFields) &&
        optionalObject(value.usage.input_tokens_details, { cached_tokens: "number" }) &&
        optionalObject(value.usage.output_tokens_details, { reasoning_tokens: "number" }))) &&
    optionalObject(value.error, { code: "string", message: "string" }) &&
    optionalObject(value.incomplete_details, { reason: "string" })
  );
}

/** A lifecycle event's response (`response.created`, `.completed`, …) if it has the common shape. */
export function responseOf(raw: unknown): ResponseIn | undefined {
  return isObject(raw) && isResponse(raw.response) ? raw.response : undefined;
}

/** An item event's index and item (`output_item.added`, `.done`) if it has the common shape. */
export function itemEventOf(raw: unknown): { output_index: number; item: OutputItemIn } | undefined {
  if (!isObject(raw)) return undefined;
  const { output_index: index, item } = raw;
  if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0 || !isOutputItem(item))
    return undefined;
  return { output_index: index, item };
}
