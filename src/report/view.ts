import type { LoadSnapshot } from "../kernels/load-model.js";
import { type CompiledScenario, taskNodeLatency } from "../model/compile.js";
import { RESOURCE_COUNT, TASK_TYPES, TIERS, type TaskType, type Tier } from "../model/types.js";
import { type Assignment, nodeActivity, type PlanEvaluation, type SloViolation, type TierSummary } from "../solve/evaluate.js";
import type { UnplacedTask } from "../solve/greedy.js";

/** How many violations and unplaced tasks a view lists by name (the counts are always complete). */
export const VIEW_SAMPLE = 50;

/** One node as the fleet table shows it. */
export interface NodeView {
  id: string;
  site: string;
  tier: Tier;
  cpu: number;
  memGiB: number;
  gpu: number;
  netMbps: number;
  /** Tasks placed on the node. */
  tasks: number;
  /** Slots the node is powered on. */
  onSlots: number;
  /** Highest CPU utilisation over the horizon (1 = full). */
  peakCpu: number;
}

export interface SiteView {
  id: string;
  tier: Tier;
  nodes: number;
  /** Tasks whose users are at this site. */
  originTasks: number;
  /** Tasks placed on nodes of this site. */
  placedTasks: number;
}

/** Per-slot series of one tier. */
export interface TierSeries {
  /** CPU demand placed on the tier, per slot (cores). */
  cpuLoad: Float64Array;
  /** CPU capacity of every node of the tier (cores), the same in every slot. */
  cpuCapacity: number;
  /** CPU capacity of the tier's nodes that are on, per slot. */
  cpuCapacityOn: Float64Array;
  energyKWh: Float64Array;
  carbonKg: Float64Array;
}

/** SLO status of one task type. */
export interface SloByType {
  type: TaskType;
  tasks: number;
  placed: number;
  met: number;
}

/**
 * Everything a dashboard or report shows about one plan, as plain data (typed arrays are transferred
 * from a worker, and become JSON arrays in a report). Built by `buildPlanView`.
 */
export interface PlanView {
  policy: string;
  seed: number;
  timeMs: number;
  slots: number;
  slotMinutes: number;
  sites: SiteView[];
  nodes: NodeView[];
  /** CPU utilisation, node-major: cpuUtil[n*slots + s] (0 where the node is off). */
  cpuUtil: Float32Array;
  /** 1 where node n is on in slot s: nodeOn[n*slots + s]. */
  nodeOn: Uint8Array;
  tiers: Record<Tier, TierSeries>;
  totals: Omit<PlanEvaluation, "unplaced" | "capacityViolations" | "sloViolations" | "tiers"> & {
    tiers: Record<Tier, TierSummary>;
    tasks: number;
    placed: number;
    unplaced: number;
    sloViolations: number;
    capacityViolations: number;
  };
  slo: {
    byType: SloByType[];
    /** At most VIEW_SAMPLE of each. */
    violations: SloViolation[];
    unplaced: UnplacedTask[];
    capacity: { node: string; slot: number; resource: string; amount: number }[];
  };
}

/** The typed arrays of a view, for transferring it from a worker without a copy. */
export function viewBuffers(v: PlanView): ArrayBuffer[] {
  const out: ArrayBuffer[] = [v.cpuUtil.buffer as ArrayBuffer, v.nodeOn.buffer as ArrayBuffer];
  for (const t of TIERS) {
    const s = v.tiers[t];
    out.push(s.cpuLoad.buffer as ArrayBuffer, s.cpuCapacityOn.buffer as ArrayBuffer);
    out.push(s.energyKWh.buffer as ArrayBuffer, s.carbonKg.buffer as ArrayBuffer);
  }
  return out;
}

/**
 * Builds the view of a scored plan from its loads (copied out of WASM memory by `LoadModel.aggregate`).
 * Per-slot energy and carbon use the evaluator's formula (`evaluateLoads`), so each tier's series
 * sums to the evaluation's tier totals.
 */
export function buildPlanView(
  c: CompiledScenario,
  policy: string,
  seed: number,
  timeMs: number,
  plan: Assignment,
  loads: LoadSnapshot,
  evaluation: PlanEvaluation,
  unplaced: UnplacedTask[],
): PlanView {
  const { nodeCount: N, slots: S, taskCount: T } = c;
  const R = RESOURCE_COUNT;
  const on = nodeActivity(c, plan);
  const cpuUtil = new Float32Array(N * S);
  const tiers = Object.fromEntries(
    TIERS.map((t) => [
      t,
      {
        cpuLoad: new Float64Array(S),
        cpuCapacity: 0,
        cpuCapacityOn: new Float64Array(S),
        energyKWh: new Float64Array(S),
        carbonKg: new Float64Array(S),
      },
    ]),
  ) as Record<Tier, TierSeries>;

  const taskCount = new Int32Array(N);
  for (let t = 0; t < T; t++) if (plan.node[t] >= 0) taskCount[plan.node[t]]++;

  const nodes: NodeView[] = [];
  for (let n = 0; n < N; n++) {
    const tier = TIERS[c.nodeTier[n]];
    const series = tiers[tier];
    const cap = c.nodeCapacity[n * R];
    series.cpuCapacity += cap;
    let onSlots = 0;
    for (let s = 0; s < S; s++) {
      series.cpuLoad[s] += loads.nodeLoad[n * R * S + s];
      if (!on[n * S + s]) continue;
      onSlots++;
      series.cpuCapacityOn[s] += cap;
      const uRaw = loads.utilisation[n * R * S + s];
      cpuUtil[n * S + s] = Number.isFinite(uRaw) ? uRaw : 1;
      const u = Math.min(1, uRaw);
      const kwh = ((c.nodeIdleW[n] + (c.nodePeakW[n] - c.nodeIdleW[n]) * u) * c.nodePue[n] * c.slotHours) / 1000;
      series.energyKWh[s] += kwh;
      series.carbonKg[s] += (kwh * c.nodeCarbon[n * S + s]) / 1000;
    }
    const spec = c.scenario.nodes[n];
    nodes.push({
      id: spec.id,
      site: spec.site,
      tier,
      cpu: spec.capacity.cpu,
      memGiB: spec.capacity.memGiB,
      gpu: spec.capacity.gpu ?? 0,
      netMbps: spec.capacity.netMbps ?? 0,
      tasks: taskCount[n],
      onSlots,
      peakCpu: onSlots > 0 ? loads.peakUtilisation[n * R] : 0,
    });
  }

  const sites: SiteView[] = c.scenario.sites.map((s) => ({ id: s.id, tier: s.tier, nodes: 0, originTasks: 0, placedTasks: 0 }));
  for (let n = 0; n < N; n++) {
    sites[c.nodeSite[n]].nodes++;
    sites[c.nodeSite[n]].placedTasks += taskCount[n];
  }
  for (let t = 0; t < T; t++) sites[c.taskOrigin[t]].originTasks++;

  const byType = TASK_TYPES.map((type) => ({ type, tasks: 0, placed: 0, met: 0 }));
  c.scenario.tasks.forEach((task, t) => {
    const row = byType[TASK_TYPES.indexOf(task.type)];
    row.tasks++;
    const n = plan.node[t];
    if (n < 0) return;
    row.placed++;
    if (taskNodeLatency(c, t, n) <= c.taskSloMs[t]) row.met++;
  });

  const e = evaluation;
  return {
    policy,
    seed,
    timeMs,
    slots: S,
    slotMinutes: c.scenario.horizon.slotMinutes,
    sites,
    nodes,
    cpuUtil,
    nodeOn: on,
    tiers,
    totals: {
      feasible: e.feasible,
      energyKWh: e.energyKWh,
      carbonKg: e.carbonKg,
      costUsd: e.costUsd,
      meanLatencyMs: e.meanLatencyMs,
      imbalance: e.imbalance,
      objective: e.objective,
      penalty: e.penalty,
      weightedTotal: e.weightedTotal,
      tiers: e.tiers,
      tasks: T,
      placed: T - e.unplaced.length,
      unplaced: e.unplaced.length,
      sloViolations: e.sloViolations.length,
      capacityViolations: e.capacityViolations.length,
    },
    slo: {
      byType,
      violations: e.sloViolations.slice(0, VIEW_SAMPLE),
      unplaced: unplaced.slice(0, VIEW_SAMPLE),
      capacity: e.capacityViolations.slice(0, VIEW_SAMPLE),
    },
  };
}
