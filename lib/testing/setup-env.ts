import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { inject } from "vitest";

// Runs before each test file: point the lazy db/env modules at this run's database.
const url = inject("databaseUrl");
if (url) {
  process.env.DATABASE_URL = url;
} else {
  delete process.env.DATABASE_URL;
  const root = inject("dataRoot");
  process.env.WAFER_DATA_DIR = mkdtempSync(path.join(root ?? tmpdir(), root ? "file-" : "wafer-test-"));
}
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
