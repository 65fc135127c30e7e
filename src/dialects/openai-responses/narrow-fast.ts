/**
 * Hand-written checks for the two shapes every Responses stream event goes through — its `type`, and
 * for the many delta events their index and text — at a fraction of zod's cost per event. What does
 * not fit falls back to the zod schemas in wire-schema.ts, which name what was wrong.
 */
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
