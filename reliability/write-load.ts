import { listTree, createEntry } from "@/lib/files/service";
import { toAppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";

import { quantile } from "./support";

export interface WriteLoadFigures {
  rounds: number;
  attempted: number;
  acknowledged: number;
  /** Acknowledged writes missing afterwards: the target is 0. */
  lost: number;
  /** Failed with offline:database (503, retry): the client knows what happened. */
  clearErrors: number;
  /** Failed any other way (a masked 500). */
  unclearErrors: number;
  /** Not settled within the hang limit. */
  hung: number;
  recoveryP50Ms: number;
  recoveryMaxMs: number;
  uncaught: number;
}

const HANG_MS = 10_000;

/**
 * The count of what survived, read as a client told to retry would: once in CI the read right after
 * the last restart met a refused connection (ECONNREFUSED, the app's clear offline:database), though
 * pg_ctl had reported the server started. Any other error, or offline past the hang limit, fails.
 */
async function readWhenOnline<T>(read: () => Promise<T>): Promise<T> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (toAppError(error, "files").code !== "offline:database" || performance.now() - started > HANG_MS) throw error;
      console.log(`the final read found the database offline (attempt ${attempt}); reading again in 100 ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Real writes (lib/files createEntry: a transaction, as every file API write) from `workers` loops,
 * while `fault` breaks the database once per round. Recovery is the time from the fault until the
 * first write that started after it succeeds, with the same process and pool: no restart.
 */
export async function writeUnderFaults({
  project,
  rounds,
  fault,
  workers = 8,
  settleMs = 400,
}: {
  project: ProjectAccess;
  rounds: number;
  fault: (round: number) => Promise<void>;
  workers?: number;
  settleMs?: number;
}): Promise<WriteLoadFigures> {
  const acknowledged: string[] = [];
  const figures = { attempted: 0, clearErrors: 0, unclearErrors: 0, hung: 0, uncaught: 0 };
  const unclear: unknown[] = [];
  const onUncaught = () => figures.uncaught++;
  process.on("uncaughtException", onUncaught);
  let faultAt: number | null = null;
  const recoveries: number[] = [];
  let stop = false;
  let seq = 0;

  const worker = async (w: number) => {
    while (!stop) {
      const path = `load/w${w}-${seq++}.txt`;
      const started = performance.now();
      figures.attempted++;
      const write = createEntry(project, { path, kind: "file", content: `written at ${started}\n` }).then(
        () => {
          acknowledged.push(path);
          if (faultAt !== null && started > faultAt) {
            recoveries.push(performance.now() - faultAt);
            faultAt = null;
          }
          return "ok" as const;
        },
        (error: unknown) => {
          const appError = toAppError(error, "files");
          if (appError.code === "offline:database") figures.clearErrors++;
          else {
            figures.unclearErrors++;
            unclear.push(error);
          }
          return "error" as const;
        },
      );
      const outcome = await Promise.race([write, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), HANG_MS))]);
      if (outcome === "hung") figures.hung++;
      // A failed write waits a moment, as a client told to retry would.
      if (outcome === "error") await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const running = Array.from({ length: workers }, (_, w) => worker(w));
  try {
    for (let round = 0; round < rounds; round++) {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      // Measure from this fault only once the previous one has recovered.
      for (let waited = 0; faultAt !== null && waited < HANG_MS; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      faultAt = performance.now();
      await fault(round);
    }
    for (let waited = 0; faultAt !== null && waited < HANG_MS * 2; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    stop = true;
    await Promise.all(running);
    process.off("uncaughtException", onUncaught);
  }
  if (unclear.length) console.log("unclear errors (first 3):", unclear.slice(0, 3));
  const present = new Set((await readWhenOnline(() => listTree(project))).map((entry) => entry.path));
  return {
    rounds,
    ...figures,
    acknowledged: acknowledged.length,
    lost: acknowledged.filter((path) => !present.has(path)).length,
    recoveryP50Ms: quantile(recoveries, 0.5),
    recoveryMaxMs: faultAt !== null ? Number.POSITIVE_INFINITY : Math.max(...recoveries),
  };
}
