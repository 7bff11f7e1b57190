/**
 * The theme preference (system | dark | light) lives in localStorage under `wafer-theme`; the root
 * layout's inline script applies it before first paint. This store keeps the <html> class, every
 * component that asks, and other browser tabs in step afterwards.
 */
const themePreferences = ["system", "dark", "light"] as const;
export type ThemePreference = (typeof themePreferences)[number];
export type ResolvedTheme = "light" | "dark";

const THEME_STORAGE_KEY = "wafer-theme";

export interface ThemeSnapshot {
  preference: ThemePreference;
  resolved: ResolvedTheme;
}

const SERVER_SNAPSHOT: ThemeSnapshot = { preference: "system", resolved: "light" };
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function parsePreference(value: string | null | undefined): ThemePreference {
  return themePreferences.includes(value as ThemePreference) ? (value as ThemePreference) : "system";
}

export function resolveTheme(preference: ThemePreference, systemDark: boolean): ResolvedTheme {
  if (preference === "system") return systemDark ? "dark" : "light";
  return preference;
}

/** system → dark → light → system: one button walks through all three. */
export function nextPreference(preference: ThemePreference): ThemePreference {
  return themePreferences[(themePreferences.indexOf(preference) + 1) % themePreferences.length]!;
}

let snapshot: ThemeSnapshot | null = null;
const listeners = new Set<() => void>();

function readStoredPreference(): ThemePreference {
  try {
    return parsePreference(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

function compute(): ThemeSnapshot {
  const preference = readStoredPreference();
  return { preference, resolved: resolveTheme(preference, matchMedia(DARK_QUERY).matches) };
}

function apply(next: ThemeSnapshot): void {
  const root = document.documentElement;
  root.classList.toggle("dark", next.resolved === "dark");
  root.dataset.theme = next.preference;
}

function refresh(): void {
  const next = compute();
  if (snapshot && snapshot.preference === next.preference && snapshot.resolved === next.resolved) return;
  snapshot = next;
  apply(next);
  listeners.forEach((listener) => listener());
}

export function subscribeTheme(listener: () => void): () => void {
  if (listeners.size === 0) {
    matchMedia(DARK_QUERY).addEventListener("change", refresh);
    window.addEventListener("storage", onStorage);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      matchMedia(DARK_QUERY).removeEventListener("change", refresh);
      window.removeEventListener("storage", onStorage);
    }
  };
}

function onStorage(event: StorageEvent): void {
  if (event.key === THEME_STORAGE_KEY || event.key === null) refresh();
}

export function getThemeSnapshot(): ThemeSnapshot {
  snapshot ??= compute();
  return snapshot;
}

export function getServerThemeSnapshot(): ThemeSnapshot {
  return SERVER_SNAPSHOT;
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Private mode without storage: the choice still applies to this page.
  }
  const next = { preference, resolved: resolveTheme(preference, matchMedia(DARK_QUERY).matches) };
  snapshot = next;
  apply(next);
  listeners.forEach((listener) => listener());
}
