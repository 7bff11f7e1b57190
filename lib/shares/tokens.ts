import "server-only";

import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, independent of any row id. */
export const newShareToken = () => randomBytes(32).toString("base64url");
export const hashShareToken = (token: string) => createHash("sha256").update(token).digest("hex");
