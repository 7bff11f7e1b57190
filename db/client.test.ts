import net from "node:net";

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it, vi } from "vitest";

import { openPostgres, statementsSent } from "./client";

const url = inject("databaseUrl");
if (!url) console.log("db/client.test: skipped, it needs a real Postgres server (TEST_DATABASE_URL)");

/** Settles within `ms` or reports a hang. */
const errors: unknown[] = [];
const settle = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise.then(
      () => "ok" as const,
      (error: unknown) => {
        errors.push(error);
        return "error" as const;
      },
    ),
    new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms)),
  ]);

describe.skipIf(!url)("postgres connection loss", () => {
  it("backends killed inside transactions under load: every request settles, and the pool recovers without a restart", async () => {
    // postgres.js 3.4.9 put such connections back in the pool wedged: later queries hung forever
    // and nextWrite threw an uncaught TypeError (porsager/postgres#1199, #1208).
    const app = `wafer-client-test-${process.pid}`;
    const handle = openPostgres(url!, { max: 4, applicationName: app, limits: { statementTimeoutMs: 5_000, connectTimeoutS: 3 } });
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      let stop = false;
      const outcomes = { ok: 0, error: 0, hung: 0 };
      const worker = async () => {
        while (!stop) {
          const outcome = await settle(
            handle.db.transaction(async (tx) => {
              await tx.execute(sql`select pg_sleep(0.005)`);
              await tx.execute(sql`select ${1}::int + 1`);
            }),
            8_000,
          );
          outcomes[outcome] += 1;
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      for (let round = 0; round < 4; round++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${app}`;
      }
      stop = true;
      await Promise.all(workers);
      expect(outcomes.hung).toBe(0);
      expect(outcomes.error).toBeGreaterThan(0);
      // Each failure is a connection error with a code (lib/errors maps those to a 503), not a driver TypeError.
      const codes = new Set(errors.map((error) => (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code));
      expect([...codes].every((code) => typeof code === "string" && /^(CONNECTION_|57P01|08)/.test(code))).toBe(true);

      const after = await Promise.all(Array.from({ length: 20 }, () => settle(handle.db.execute(sql`select 1`), 5_000)));
      expect(after.filter((o) => o === "ok")).toHaveLength(20);
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await admin.end();
      await handle.close();
    }
  });
});

describe.skipIf(!url)("executePrepared", () => {
  it("runs as a named statement on the connection, so its later runs skip the parameter-type round trip; values keep their types", async () => {
    const handle = openPostgres(url!, { max: 1, applicationName: `wafer-prepared-test-${process.pid}` });
    try {
      const parts = [{ type: "text", text: 'say "hi" \\ é' }];
      const query = (n: number) => sql`select ${JSON.stringify(parts)}::jsonb as parts, ${n}::bigint + 1 as next, ${"x"}::text as label`;
      for (const n of [1, 2]) {
        const rows = (await handle.executePrepared(query(n))) as { parts: unknown; next: string; label: string }[];
        expect(rows).toEqual([{ parts, next: String(n + 1), label: "x" }]);
      }
      // The same (only) connection holds it as a prepared statement; drizzle's execute would not.
      const held = (await handle.db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%as next, $3::text as label'`)) as unknown as { n: number }[];
      expect(held[0]!.n).toBe(1);
    } finally {
      await handle.close();
    }
  });
});

describe.skipIf(!url)("statementsSent", () => {
  it("a statement issued before a run of promise continuations leaves for the server only once they yield, and statementsSent is that yield", async () => {
    const handle = openPostgres(url!, { max: 1, applicationName: `wafer-sent-test-${process.pid}` });
    const serverPort = Number(new URL(url!).port || 5432);
    const write = vi.spyOn(net.Socket.prototype, "write");
    const writesToServer = () => write.mock.contexts.filter((socket) => (socket as net.Socket).remotePort === serverPort).length;
    try {
      await handle.executePrepared(sql`select 1`);
      write.mockClear();
      const issued = handle.executePrepared(sql`select 2 as two`);
      // A model call's set-up: continuations of promises that are already settled.
      for (let i = 0; i < 50; i++) await Promise.resolve();
      expect(writesToServer()).toBe(0);
      await statementsSent();
      expect(writesToServer()).toBeGreaterThan(0);
      expect(await issued).toEqual([{ two: 2 }]);
    } finally {
      write.mockRestore();
      await handle.close();
    }
  });
});
