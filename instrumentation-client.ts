import { z } from "zod";

// Runs before the app's client code. zod probes for `new Function` (to compile fast parsers) on its
// first parse; under the page CSP (no 'unsafe-eval') the probe is refused and reported as a violation.
z.config({ jitless: true });
