/**
 * `anthropic-beta` is a comma-separated list of feature flags. Claude Code sends several, and a
 * backend that does not know one refuses the whole request (Vertex AI answers 400), so each backend
 * passes on only the values it is configured to accept and drops the rest.
 */

/** The header value with only `allowed` flags kept (all when `allowed` is undefined); undefined if none remain. */
export function pickBetas(
  value: string | undefined,
  allowed: readonly string[] | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const kept = value
    .split(",")
    .map((flag) => flag.trim())
    .filter((flag) => flag !== "" && (allowed === undefined || allowed.includes(flag)));
  return kept.length === 0 ? undefined : kept.join(",");
}
