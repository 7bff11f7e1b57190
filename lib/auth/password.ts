import "server-only";

import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, t=2, p=1): strong yet ~30 ms here, so sign-in stays snappy.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against a fixed hash when the account does not exist keeps response times uniform. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("wafer-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
