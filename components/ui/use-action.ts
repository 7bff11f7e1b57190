"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import type { AppError } from "@/lib/errors";

/** Runs one API call, keeps its error to show, and refreshes the server-rendered page on success (or runs `after`). */
export function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function run<T>(action: () => Promise<T>, after?: (result: T) => void) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action();
        if (after) after(result);
        else router.refresh();
      } catch (e) {
        setError((e as AppError).message);
      }
    });
  }
  return { error, pending, run, clearError: () => setError(null) };
}
