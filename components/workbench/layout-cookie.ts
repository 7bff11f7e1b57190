/** Panel sizes persist in a cookie so the server renders the saved layout (no shift on load). */
export type PanelLayout = Record<string, number>;

export function layoutCookieName(panelIds: readonly string[]): string {
  return `wafer-layout-${panelIds.join("_")}`;
}

export function parseLayout(value: string | undefined, panelIds: readonly string[]): PanelLayout | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(value));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const layout = parsed as Record<string, unknown>;
    const keys = Object.keys(layout);
    if (keys.length !== panelIds.length || !panelIds.every((id) => keys.includes(id))) return undefined;
    const sizes = panelIds.map((id) => layout[id]);
    if (!sizes.every((size) => typeof size === "number" && Number.isFinite(size) && size >= 0 && size <= 100)) return undefined;
    const total = (sizes as number[]).reduce((sum, size) => sum + size, 0);
    if (Math.abs(total - 100) > 1) return undefined;
    return Object.fromEntries(panelIds.map((id, index) => [id, sizes[index] as number]));
  } catch {
    return undefined;
  }
}

/** Every saved layout among the request's cookies, keyed by cookie name. */
export function savedLayouts(cookies: ReadonlyArray<{ name: string; value: string }>): Record<string, string> {
  return Object.fromEntries(cookies.filter((cookie) => cookie.name.startsWith("wafer-layout-")).map((cookie) => [cookie.name, cookie.value]));
}

export function serializeLayoutCookie(panelIds: readonly string[], layout: PanelLayout): string {
  const rounded = Object.fromEntries(panelIds.map((id) => [id, Math.round((layout[id] ?? 0) * 100) / 100]));
  return `${layoutCookieName(panelIds)}=${encodeURIComponent(JSON.stringify(rounded))}; path=/; max-age=31536000; samesite=lax`;
}
