import { compareMachines, type Machine } from "./machine";

/** Numeric leaves by dotted path; arrays of runs are skipped (their spread is compared instead). */
function flatten(value: unknown, prefix = "", out = new Map<string, number | string>()): Map<string, number | string> {
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
    out.set(prefix, typeof value === "boolean" ? String(value) : value);
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "runs" && Array.isArray(v)) continue;
      // A spread compares by its median.
      if (k === "min" || k === "max") continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
  }
  return out;
}

/** Prints every figure that changed against an earlier latest.json, and the conditions of both. */
export function compareResults(before: unknown, after: unknown): void {
  const a = flatten(before);
  const b = flatten(after);
  const rows: [string, string, string, string][] = [];
  for (const [key, now] of b) {
    if (key.startsWith("conditions.measuredAt") || key.startsWith("conditions.durationS")) continue;
    const was = a.get(key);
    if (was === undefined) {
      rows.push([key, "—", String(now), "new"]);
    } else if (was !== now) {
      const change = typeof was === "number" && typeof now === "number" && was !== 0 ? `${now > was ? "+" : ""}${Math.round(((now - was) / Math.abs(was)) * 100)}%` : "";
      rows.push([key, String(was), String(now), change]);
    }
  }
  for (const key of a.keys()) if (!b.has(key)) rows.push([key, String(a.get(key)), "—", "gone"]);
  const machineOf = (result: unknown) => (result as { conditions?: { machine?: Partial<Machine> } }).conditions?.machine;
  console.log(`\ncompared with the earlier result: ${rows.length} figures changed`);
  console.log(compareMachines(machineOf(before), machineOf(after)));
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  for (const [k, was, now, change] of rows) console.log(`${k.replace(/\.median$/, "").padEnd(width)}  ${was} → ${now}  ${change}`);
}
