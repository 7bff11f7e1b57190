"use client";

import { useEffect, useState } from "react";

/** Whole seconds left until `until` (epoch ms), ticking while there are any; 0 when none. */
export function useCountdown(until: number | null | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  const active = until !== null && until !== undefined && until > now;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}
