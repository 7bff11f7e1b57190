import { z } from "zod";

import { startEarlyLoad } from "@/components/workbench/early-open";

// Runs before the app's client code. zod probes for `new Function` (to compile fast parsers) on its
// first parse; under the page CSP (no 'unsafe-eval') the probe is refused and reported as a violation.
z.config({ jitless: true });

// The IDE's editor opens the file of the last visit: ask for it now, not after hydration.
startEarlyLoad(location.pathname, storageOrNull());

function storageOrNull(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
