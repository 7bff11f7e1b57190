import type { JWT } from "next-auth/jwt";

/** The claim carrying users.session_generation in the session token. */
export const GENERATION_CLAIM = "gen";

/** Tokens issued before the claim existed count as generation 0, the column's default. */
export function tokenSessionGeneration(token: JWT): number {
  const value = token[GENERATION_CLAIM];
  return typeof value === "number" && Number.isInteger(value) ? value : 0;
}
