/**
 * Reasoning effort <-> Anthropic's extended-thinking budget. The canonical model keeps an effort level
 * (`minimal` … `xhigh`, the OpenAI scale); Anthropic takes `thinking.budget_tokens` (at least 1024,
 * below `max_tokens`). Each level maps to one budget, and a budget decodes to the level nearest it on
 * a log scale (Claude Code's 4,000 / 10,000 / 31,999 are `low` / `medium` / `xhigh`), so
 * effort -> budget -> effort is exact. `none` is `thinking: {type: "disabled"}`.
 */
import type { AnthropicThinkingOut } from "./wire.ts";

const budgets: readonly (readonly [string, number])[] = [
  ["minimal", 1024],
  ["low", 2048],
  ["medium", 8192],
  ["high", 16384],
  ["xhigh", 32768],
];

/** Anthropic refuses budgets under this. */
export const minThinkingBudget = 1024;

export function effortOfBudget(budget: number): string {
  return nearestLevel(budgets, budget);
}

/**
 * The thinking config for an effort, within `maxTokens`; undefined when thinking cannot fit (fewer
 * than 1025 output tokens) or the effort is absent. An unknown level (`max`, a new one) thinks hard.
 */
export function thinkingOfEffort(
  effort: string | undefined,
  maxTokens: number,
): AnthropicThinkingOut | undefined {
  if (effort === undefined) return undefined;
  if (effort === "none") return { type: "disabled" };
  const wanted = budgets.find(([level]) => level === effort)?.[1] ?? 32768;
  const budget = Math.min(wanted, maxTokens - 1);
  return budget < minThinkingBudget ? undefined : { type: "enabled", budget_tokens: budget };
}

/** The level whose budget is nearest on a log scale: budgets double from level to level. */
function nearestLevel(table: readonly (readonly [string, number])[], budget: number): string {
  let best = "minimal";
  let distance = Number.POSITIVE_INFINITY;
  for (const [level, tokens] of table) {
    const d = Math.abs(Math.log2(Math.max(budget, 1)) - Math.log2(tokens));
    if (d < distance) [best, distance] = [level, d];
  }
  return best;
}
