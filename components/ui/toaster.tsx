"use client";

import { Toaster as Sonner } from "sonner";

import { useTheme } from "@/components/theme/use-theme";

/** Mount once per page; call `toast` from ./toast anywhere. Follows the app theme. */
export function Toaster() {
  const { resolved } = useTheme();
  return <Sonner theme={resolved} position="bottom-right" closeButton richColors toastOptions={{ className: "text-xs" }} />;
}
