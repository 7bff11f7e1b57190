/** "41k tokens"-style figures for the usage page and the chat header. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(n >= 10_000 ? 0 : 1)}k`;
  return String(n);
}

/** Estimated dollars: cents when there are any, otherwise "< $0.01" rather than a misleading $0.00. */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  if (usd < 0.01) return "< $0.01";
  return `$${usd.toFixed(2)}`;
}
