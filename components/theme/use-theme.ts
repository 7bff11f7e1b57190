"use client";

import { useSyncExternalStore } from "react";

import {
  getServerThemeSnapshot,
  getThemeSnapshot,
  nextPreference,
  setThemePreference,
  subscribeTheme,
  type ThemeSnapshot,
} from "./theme-store";

/** The theme preference and what it resolves to now. No provider needed: state lives in theme-store. */
export function useTheme(): ThemeSnapshot & {
  setPreference: typeof setThemePreference;
  cyclePreference: () => void;
} {
  const snapshot = useSyncExternalStore(subscribeTheme, getThemeSnapshot, getServerThemeSnapshot);
  return {
    ...snapshot,
    setPreference: setThemePreference,
    cyclePreference: () => setThemePreference(nextPreference(getThemeSnapshot().preference)),
  };
}
