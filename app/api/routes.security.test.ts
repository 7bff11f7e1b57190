import { readdir } from "node:fs/promises";
import path from "node:path";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { databaseFingerprint } from "@/db/testing";
import { call, FOREIGN_ORIGIN, fuzzRuns, fuzzSeed } from "@/lib/testing/http";
import { createSecurityFixture } from "@/lib/testing/security-fixture";

import { mutatingEndpoints, readEndpoints, type Endpoint, type FieldType, type Fixture } from "./endpoints.security";

let cookie: string;
let fixture: Fixture;
const figures: Record<string, number> = {};
const count = (name: string, n = 1) => (figures[name] = (figures[name] ?? 0) + n);

beforeAll(async () => {
  ({ cookie, fixture } = await createSecurityFixture());
});

afterAll(() => {
  console.log(`[security] routes: ${JSON.stringify(figures)}`);
});

function send(endpoint: Endpoint, options: { json?: unknown; body?: BodyInit; origin?: string | null; headers?: Record<string, string>; params?: Record<string, unknown> }) {
  const { params, ...rest } = options;
  return call(endpoint.handler, {
    method: endpoint.method,
    path: endpoint.path(fixture),
    params: (params ?? endpoint.params(fixture)) as never,
    cookie,
    ...rest,
  });
}

/** Sends and asserts the request was refused with `status` and changed no row anywhere. */
async function expectRefusedUnchanged(status: number, run: () => Promise<Response>): Promise<void> {
  const before = await databaseFingerprint();
  const response = await run();
  expect(response.status).toBe(status);
  expect(await databaseFingerprint()).toBe(before);
}

// ---------------------------------------------------------------------------------------------------
// Coverage: a mutating route that is not in the table is not tested by anything above.

const MUTATING_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Mutating routes the suite deliberately leaves out, and why. Keep this short. */
const NOT_IN_TABLE: Record<string, string> = {
  // Auth.js's own handler: its sign-in and CSRF checks are the library's, not Wafer route code.
  "app/api/auth/[...nextauth]/route.ts": "Auth.js",
  // Bench-only: exists only when the bench build enables it, never in production.
  "app/api/bench/peer/route.ts": "bench",
  "app/api/bench/plan/route.ts": "bench",
};

const ROOT = path.resolve(import.meta.dirname, "../..");

async function routeFiles(): Promise<string[]> {
  const root = ROOT;
  const entries = await readdir(path.join(root, "app"), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === "route.ts")
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("coverage: every mutating route handler is in the table", () => {
  it("each POST/PUT/PATCH/DELETE export of app/**/route.ts is a table entry or a commented exclusion", async () => {
    const files = await routeFiles();
    const inTable = new Set<unknown>(mutatingEndpoints.map((e) => e.handler));
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      if (file in NOT_IN_TABLE) continue;
      const routeModule = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      for (const method of MUTATING_METHODS) {
        if (!routeModule[method]) continue;
        checked += 1;
        if (!inTable.has(routeModule[method])) missing.push(`${method} ${file}`);
      }
    }
    expect(missing, "add these to app/api/endpoints.security.ts (or, with a reason, to NOT_IN_TABLE)").toEqual([]);
    // A stale exclusion would silently excuse whatever later takes its path.
    expect(Object.keys(NOT_IN_TABLE).filter((f) => !files.includes(f))).toEqual([]);
    expect(checked).toBe(mutatingEndpoints.length);
    count("coverage_handlers", checked);
  });
});

describe("finding 3: cross-origin writes", () => {
  const foreign: [string, { origin: string | null; headers?: Record<string, string> }][] = [
    ["another port", { origin: FOREIGN_ORIGIN }],
    ["a sibling subdomain", { origin: "http://evil.localhost:3000" }],
    ["Origin: null", { origin: "null" }],
    ["no Origin, Sec-Fetch-Site: cross-site", { origin: null, headers: { "sec-fetch-site": "cross-site" } }],
    ["no Origin, Sec-Fetch-Site: same-site", { origin: null, headers: { "sec-fetch-site": "same-site" } }],
  ];
  for (const endpoint of mutatingEndpoints) {
    it.each(foreign)(`${endpoint.name} from %s: 403, nothing written`, async (_label, { origin, headers }) => {
      await expectRefusedUnchanged(403, () =>
        send(endpoint, { origin, headers: { "content-type": "application/json", ...headers }, json: endpoint.body?.(fixture) ?? {} }),
      );
      count("cross_origin_cells");
    });
  }

  const jsonEndpoints = mutatingEndpoints.filter((e) => e.body);
  for (const endpoint of jsonEndpoints) {
    it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""])(
      `${endpoint.name} as %j: 415, nothing written`,
      async (contentType) => {
        await expectRefusedUnchanged(415, () =>
          send(endpoint, { body: JSON.stringify(endpoint.body!(fixture)), headers: contentType ? { "content-type": contentType } : {} }),
        );
        count("content_type_cells");
      },
    );
  }

  it("the same writes from the app's own origin, or from a non-browser client, still succeed", async () => {
    const byName = (name: string) => mutatingEndpoints.find((e) => e.name === name)!;
    for (const name of ["POST /api/workspaces", "POST /api/projects"]) {
      const endpoint = byName(name);
      expect((await send(endpoint, { json: endpoint.body!(fixture) })).status, name).toBe(201);
      expect((await send(endpoint, { json: endpoint.body!(fixture), origin: null })).status, name).toBe(201);
    }
    const team = (await (await send(byName("POST /api/workspaces"), { json: { name: "Team" } })).json()) as { id: string };
    const members = byName("POST /api/workspaces/:id/members");
    const response = await send(members, { json: members.body!(fixture), params: { workspaceId: team.id } });
    expect(response.status).toBe(201);
    const files = byName("POST /api/projects/:id/files");
    expect((await send(files, { json: { path: "same-origin.txt", content: "ok" }, headers: { "content-type": "application/json; charset=utf-8" } })).status).toBe(201);
  });
});

describe("mass assignment: extra fields on every mutating body", () => {
  const extras: [string, unknown][] = [
    ["id", "00000000-0000-4000-8000-000000000000"],
    ["userId", "00000000-0000-4000-8000-000000000000"],
    ["createdBy", "00000000-0000-4000-8000-000000000000"],
    ["ownerId", "00000000-0000-4000-8000-000000000000"],
    ["workspaceId", "00000000-0000-4000-8000-000000000000"],
    ["projectId", "00000000-0000-4000-8000-000000000000"],
    ["role", "owner"],
    ["plan", "team"],
    ["personal", true],
    ["version", 999],
    ["sessionGeneration", 0],
    ["passwordHash", "x"],
    ["status", "complete"],
    ["constructor", { prototype: { admin: true } }],
  ];
  for (const endpoint of mutatingEndpoints.filter((e) => e.body)) {
    it(`${endpoint.name}: every extra field refused with 400, 0 persisted`, async () => {
      for (const [key, value] of extras) {
        const body = endpoint.body!(fixture);
        if (key in body || endpoint.fields?.[key]) continue;
        await expectRefusedUnchanged(400, () => send(endpoint, { json: { ...body, [key]: value } }));
        count("mass_assignment_cells");
      }
      // `__proto__` only survives as raw JSON text (object literals would set the prototype).
      const raw = JSON.stringify(endpoint.body!(fixture)).replace(/^\{/, '{"__proto__":{"role":"owner"},');
      await expectRefusedUnchanged(400, () => send(endpoint, { body: raw, headers: { "content-type": "application/json" } }));
      count("mass_assignment_cells");
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Fuzzing: bodies and path params per endpoint. Oracle: never a 5xx; an accepted body has only
// documented fields of documented types and only well-formed text.

const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.constantFrom("", " ", "\ud800", "a\udc00b", "\udbff", "..", "../../etc/passwd", "%FF", "%", "\u0000", "a/b/../../c", "x".repeat(300), "CON", "🙂".repeat(50)),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyText, { maxLength: 3 }),
  fc.dictionary(nastyText, nastyText, { maxKeys: 3 }),
  fc.uuid(),
);

function bodyArbitrary(endpoint: Endpoint): fc.Arbitrary<unknown> {
  const fields = Object.keys(endpoint.fields ?? {});
  const valid = endpoint.body!(fixture);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(Object.fromEntries(fields.map((k) => [k, anyValue])), { requiredKeys: [] }),
    fc.tuple(fc.constantFrom(...Object.keys(valid)), anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.tuple(nastyText, anyValue).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

/** Text Postgres can store: well-formed UTF-16 without U+0000. */
const storableText = (s: string) => s.isWellFormed() && !s.includes("\u0000");

function wellFormed(value: unknown): boolean {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === "object" && value !== null) return Object.entries(value).every(([k, v]) => storableText(k) && wellFormed(v));
  return true;
}

const typeOk: Record<FieldType, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  integer: (v) => Number.isInteger(v),
  "string|null": (v) => typeof v === "string" || v === null,
  "integer|null": (v) => Number.isInteger(v) || v === null,
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

/** Why an accepted body should have been refused, or null when it is a valid input. */
function invalidReason(endpoint: Endpoint, body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "not an object";
  if (!wellFormed(body)) return "ill-formed text";
  for (const [key, value] of Object.entries(body)) {
    const type = endpoint.fields?.[key];
    if (!type) return `undocumented field ${JSON.stringify(key)}`;
    if (!typeOk[type](value)) return `${key} is not ${type}`;
  }
  return null;
}

describe("fuzzed bodies, per endpoint", () => {
  for (const endpoint of mutatingEndpoints.filter((e) => e.body && e.method !== "DELETE")) {
    it(`${endpoint.name}: 0 5xx, 0 invalid bodies accepted`, async () => {
      const seed = fuzzSeed(`body ${endpoint.name}`);
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(endpoint), async (body) => {
          const response = await send(endpoint, { json: body });
          count("fuzz_body_requests");
          expect(response.status, JSON.stringify(body)).toBeLessThan(500);
          if (response.ok) {
            accepted += 1;
            // Judge what went on the wire: JSON turns ±Infinity and NaN into null, and drops undefined.
            const sent: unknown = JSON.parse(JSON.stringify(body));
            expect(invalidReason(endpoint, sent), JSON.stringify(body)).toBeNull();
          }
        }),
        { numRuns: fuzzRuns(), seed },
      );
      count("fuzz_body_accepted", accepted);
    });
  }

  it("raw bytes: invalid UTF-8 and broken JSON are 400s, never 5xx", async () => {
    const endpoint = mutatingEndpoints.find((e) => e.name === "POST /api/projects/:id/files")!;
    const seed = fuzzSeed("raw bytes POST /api/projects/:id/files");
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        const response = await send(endpoint, { body: bytes, headers: { "content-type": "application/json" } });
        count("fuzz_raw_requests");
        expect(response.status).toBeLessThan(500);
        // No random byte string is a valid create-entry body with a documented shape.
        if (response.ok) {
          const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
          expect(invalidReason(endpoint, JSON.parse(text))).toBeNull();
        }
      }),
      { numRuns: fuzzRuns(), seed },
    );
  });
});

const paramText = fc.oneof(
  nastyText,
  fc.uuid(),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "not-a-uuid", " ", "%E0%A4%A"),
);

describe("fuzzed path params, per endpoint", () => {
  // Only the param keys matter here; the fixture itself exists only after beforeAll.
  const shape = new Proxy({}, { get: (_target, key) => (key === "fileVersion" ? 1 : String(key)) }) as Fixture;
  const withParams = [...mutatingEndpoints, ...readEndpoints].filter((e) => Object.keys(e.params(shape)).length > 0);
  for (const endpoint of withParams) {
    it(`${endpoint.name}: 0 5xx; a foreign or malformed id is never acted on`, async () => {
      const seed = fuzzSeed(`params ${endpoint.name}`);
      const keys = Object.keys(endpoint.params(fixture));
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(keys.map((k) => [k, k === "path" ? fc.array(paramText, { minLength: 1, maxLength: 3 }) : paramText]))),
          async (params) => {
            const before = await databaseFingerprint();
            const response = await send(endpoint, endpoint.method === "GET" ? { params } : { params, json: endpoint.body?.(fixture) ?? {} });
            count("fuzz_param_requests");
            expect(response.status, JSON.stringify(params)).toBeLessThan(500);
            // Random ids name nothing of this user's, and a fuzzed file path is refused or missing.
            if (!("path" in params)) {
              expect(response.status, JSON.stringify(params)).toBeGreaterThanOrEqual(400);
              expect(await databaseFingerprint()).toBe(before);
            }
          },
        ),
        { numRuns: fuzzRuns(), seed },
      );
    });
  }
});
