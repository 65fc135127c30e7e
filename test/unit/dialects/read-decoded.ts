/**
 * What decoding reads of a value, for the tests that hold a hand-written check to its zod schema: its
 * fields, key order aside, and without `__proto__` keys (nothing reads them). The records decoding
 * passes on whole (`whole`: metadata, tool parameters) are compared as they serialise.
 */
export function readDecoded(value: unknown, whole: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((one) => readDecoded(one, whole));
  if (typeof value !== "object" || value === null) return value;
  return Object.entries(value)
    .filter(([key]) => key !== "__proto__")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, one]) => [key, whole.includes(key) ? JSON.stringify(one) : readDecoded(one, whole)]);
}
