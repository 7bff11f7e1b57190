"use client";

import { Monitor, Moon, Sun } from "lucide-react";

import { IconButton } from "@/components/ui/button";
import { useMenu } from "@/components/ui/menu";

import type { ThemePreference } from "./theme-store";
import { useTheme } from "./use-theme";

const labels: Record<ThemePreference, string> = { system: "System", dark: "Dark", light: "Light" };
const icons: Record<ThemePreference, typeof Sun> = { system: Monitor, dark: Moon, light: Sun };

/** Picks system, dark or light; the icon shows the current preference. */
export function ThemeToggle() {
  const { preference, setPreference } = useTheme();
  const menu = useMenu();
  const Icon = icons[preference];

  return (
    <>
      <IconButton
        label={`Theme: ${labels[preference]}`}
        data-testid="theme-toggle"
        aria-haspopup="menu"
        aria-expanded={menu.isOpen}
        onClick={(event) =>
          menu.openBelow(
            event.currentTarget,
            (Object.keys(labels) as ThemePreference[]).map((value) => {
              const ItemIcon = icons[value];
              return {
                id: `theme-${value}`,
                label: labels[value],
                icon: <ItemIcon className="size-3.5" />,
                checked: preference === value,
                onSelect: () => setPreference(value),
              };
            }),
            "Theme",
            "end",
          )
        }
      >
        <Icon className="size-4" />
      </IconButton>
      {menu.element}
    </>
  );
}
