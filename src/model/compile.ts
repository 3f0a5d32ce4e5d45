import { DEFAULT_LOCAL_LATENCY_MS, defaultDemand, defaultLatencySloMs } from "./defaults.js";
import { RESOURCE_COUNT, RESOURCES, type Scenario, TIERS, type Tier } from "./types.js";

/** Tier codes used in flat arrays: index into TIERS. */
export const TIER_CORE = 0;
export const TIER_EDGE = 1;

/**
 * A validated scenario flattened into typed arrays addressed by index: the form every kernel and
 * solver works on. Node, task and site indices follow the order of the scenario's arrays.
 */
export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly taskCount: number;
  readonly nodeCount: number;
  readonly siteCount: number;
  readonly slots: number;
  readonly slotHours: number;
  /** nodeCapacity[n*R + r]. */
  readonly nodeCapacity: Float32Array;
  readonly nodeSite: Int32Array;
  readonly nodeTier: Int32Array;
  readonly nodeIdleW: Float64Array;
  readonly nodePeakW: Float64Array;
  readonly nodePue: Float64Array;
  readonly nodeCostPerHour: Float64Array;
  /** nodeCarbon[n*S + s]: gCO2/kWh of the node's region in slot s. */
  readonly nodeCarbon: Float64Array;
  /** siteLatency[a*siteCount + b]: round-trip ms from site a to site b. */
  readonly siteLatency: Float64Array;
  readonly taskOrigin: Int32Array;
  /** Peak demand taskPeak[t*R + r]. */
  readonly taskPeak: Float32Array;
  /** Demand multipliers, taskProfile[t*S + k] for k < taskDuration[t] (relative to the task start). */
  readonly taskProfile: Float32Array;
  readonly taskSloMs: Float64Array;
  /** Earliest start slot, latest end slot (exclusive) and run length of every task. */
  readonly taskWindowStart: Int32Array;
  readonly taskWindowEnd: Int32Array;
  readonly taskDuration: Int32Array;
  /** Default start slot: the window start (tasks without a window start at 0). */
  readonly defaultStarts: Int32Array;
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly taskIndex: ReadonlyMap<string, number>;
}

/** Flattens a scenario that passed `validateScenario`. */
export function compileScenario(scenario: Scenario): CompiledScenario {
  const S = scenario.horizon.slots;
  const R = RESOURCE_COUNT;
  const siteIndex = new Map(scenario.sites.map((s, i) => [s.id, i]));
  const siteTier = scenario.sites.map((s) => TIERS.indexOf(s.tier as Tier));
  const siteCount = scenario.sites.length;

  const local = scenario.localLatencyMs ?? DEFAULT_LOCAL_LATENCY_MS;
  const siteLatency = new Float64Array(siteCount * siteCount).fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < siteCount; a++) siteLatency[a * siteCount + a] = local;
  // Symmetric unless both directions are given: fill the reverse only where it is still unknown.
  for (const l of scenario.latency) {
    const a = siteIndex.get(l.from) as number;
    const b = siteIndex.get(l.to) as number;
    siteLatency[a * siteCount + b] = l.ms;
  }
  const given = new Set(scenario.latency.map((l) => `${l.from}\u0000${l.to}`));
  for (const l of scenario.latency) {
    const a = siteIndex.get(l.from) as number;
    const b = siteIndex.get(l.to) as number;
    if (!given.has(`${l.to}\u0000${l.from}`)) siteLatency[b * siteCount + a] = l.ms;
  }

  const N = scenario.nodes.length;
  const nodeCapacity = new Float32Array(N * R);
  const nodeSite = new Int32Array(N);
  const nodeTier = new Int32Array(N);
  const nodeIdleW = new Float64Array(N);
  const nodePeakW = new Float64Array(N);
  const nodePue = new Float64Array(N);
  const nodeCostPerHour = new Float64Array(N);
  const nodeCarbon = new Float64Array(N * S);
  scenario.nodes.forEach((n, i) => {
    RESOURCES.forEach((r, k) => {
      nodeCapacity[i * R + k] = n.capacity[r] ?? 0;
    });
    nodeSite[i] = siteIndex.get(n.site) as number;
    nodeTier[i] = siteTier[nodeSite[i]];
    nodeIdleW[i] = n.power.idleW;
    nodePeakW[i] = n.power.peakW;
    nodePue[i] = n.pue;
    nodeCostPerHour[i] = n.costPerHour;
    nodeCarbon.set(scenario.carbon[n.carbonRegion], i * S);
  });

  const T = scenario.tasks.length;
  const taskOrigin = new Int32Array(T);
  const taskPeak = new Float32Array(T * R);
  const taskProfile = new Float32Array(T * S);
  const taskSloMs = new Float64Array(T);
  const taskWindowStart = new Int32Array(T);
  const taskWindowEnd = new Int32Array(T);
  const taskDuration = new Int32Array(T);
  scenario.tasks.forEach((t, i) => {
    taskOrigin[i] = siteIndex.get(t.origin) as number;
    const d = { ...defaultDemand(t.type, t.scale), ...t.demand };
    RESOURCES.forEach((r, k) => {
      taskPeak[i * R + k] = d[r] ?? 0;
    });
    taskSloMs[i] = t.latencySloMs ?? defaultLatencySloMs(t.type);
    const start = t.window?.start ?? 0;
    const end = t.window?.end ?? S;
    const duration = t.window ? (t.window.durationSlots ?? end - start) : S;
    taskWindowStart[i] = start;
    taskWindowEnd[i] = end;
    taskDuration[i] = duration;
    for (let k = 0; k < duration; k++) taskProfile[i * S + k] = t.profile ? t.profile[k] : 1;
  });

  return {
    scenario,
    taskCount: T,
    nodeCount: N,
    siteCount,
    slots: S,
    slotHours: scenario.horizon.slotMinutes / 60,
    nodeCapacity,
    nodeSite,
    nodeTier,
    nodeIdleW,
    nodePeakW,
    nodePue,
    nodeCostPerHour,
    nodeCarbon,
    siteLatency,
    taskOrigin,
    taskPeak,
    taskProfile,
    taskSloMs,
    taskWindowStart,
    taskWindowEnd,
    taskDuration,
    defaultStarts: taskWindowStart.slice(),
    nodeIndex: new Map(scenario.nodes.map((n, i) => [n.id, i])),
    taskIndex: new Map(scenario.tasks.map((t, i) => [t.id, i])),
  };
}

/** Round-trip latency from task t's origin to node n's site. */
export function taskNodeLatency(c: CompiledScenario, t: number, n: number): number {
  return c.siteLatency[c.taskOrigin[t] * c.siteCount + c.nodeSite[n]];
}

/**
 * The demand tensor D[t][r][s] (length T*R*S) for given start slots: peak demand times the task's
 * profile over its run [start, start + duration), zero elsewhere.
 */
export function buildDemandTensor(c: CompiledScenario, starts: ArrayLike<number>, out?: Float32Array): Float32Array {
  const R = RESOURCE_COUNT;
  const S = c.slots;
  const rowLen = R * S;
  const D = out ?? new Float32Array(c.taskCount * rowLen);
  D.fill(0);
  for (let t = 0; t < c.taskCount; t++) {
    writeTaskDemandRow(c, t, starts[t], D, t * rowLen);
  }
  return D;
}

/** Writes one task's R*S demand row at `offset` of `out` (zeroes outside the run are left as they are). */
export function writeTaskDemandRow(c: CompiledScenario, t: number, start: number, out: Float32Array, offset: number): void {
  const R = RESOURCE_COUNT;
  const S = c.slots;
  const dur = c.taskDuration[t];
  for (let r = 0; r < R; r++) {
    const peak = c.taskPeak[t * R + r];
    if (peak === 0) continue;
    const base = offset + r * S;
    for (let k = 0; k < dur; k++) out[base + start + k] = peak * c.taskProfile[t * S + k];
  }
}
