import "server-only";

import type { Transaction } from "./client";
import { db } from "./client";

/** Lets lib/ compose several queries atomically without importing drizzle. */
export function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db().transaction(fn);
}
