/**
 * A string as JSON, the way JSON.stringify writes it. Most strings a stream writes (ids, tokens,
 * statuses) need no escape at all; checking that takes less than the call it saves.
 */
export function quoteJson(text: string): string {
  return isPlain(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * Whether JSON.stringify would write the text as it is between quotes: no quote, backslash or control
 * character, and no surrogate (a lone one is escaped).
 */
export function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
