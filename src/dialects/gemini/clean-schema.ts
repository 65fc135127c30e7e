/**
 * JSON Schema (what OpenAI and Anthropic tools and structured outputs carry) -> the OpenAPI 3.0 subset
 * Gemini's `parameters` and `responseSchema` take. Gemini answers 400 to keywords outside the subset
 * (`additionalProperties`, `$schema`, `$ref`, `const`, `oneOf`, string formats other than `enum` and
 * `date-time`, …), so this keeps only the keywords it accepts, and rewrites the ones it can express:
 * - local `$ref`s (`#/$defs/…`, `#/definitions/…`) are inlined; a recursive one becomes a bare object;
 * - `allOf` is merged into one schema, `oneOf` is `anyOf`, `const` is a one-value `enum`;
 * - `type: [T, "null"]` and an `anyOf` member `{type: "null"}` are `nullable: true`; several types
 *   are an `anyOf`;
 * - `null` in an `enum` is `nullable: true`; an `enum` of other non-strings is dropped (Gemini enums
 *   are strings);
 * - `required` names only properties that exist.
 * Constraints that cannot be expressed are lost: the model is less constrained, never refused.
 */
type Schema = Record<string, unknown>;

const kept = new Set([
  "type",
  "title",
  "description",
  "nullable",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "propertyOrdering",
  "example",
]);

const formats: Readonly<Record<string, readonly string[]>> = {
  string: ["enum", "date-time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function cleanSchema(schema: Readonly<Record<string, unknown>>): Schema {
  const defs = { ...asSchema(schema.definitions), ...asSchema(schema.$defs) };
  return clean(schema, defs, new Set());
}

/** Function parameters: none at all when the schema takes no properties (Gemini refuses empty ones). */
export function cleanParameters(schema: Readonly<Record<string, unknown>>): Schema | undefined {
  const cleaned = cleanSchema(schema);
  const properties = cleaned.properties;
  const empty = !isSchema(properties) || Object.keys(properties).length === 0;
  return cleaned.type === "object" && empty ? undefined : cleaned;
}

function asSchema(value: unknown): Schema {
  return isSchema(value) ? value : {};
}

function clean(node: Schema, defs: Schema, seen: ReadonlySet<string>): Schema {
  const ref =
    typeof node.$ref === "string" ? /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1] : undefined;
  if (ref !== undefined) {
    const target = defs[ref];
    if (!isSchema(target) || seen.has(ref)) return { type: "object" };
    const { $ref: _ref, ...siblings } = node;
    return clean({ ...target, ...siblings }, defs, new Set([...seen, ref]));
  }
  if (Array.isArray(node.allOf)) {
    const { allOf, ...rest } = node;
    return clean(allOf.filter(isSchema).reduce(merge, rest), defs, seen);
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) if (kept.has(key)) out[key] = value;
  if (Array.isArray(node.type)) {
    delete out.type;
    Object.assign(out, typeList(node.type));
  }
  const variants = node.anyOf ?? node.oneOf;
  if (Array.isArray(variants)) {
    const members = variants.filter(isSchema);
    const nonNull = members.filter((m) => m.type !== "null");
    if (nonNull.length < members.length) out.nullable = true;
    const cleaned = nonNull.map((m) => clean(m, defs, seen));
    if (cleaned.length === 1) Object.assign(out, cleaned[0]);
    else if (cleaned.length > 1) out.anyOf = cleaned;
  }
  const values = "const" in node ? [node.const] : node.enum;
  if (Array.isArray(values)) {
    const named = values.filter((v) => v !== null);
    if (named.length < values.length) out.nullable = true;
    if (named.length > 0 && named.every((v) => typeof v === "string")) {
      out.enum = named;
      out.type ??= "string";
    }
  }
  const format = node.format;
  if (typeof format === "string" && typeof out.type === "string" && formats[out.type]?.includes(format)) {
    out.format = format;
  }
  if (isSchema(node.properties)) {
    const properties: Schema = {};
    for (const [name, value] of Object.entries(node.properties)) {
      properties[name] = clean(asSchema(value), defs, seen);
    }
    out.properties = properties;
    if (Array.isArray(node.required)) {
      const required = node.required.filter((n): n is string => typeof n === "string" && n in properties);
      if (required.length > 0) out.required = required;
    }
  }
  const items = Array.isArray(node.items) ? node.items[0] : node.items;
  if (isSchema(items)) out.items = clean(items, defs, seen);
  return out;
}

function typeList(types: readonly unknown[]): Schema {
  const named = types.filter((t): t is string => typeof t === "string" && t !== "null");
  const nullable = named.length < types.length ? { nullable: true } : {};
  if (named.length === 1) return { type: named[0], ...nullable };
  return { anyOf: named.map((type) => ({ type })), ...nullable };
}

/** allOf members folded together: properties and required lists joined, other keywords first wins. */
function merge(into: Schema, next: Schema): Schema {
  const out: Schema = { ...next, ...into };
  if (isSchema(into.properties) || isSchema(next.properties)) {
    out.properties = { ...asSchema(next.properties), ...asSchema(into.properties) };
  }
  const required = [into.required, next.required].flatMap((r) => (Array.isArray(r) ? r : []));
  if (required.length > 0) out.required = [...new Set(required)];
  return out;
}
