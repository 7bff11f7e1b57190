import "server-only";

import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";

import { db } from "./client";
import { accounts, users, verificationTokens } from "./schema";

/** Auth.js links OAuth accounts through this; sessions themselves are JWTs, so no sessions table. */
export function authAdapter(): Adapter {
  return DrizzleAdapter(db(), { usersTable: users, accountsTable: accounts, verificationTokensTable: verificationTokens });
}
