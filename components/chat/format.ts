/** 950 → "950", 12_400 → "12.4k", 131_072 → "131k", 1_200_000 → "1.2M". */
export function formatTokens(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 100_000) return `${(value / 1000).toFixed(1).replace(/\.0$/, "")}k`;
  if (value < 1_000_000) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(tokensPerSecond: number): string {
  return `${Math.round(tokensPerSecond).toLocaleString("en-US")} tok/s`;
}

export function formatChars(chars: number): string {
  return chars < 1024 ? `${chars} B` : `${(chars / 1024).toFixed(chars < 10_240 ? 1 : 0)} KB`;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1) || path;
}
