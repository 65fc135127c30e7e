/**
 * Text with holes, cut from a sample the object path wrote with marks where the holes go. Filling
 * the holes writes what the object path writes for those values, byte for byte, without building
 * the objects or serialising them: the fixed parts are the serialiser's own output.
 *
 * A mark is the serialised form of a sentinel (a string no real data holds, a number no real index
 * reaches) or a whole serialised value; a template need not hold every mark it is cut with. Marks
 * are cut in the order given, so a mark found inside an earlier one's text stays part of that hole.
 */

/** `pieces` has one more entry than `holes`; hole i (an index into the marks) sits after piece i. */
export type Template = { readonly pieces: readonly string[]; readonly holes: readonly number[] };

/** `undefined` marks are skipped, keeping the others' positions (and so their values'). */
export function cutTemplate(sample: string, marks: readonly (string | undefined)[]): Template {
  let parts: (string | number)[] = [sample];
  marks.forEach((mark, m) => {
    if (mark === undefined) return;
    parts = parts.flatMap((part) => (typeof part === "number" ? [part] : splitAt(part, mark, m)));
  });
  const pieces = [""];
  const holes: number[] = [];
  for (const part of parts) {
    if (typeof part === "number") {
      holes.push(part);
      pieces.push("");
    } else {
      pieces[pieces.length - 1] += part;
    }
  }
  // String sentinels start with a NUL (template-marks.ts): one left is a mark written wrong.
  if (pieces.some((piece) => piece.includes("\\u0000")))
    throw new Error(`a sentinel left uncut in ${sample}`);
  return { pieces, holes };
}

function splitAt(text: string, mark: string, m: number): (string | number)[] {
  const out: (string | number)[] = [];
  let from = 0;
  for (let at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, from)) {
    if (at > from) out.push(text.slice(from, at));
    out.push(m);
    from = at + mark.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** The template with value i in the holes of mark i. */
export function fill(template: Template, values: readonly string[]): string {
  const { pieces, holes } = template;
  let out = pieces[0] ?? "";
  for (let i = 0; i < holes.length; i++) out += (values[holes[i] ?? 0] ?? "") + (pieces[i + 1] ?? "");
  return out;
}
