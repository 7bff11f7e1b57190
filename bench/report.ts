import { CALIBRATION_ROUNDS, cpuLabel, type Machine } from "./machine";
import type { BenchResults } from "./run";
import { formatSpread as fs } from "./stats";

/* eslint-disable @typescript-eslint/no-explicit-any -- the spread mirrors ServerFigures with every number widened to a range */
type Spread = any;

/** The table every run prints: conditions first, then each figure (median and range over the runs). */
export function printTable(results: BenchResults): void {
  const rows: [string, string][] = [];
  const c = results.conditions as Record<string, unknown>;
  const m = c.machine as Machine;
  rows.push(["conditions", `app ${c.appNode}, bench ${c.benchNode}, ${c.cores} cores, ${cpuLabel(m)}, load ${JSON.stringify(c.loadAverageAtStart)} at start`]);
  rows.push(["", `calibration ${m.calibrationMs} ms (a fixed workload on one core before the run, fastest of ${CALIBRATION_ROUNDS}; lower is faster)`]);
  rows.push(["", `db ${JSON.stringify(c.dbDrivers)}, ${c.runsPerDb} run(s) per db, warm-up ${c.warmupRounds} rounds, ${c.quick ? "--quick" : "full"}, Chromium ${c.chromium}`]);
  for (const [driver, { spread, runs }] of Object.entries(results.server)) {
    const s = spread as Spread;
    const tag = `[${driver}, ${runs.length} run${runs.length > 1 ? "s" : ""}]`;
    for (const [rate, t] of Object.entries(s.throughput as Record<string, Spread>)) {
      rows.push([`${tag} throughput @${rate} D / P / O tok/s`, `${fs(t.D, 0)} / ${fs(t.P, 0)} / ${fs(t.O, 0)}; O/D ${fs(t.ratioOD)}, O/P ${fs(t.ratioOP)}`]);
    }
    rows.push([`${tag} added TTFB O−D p50 / p95`, `${fs(s.addedTtfbMs.p50, 1)} / ${fs(s.addedTtfbMs.p95, 1)} ms (P−D p50 ${fs(s.addedTtfbPeerMs.p50, 1)} ms)`]);
    const cpu = s.cpuMsPer1kTokens;
    rows.push([`${tag} CPU per 1k tokens P / O`, `${fs(cpu.P, 1)} / ${fs(cpu.O, 1)} ms (O: app ${fs(cpu.OAppOnly, 1)} + db ${fs(cpu.ODbOnly, 1)}); O/P ${fs(cpu.ratioOP)}`]);
    for (const [name, shape] of Object.entries(s.shapes as Record<string, Spread>)) {
      rows.push([
        `${tag} session "${name}"`,
        `added TTFB p50 ${fs(shape.addedTtfbMs.p50, 1)} ms (p95 ${fs(shape.addedTtfbMs.p95, 1)}, ${fs(shape.turns, 0)} turns each), ×${fs(shape.ratioToFresh)} fresh; O/D ${fs(shape.ratioOD)}; prompt ${fs(shape.promptKb, 0)} KB, ${fs(shape.contextTokens, 0)} tokens, ${fs(shape.itemsLeftOut, 0)} items left out`,
      ]);
      const leg = (l: Spread) => `${fs(l.request, 2)} / ${fs(l.upstream, 2)} / ${fs(l.back, 2)}`;
      rows.push([`${tag} session "${name}" legs p50: request / upstream / back`, `D ${leg(shape.legsMs.D)} ms; O ${leg(shape.legsMs.O)} ms`]);
    }
    for (const [k, level] of Object.entries(s.concurrency.levels as Record<string, Spread>)) {
      rows.push([
        `${tag} ${k} streams × 2,000 tok/s`,
        `O/D ${fs(level.ratioOD)} (D ${fs(level.D, 0)}, O ${fs(level.O, 0)} tok/s each); RSS ${fs(level.rssPerStreamMb, 2)} MB/stream; event-loop delay p99 ${fs(level.eventLoopDelayP99Ms, 1)} ms (max ${fs(level.eventLoopDelayMaxMs, 1)})`,
      ]);
    }
    rows.push([`${tag} concurrency: first level with O/D < 0.9`, String(runs.map((r) => r.concurrency.breaksAt ?? "none").join(", "))]);
    rows.push([`${tag} RSS growth over the memory run`, `${fs(s.rssGrowthMb, 1)} MB`]);
    rows.push([`${tag} DB statements per assistant message`, fs(s.dbStatementsPerMessage, 0)]);
    for (const [viewers, v] of Object.entries(s.live.byViewers as Record<string, Spread>)) {
      rows.push([
        `${tag} owner with ${viewers} live viewer(s) @${runs[0]?.live.rateTokS} tok/s`,
        `added TTFB p50 ${fs(v.addedTtfbMs.p50, 1)} ms (p95 ${fs(v.addedTtfbMs.p95, 1)}); throughput ×${fs(v.ownerTpsRatioTo0)} of 0 viewers` +
          (v.viewerLagMs ? `; viewer lag p50 ${fs(v.viewerLagMs.p50, 1)} ms, p95 ${fs(v.viewerLagMs.p95, 1)} ms` : ""),
      ]);
    }
    rows.push([`${tag} content-encoding per config`, `${JSON.stringify(runs[0]?.headers.perConfig)}; cache-control ${runs[0]?.headers.cacheControl}`]);
  }
  if (results.browser) {
    for (const [name, v] of Object.entries(results.browser.scenarios)) {
      rows.push([
        `browser ${name}`,
        `visible/upstream ${v.visibleRatio}; first +${v.firstVisibleMsP50} ms; last +${v.lastVisibleMsP50} ms (p95 ${v.lastVisibleMsP95}); long tasks >50 ms ${v.longTasks}, >100 ms ${v.longTasksOver100} (max ${v.longestTaskMs} ms); dropped frames ${v.droppedFrames}`,
      ]);
    }
    for (const [name, v] of Object.entries(results.browser.monaco)) rows.push([`monaco ${name}`, JSON.stringify(v)]);
  }
  if (results.pageLoad) {
    const p = results.pageLoad;
    for (const [name, v] of Object.entries(p.pages)) {
      rows.push([
        `page load ${name}`,
        `file shown ${v.editorShownMs} ms, keystroke ${v.keystrokeMs} ms (${v.keystrokeMsRange.min}–${v.keystrokeMsRange.max}; ≤ ${v.keystrokeAttempts} tries), chat input ${v.chatInputMs ?? "—"} ms; JS ${v.jsTransferredKb} KB transferred, ${v.jsDecodedKb} KB parsed, ${v.jsRequests} files`,
      ]);
    }
    const r = (k: keyof typeof p.ratios) => `${p.ratios[k]} (${p.ratioRanges[k].min}–${p.ratioRanges[k].max})`;
    rows.push([
      `page load IDE ÷ bare Monaco [median (range) of ${p.runs} paired runs]`,
      `keystroke cold ${r("keystrokeCold")}, warm ${r("keystrokeWarm")}; JS bytes ${r("jsBytes")}; typed every ${p.typeCadenceMs} ms until taken`,
    ]);
    rows.push(["largest IDE chunks (KB parsed)", p.largestChunks.map((ch) => `${ch.file} ${ch.kb} (${ch.contains})`).join("; ")]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}
