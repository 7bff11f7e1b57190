import "server-only";

import { eq, sql } from "drizzle-orm";

import { db, type Executor } from "../client";
import { rateLimitBuckets, users } from "../schema";

export type UserRow = typeof users.$inferSelect;

export async function getUserByEmail({ email }: { email: string }): Promise<UserRow | null> {
  const [row] = await db().select().from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

/** Returns null when the email is taken, so sign-up can answer without a race between check and insert. */
export async function createUser({
  executor = db(),
  email,
  name,
  passwordHash,
}: {
  executor?: Executor;
  email: string;
  name: string | null;
  passwordHash: string | null;
}): Promise<UserRow | null> {
  const [row] = await executor
    .insert(users)
    .values({ email, name, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row ?? null;
}

/**
 * Counts one hit in a fixed window and returns the count including it; one statement, so concurrent
 * attempts on several instances all see each other.
 */
export async function hitRateLimitBucketByKey({
  key,
  windowSeconds,
}: {
  key: string;
  windowSeconds: number;
}): Promise<number> {
  const expired = sql`${rateLimitBuckets.windowStart} < now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await db()
    .insert(rateLimitBuckets)
    .values({ key, windowStart: sql`now()`, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimitBuckets.count} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${rateLimitBuckets.windowStart} end`,
      },
    })
    .returning({ count: rateLimitBuckets.count });
  return row?.count ?? 1;
}

export async function getRateLimitCountByKey({
  key,
  windowSeconds,
}: {
  key: string;
  windowSeconds: number;
}): Promise<number> {
  const [row] = await db()
    .select({ count: rateLimitBuckets.count })
    .from(rateLimitBuckets)
    .where(
      sql`${rateLimitBuckets.key} = ${key} and ${rateLimitBuckets.windowStart} >= now() - make_interval(secs => ${windowSeconds})`,
    );
  return row?.count ?? 0;
}

export async function deleteRateLimitBucketByKey({ key }: { key: string }): Promise<void> {
  await db().delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
}
