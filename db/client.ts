import "server-only";

import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import { dataDir, env } from "@/lib/env";

import { preparedQuery } from "./pglite-statements";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Queries accept either, so a caller can compose several of them in one transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  /** Statements sent through this handle, counted at the driver (benchmarks read it). */
  statementCount(): number;
  /**
   * LISTEN on one dedicated connection of this handle (postgres.js keeps a single listener
   * connection per client; PGlite delivers in process). Resolves once the LISTEN is in place.
   * `onListen` runs at each (re)LISTEN: postgres.js re-listens by itself after a dropped connection.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  /** See `executePrepared`. */
  executePrepared(query: SQL): Promise<unknown[]>;
  close(): Promise<void>;
}

export interface PostgresLimits {
  statementTimeoutMs: number;
  connectTimeoutS: number;
}

export function postgresLimits(): PostgresLimits {
  const { DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_S } = env();
  return { statementTimeoutMs: DATABASE_STATEMENT_TIMEOUT_MS, connectTimeoutS: DATABASE_CONNECT_TIMEOUT_S };
}

/**
 * Every wait is bounded, so a lost server or connection gives a request an error instead of a hang:
 * the server cancels long statements and transactions left idle, `query_timeout` is the backstop
 * for a server that goes silent (TCP alone takes minutes), and `queue_timeout` bounds the wait for a
 * pool slot. postgres.js 4 also drops a connection whose backend died inside a transaction; 3.4.x
 * put it back in the pool wedged (porsager/postgres#1199, #1208, #1154).
 */
export function openPostgres(url: string, options: { max?: number; limits?: PostgresLimits; applicationName?: string } = {}): DatabaseHandle {
  let statements = 0;
  const limits = options.limits ?? postgresLimits();
  const client = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: limits.connectTimeoutS,
    // Reconnect within a second of the server coming back: the default grows to 20 s (3^n / 100),
    // which after a restart's burst of refused connects kept writes failing ~6 s after it was up.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    queue_timeout: Math.ceil(limits.statementTimeoutMs / 1000),
    query_timeout: Math.ceil((limits.statementTimeoutMs * 1.5) / 1000),
    connection: {
      application_name: options.applicationName ?? "wafer",
      statement_timeout: limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: limits.statementTimeoutMs,
    },
    onnotice: () => {},
    debug: () => {
      statements += 1;
    },
  });
  const dialect = new PgDialect();
  return {
    db: drizzlePostgres({ client, schema }) as unknown as Database,
    driver: "postgres",
    executePrepared: async (query) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return [...(await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }))];
    },
    statementCount: () => statements,
    listen: async (channel, onPayload, onListen) => {
      const { unlisten } = await client.listen(channel, onPayload, onListen);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function openPglite(dir: string): DatabaseHandle {
  mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  let statements = 0;
  // PGlite has no driver hook; counting at its two entry points sees every statement drizzle sends.
  const query = preparedQuery(client);
  const exec = client.exec.bind(client);
  client.query = ((...args: Parameters<typeof query>) => {
    statements += 1;
    return query(...args);
  }) as typeof client.query;
  client.exec = ((...args: Parameters<typeof exec>) => {
    statements += 1;
    return exec(...args);
  }) as typeof client.exec;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    // Every PGlite statement is prepared once per text already (./pglite-statements).
    executePrepared: async (query) => ((await db.execute(query)) as unknown as { rows: unknown[] }).rows,
    statementCount: () => statements,
    listen: async (channel, onPayload) => {
      const unlisten = await client.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => client.close(),
  };
}

export function embeddedDataDir(): string {
  return path.join(dataDir(), "pglite");
}

const globalForDb = globalThis as unknown as { waferDb?: DatabaseHandle };

/** The process-wide handle, created on first use so importing this module never opens a connection. */
export function database(): DatabaseHandle {
  if (!globalForDb.waferDb) {
    const url = env().DATABASE_URL;
    globalForDb.waferDb = url ? openPostgres(url) : openPglite(embeddedDataDir());
  }
  return globalForDb.waferDb;
}

/** PGlite runs statements in WASM on the app's own event loop; a server runs them beside it. */
export function statementsRunInProcess(): boolean {
  return database().driver === "pglite";
}

/**
 * Resolves once the statements issued so far have been written to the server. postgres.js writes
 * queued statements on the next tick, which a run of promise continuations (a model call's set-up,
 * ~1–2 ms) holds back until it ends: a turn's first write left only when its HTTP request did, and
 * its time on the server was added to the turn instead of overlapping the set-up (0.6–0.9 ms a turn,
 * measured). One turn of the event loop lets every pending tick run.
 */
export function statementsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function db(): Database {
  return database().db;
}

/**
 * Runs `query` as a named prepared statement (per connection, by its text), for the statements a
 * chat turn waits on before its first token. drizzle's `execute` sends raw SQL unnamed, and for an
 * unnamed statement with text parameters postgres.js first asks the server for their types: two
 * round trips, with a turn of the app's event loop between them (3–15 ms while a long session's
 * request was being prepared). Prepared, it is one round trip from its second run on a connection.
 */
export function executePrepared<T>(query: SQL): Promise<T[]> {
  return database().executePrepared(query) as Promise<T[]>;
}
