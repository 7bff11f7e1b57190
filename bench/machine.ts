import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * The machine a run measured, beyond the code. Two machines sold as the same kind ("2-core AMD
 * EPYC") measured the same commit's typing at p95 67 and 31 ms: the model name alone does not
 * tell CPU generations apart, their family and clock do, and a fixed workload's time on one core
 * says how fast the machine actually was when the run began.
 */
export interface Machine {
  cpuModel: string;
  /** From /proc/cpuinfo (x86 family and model numbers), null where it is not available. */
  cpuFamily: number | null;
  cpuModelNumber: number | null;
  cpuMhz: number | null;
  /** Fastest time of `calibrationWorkload` over CALIBRATION_ROUNDS, in ms: lower is faster. */
  calibrationMs: number;
}

export function parseCpuinfo(text: string): Pick<Machine, "cpuFamily" | "cpuModelNumber" | "cpuMhz"> {
  const field = (name: string) => {
    const match = new RegExp(`^${name}\\s*:\\s*([\\d.]+)`, "m").exec(text);
    return match ? Number(match[1]) : null;
  };
  return { cpuFamily: field("cpu family"), cpuModelNumber: field("model"), cpuMhz: field("cpu MHz") };
}

/** Plain V8 work of the kinds the app and the page do (objects, JSON, sorting strings, regexes); its result keeps it from being optimised away. */
export function calibrationWorkload(): number {
  const items = Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item-${(i * 7919) % 20_000}`, parts: [i, i * 2, `x${i}`] }));
  const back = JSON.parse(JSON.stringify(items)) as typeof items;
  back.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let sum = 0;
  for (const item of back) sum += Number(/(\d+)$/.exec(item.name)![1]) % 7;
  return sum;
}

const CALIBRATION_WARMUP = 3;
export const CALIBRATION_ROUNDS = 9;

function calibrate(): number {
  const times: number[] = [];
  let keep = 0;
  for (let i = 0; i < CALIBRATION_WARMUP + CALIBRATION_ROUNDS; i++) {
    const start = performance.now();
    keep += calibrationWorkload();
    if (i >= CALIBRATION_WARMUP) times.push(performance.now() - start);
  }
  if (keep < 0) throw new Error("unreachable");
  // The fastest round is the one least disturbed by whatever else runs: on one machine it spread
  // 16.8–19.9 ms over eight runs, where the median spread 19.8–25.9.
  return Math.round(Math.min(...times) * 10) / 10;
}

/** Read before anything else starts: the calibration wants an idle machine. */
export function describeMachine(): Machine {
  let cpuinfo = "";
  try {
    cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    // Not Linux: the model name and the calibration still say what they can.
  }
  return { cpuModel: os.cpus()[0]?.model ?? "unknown", ...parseCpuinfo(cpuinfo), calibrationMs: calibrate() };
}

/** The CPU as a run names it: the model name alone does not tell generations apart. */
export function cpuLabel(m: Partial<Machine>): string {
  return `${m.cpuModel ?? "?"} (family ${m.cpuFamily ?? "?"}, model ${m.cpuModelNumber ?? "?"}, ${m.cpuMhz ? Math.round(m.cpuMhz) : "?"} MHz)`;
}

/**
 * Past this difference in calibration time, two runs measured machines of different speed. One
 * machine read 16.1–22.9 ms across runs (some of them on a busy machine); the slower AMD machines
 * took about 1.7× this one's time per key.
 */
export const SPEED_DIFFERENCE = 0.3;

/** How two runs' machines compare, for `--compare`: figures of machines of different speed differ for that reason too. */
export function compareMachines(before: Partial<Machine> | undefined, after: Partial<Machine> | undefined): string {
  const describe = (m: Partial<Machine>) => `${cpuLabel(m)}, calibration ${m.calibrationMs ?? "?"} ms`;
  if (!before?.calibrationMs || !after?.calibrationMs) return `machine: the earlier result has no calibration; now ${after ? describe(after) : "?"}`;
  const change = after.calibrationMs / before.calibrationMs - 1;
  const verdict =
    Math.abs(change) > SPEED_DIFFERENCE
      ? `a ${change > 0 ? "slower" : "faster"} machine (${change > 0 ? "+" : ""}${Math.round(change * 100)}% calibration time): figures moved for that reason too`
      : "the same speed of machine";
  return `machine: ${describe(before)} → ${describe(after)}: ${verdict}`;
}
