/**
 * Reasoning effort <-> Gemini's `thinkingConfig.thinkingBudget`. Gemini 2.5 takes a budget (0 turns
 * thinking off where the model allows it, -1 lets the model decide); Gemini 3 still accepts budgets
 * next to its `thinkingLevel`. Each effort maps to one budget and a budget decodes to the level nearest
 * it on a log scale, so effort -> budget -> effort is exact.
 */
const budgets: readonly (readonly [string, number])[] = [
  ["minimal", 512],
  ["low", 1024],
  ["medium", 8192],
  ["high", 24576],
  ["xhigh", 32768],
];

/** An unknown level (a new one) thinks as hard as `high`. */
export function budgetOfEffort(effort: string): number {
  if (effort === "none") return 0;
  return budgets.find(([level]) => level === effort)?.[1] ?? 24576;
}

/** -1 (dynamic) is `medium`: the model decides, the middle of the scale. */
export function effortOfBudget(budget: number): string {
  if (budget === 0) return "none";
  if (budget < 0) return "medium";
  return nearestLevel(budgets, budget);
}

/** Gemini 3's `thinkingLevel` (`minimal`, `low`, `medium`, `high`) is already an effort. */
export function effortOfLevel(level: string): string {
  return level.toLowerCase();
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
