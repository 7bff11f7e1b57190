import "server-only";

import {
  deleteRateLimitBucketByKey,
  getRateLimitCountByKey,
  hitRateLimitBucketByKey,
} from "@/db/queries/auth";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";

const FAILURE_WINDOW_SECONDS = 15 * 60;
const SIGNUP_WINDOW_SECONDS = 60 * 60;

const accountKey = (email: string) => `signin-failure:account:${email}`;
const ipKey = (ip: string) => `signin-failure:ip:${ip}`;

/** Checked before the password is even looked at, so a locked account costs an attacker nothing to probe. */
export async function isSignInBlocked({ email, ip }: { email: string; ip: string | null }): Promise<boolean> {
  const { AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT, AUTH_SIGNIN_MAX_FAILURES_PER_IP } = env();
  const [accountFailures, ipFailures] = await Promise.all([
    getRateLimitCountByKey({ key: accountKey(email), windowSeconds: FAILURE_WINDOW_SECONDS }),
    ip ? getRateLimitCountByKey({ key: ipKey(ip), windowSeconds: FAILURE_WINDOW_SECONDS }) : 0,
  ]);
  return accountFailures >= AUTH_SIGNIN_MAX_FAILURES_PER_ACCOUNT || ipFailures >= AUTH_SIGNIN_MAX_FAILURES_PER_IP;
}

export async function recordSignInFailure({ email, ip }: { email: string; ip: string | null }): Promise<void> {
  await Promise.all([
    hitRateLimitBucketByKey({ key: accountKey(email), windowSeconds: FAILURE_WINDOW_SECONDS }),
    ip ? hitRateLimitBucketByKey({ key: ipKey(ip), windowSeconds: FAILURE_WINDOW_SECONDS }) : undefined,
  ]);
}

/** A correct password clears the account's failures; the IP's stay, or one good account unlocks guessing at others. */
export async function recordSignInSuccess({ email }: { email: string }): Promise<void> {
  await deleteRateLimitBucketByKey({ key: accountKey(email) });
}

/** Returns false once this address has created too many accounts in the window. */
export async function allowSignUp({ ip }: { ip: string | null }): Promise<boolean> {
  if (!ip) return true;
  const count = await hitRateLimitBucketByKey({ key: `signup:ip:${ip}`, windowSeconds: SIGNUP_WINDOW_SECONDS });
  return count <= env().AUTH_SIGNUP_MAX_PER_IP;
}

/** The client address for throttling: the socket's, or the right X-Forwarded-For hop behind trusted proxies. */
export function clientIp(headers: Headers): string {
  return clientAddress(headers, { hops: env().TRUSTED_PROXY_HOPS });
}
