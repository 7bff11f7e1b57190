import "server-only";

import { and, eq, sql } from "drizzle-orm";

import { db, type Executor } from "../client";
import { rateLimitBuckets, users } from "../schema";

export type UserRow = typeof users.$inferSelect;

export async function getUserByEmail({ executor = db(), email }: { executor?: Executor; email: string }): Promise<UserRow | null> {
  const [row] = await executor.select().from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

export async function getUserById({ id }: { id: string }): Promise<UserRow | null> {
  const [row] = await db().select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/**
 * The user's current name and email when they still exist and have not signed out (or changed
 * password) since the token was issued; null otherwise. Names are read here, not from the token,
 * so a rename shows at once.
 */
export async function getSessionUserByGeneration({
  userId,
  generation,
}: {
  userId: string;
  generation: number;
}): Promise<{ name: string | null; email: string | null } | null> {
  const [row] = await db()
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.sessionGeneration, generation)))
    .limit(1);
  return row ?? null;
}

export async function getSessionGenerationByUserId({ userId }: { userId: string }): Promise<number | null> {
  const [row] = await db().select({ generation: users.sessionGeneration }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.generation ?? null;
}

/** Ends every session the user has: tokens issued before now carry an older generation. */
export async function bumpSessionGenerationByUserId({ userId }: { userId: string }): Promise<void> {
  await db()
    .update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId));
}

/** A new password ends every existing session in the same statement. */
export async function updatePasswordHashByUserId({ userId, passwordHash }: { userId: string; passwordHash: string }): Promise<void> {
  await db()
    .update(users)
    .set({ passwordHash, sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId));
}

/** Returns null when the email is taken, so sign-up can answer without a race between check and insert. */
export async function createUser({
  executor = db(),
  email,
  name,
  passwordHash,
}: {
  executor?: Executor;
  /** Null only for an OAuth account whose provider shared no address. */
  email: string | null;
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

export async function updateUserNameById({ userId, name }: { userId: string; name: string }): Promise<void> {
  await db().update(users).set({ name }).where(eq(users.id, userId));
}

/** Memberships, OAuth links and settings cascade; authored rows elsewhere keep their content with no author. */
export async function deleteUserById({ executor = db(), userId }: { executor?: Executor; userId: string }): Promise<void> {
  await executor.delete(users).where(eq(users.id, userId));
}
