/**
 * The field checks the hand-written request checks (openai-chat/check-request.ts,
 * openai-responses/check-request.ts) are made of. Each passes a value only where the zod type it
 * stands for (`z.string().nullish()`, `z.int().nonnegative().nullish()`, …) takes it as it is.
 */

type Loose = Readonly<Record<string, unknown>>;

/** zod's objects are not arrays. */
export function isRecord(value: unknown): value is Loose {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A record zod's copy of would equal: no own `__proto__` key. */
export function isCopyable(value: unknown): value is Loose {
  return isRecord(value) && !Object.hasOwn(value, "__proto__");
}

export const isAbsent = (value: unknown) => value === undefined || value === null;
export const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";
export const isNullishString = (value: unknown) => isAbsent(value) || typeof value === "string";
export const isNullishBoolean = (value: unknown) => isAbsent(value) || typeof value === "boolean";
/** zod's numbers are finite. */
export const isNullishNumber = (value: unknown) => isAbsent(value) || Number.isFinite(value);
export const isNullishArray = (value: unknown) => isAbsent(value) || Array.isArray(value);

export function isStringRecord(value: unknown): boolean {
  return isCopyable(value) && Object.values(value).every((field) => typeof field === "string");
}

/** `z.int().nonnegative().nullish()`: zod's ints are safe integers. */
export const isNullishCount = (value: unknown) =>
  isAbsent(value) || (Number.isSafeInteger(value) && Number(value) >= 0);

/** `z.array(z.string())`. */
export const isStringArray = (value: unknown) =>
  Array.isArray(value) && value.every((one) => typeof one === "string");
