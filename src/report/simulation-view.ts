import type { SimulationView } from "./dashboard.js";

/** The fields of a simulator tick record the report draws (structurally `TickRecord` of src/sim). */
export interface SimTickLike {
  tick: number;
  queued: number;
  running: number;
  nodesOn: number;
  energyKWh: number;
  carbonKg: number;
  sloViolations: number;
}

/** A simulator result as the report reads it (structurally `SimResult` of src/sim). */
export interface SimResultLike {
  summary: { policy: string } & object;
  timeline: readonly SimTickLike[];
}

/** Summary fields shown in the report's table, in this order, when the result has them. */
const SUMMARY_KEYS = [
  "tasksSubmitted",
  "tasksCompleted",
  "tasksRunning",
  "tasksQueued",
  "tasksRejected",
  "tasksLost",
  "sloViolationSlots",
  "overloadNodeTicks",
  "energyKWh",
  "carbonKg",
  "costUsd",
  "migrations",
  "nodeFailures",
  "failoversCompleted",
  "maxFailoverTicks",
  "tasksShifted",
  "runtimeMs",
];

/** Turns a simulation result into the dashboard's per-tick series and summary numbers. */
export function simulationView(result: SimResultLike): SimulationView {
  const t = result.timeline;
  const col = (f: (r: SimTickLike) => number) => Float64Array.from(t, f);
  const summary: Record<string, number> = {};
  const raw = result.summary as Record<string, unknown>;
  for (const k of SUMMARY_KEYS) if (typeof raw[k] === "number") summary[k] = raw[k] as number;
  return {
    policy: result.summary.policy,
    ticks: col((r) => r.tick),
    running: col((r) => r.running),
    queued: col((r) => r.queued),
    nodesOn: col((r) => r.nodesOn),
    energyKWh: col((r) => r.energyKWh),
    carbonKg: col((r) => r.carbonKg),
    sloViolations: col((r) => r.sloViolations),
    summary,
  };
}
