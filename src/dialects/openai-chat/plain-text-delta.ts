/**
 * Most chunks of a streamed answer carry nothing but a bit of text for choice 0. Checking those by
 * hand costs a tenth of what the zod schema does, and a translated stream checks every chunk; any
 * other chunk (or one that does not fit) takes the full path in decode-stream.ts, unchanged.
 */
type Loose = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is Loose {
  return typeof value === "object" && value !== null;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** The chunk's text when it is such a plain text chunk (what the full path would decode it to). */
export function plainTextDelta(raw: unknown): string | undefined {
  if (!isObject(raw) || !isAbsent(raw.error) || !isAbsent(raw.usage)) return undefined;
  if (!isAbsent(raw.object) && raw.object !== "chat.completion.chunk") return undefined;
  if (!isAbsent(raw.id) && typeof raw.id !== "string") return undefined;
  if (!isAbsent(raw.model) && typeof raw.model !== "string") return undefined;
  if (!isAbsent(raw.created) && typeof raw.created !== "number") return undefined;
  const choices = raw.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice: unknown = choices[0];
  if (
    !isObject(choice) ||
    !isAbsent(choice.finish_reason) ||
    (!isAbsent(choice.index) && choice.index !== 0)
  ) {
    return undefined;
  }
  const delta = choice.delta;
  if (!isObject(delta) || typeof delta.content !== "string") return undefined;
  const plain =
    isAbsent(delta.reasoning_content) &&
    isAbsent(delta.reasoning) &&
    isAbsent(delta.refusal) &&
    isAbsent(delta.tool_calls);
  return plain ? delta.content : undefined;
}
