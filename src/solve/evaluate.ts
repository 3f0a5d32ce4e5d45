import type { LoadModel, LoadSnapshot } from "../kernels/load-model.js";
import { type CompiledScenario, taskNodeLatency } from "../model/compile.js";
import { RESOURCE_COUNT, RESOURCES, type Resource, TIERS, type Tier } from "../model/types.js";

/** A plan: the node of every task (-1 = unplaced) and the start slot of every task. */
export interface Assignment {
  node: Int32Array;
  start: Int32Array;
}

export interface CapacityViolation {
  node: string;
  slot: number;
  resource: Resource;
  /** Demand above capacity, in the resource's unit. */
  amount: number;
}

export interface SloViolation {
  task: string;
  node: string;
  latencyMs: number;
  sloMs: number;
}

export interface TierSummary {
  tasks: number;
  nodesUsed: number;
  energyKWh: number;
  carbonKg: number;
  costUsd: number;
  /** Highest CPU utilisation of any node of the tier in any slot (1 = full). */
  peakCpuUtilisation: number;
}

/** Everything the scorer knows about a plan; all solvers rank plans by `weightedTotal`. */
export interface PlanEvaluation {
  feasible: boolean;
  unplaced: string[];
  capacityViolations: CapacityViolation[];
  sloViolations: SloViolation[];
  energyKWh: number;
  carbonKg: number;
  costUsd: number;
  meanLatencyMs: number;
  /** Standard deviation, in percentage points, of mean CPU utilisation across nodes that are ever on. */
  imbalance: number;
  tiers: Record<Tier, TierSummary>;
  /** Weighted sum of the objectives (without penalty). */
  objective: number;
  /** Penalty for infeasibility: overload in units of node capacity, SLO violations and unplaced tasks. */
  penalty: number;
  /** objective + penalty: the one number solvers minimise. */
  weightedTotal: number;
}

/** Weight of one unit of infeasibility; large enough that any feasible plan beats any infeasible one in practice. */
export const INFEASIBILITY_WEIGHT = 1e6;
/** Overload below this fraction of capacity is float noise, not a violation. */
const CAPACITY_TOLERANCE = 1e-5;

/**
 * Scores a plan (Foundation issue §5). Energy: a node with no running task is off; an on node draws
 * idleW + (peakW - idleW) * cpuUtilisation (capped at 1), times its PUE. Carbon: energy times the
 * region's intensity in that slot. Cost: costPerHour for every slot the node is on.
 */
export function evaluatePlan(model: LoadModel, plan: Assignment): PlanEvaluation {
  model.setStarts(plan.start);
  return evaluateLoads(model.compiled, plan, model.aggregate(plan.node));
}

/** The scoring half of `evaluatePlan`, for callers that already hold the plan's loads. */
export function evaluateLoads(c: CompiledScenario, plan: Assignment, loads: LoadSnapshot): PlanEvaluation {
  const { taskCount: T, nodeCount: N, slots: S } = c;
  const R = RESOURCE_COUNT;
  const nodeOn = nodeActivity(c, plan);

  const tiers = Object.fromEntries(
    TIERS.map((t) => [t, { tasks: 0, nodesUsed: 0, energyKWh: 0, carbonKg: 0, costUsd: 0, peakCpuUtilisation: 0 }]),
  ) as Record<Tier, TierSummary>;

  const capacityViolations: CapacityViolation[] = [];
  let overload = 0;
  let energy = 0;
  let carbon = 0;
  let cost = 0;
  const meanUtil: number[] = [];
  for (let n = 0; n < N; n++) {
    const tier = tiers[TIERS[c.nodeTier[n]]];
    let onSlots = 0;
    let utilSum = 0;
    for (let s = 0; s < S; s++) {
      for (let r = 0; r < R; r++) {
        const cap = c.nodeCapacity[n * R + r];
        const over = loads.nodeLoad[(n * R + r) * S + s] - cap;
        if (over > CAPACITY_TOLERANCE * Math.max(cap, 1)) {
          capacityViolations.push({ node: c.scenario.nodes[n].id, slot: s, resource: RESOURCES[r], amount: over });
          overload += cap > 0 ? over / cap : over;
        }
      }
      if (!nodeOn[n * S + s]) continue;
      onSlots++;
      const u = Math.min(1, loads.utilisation[n * R * S + s]);
      utilSum += u;
      const kwh = ((c.nodeIdleW[n] + (c.nodePeakW[n] - c.nodeIdleW[n]) * u) * c.nodePue[n] * c.slotHours) / 1000;
      const kg = (kwh * c.nodeCarbon[n * S + s]) / 1000;
      const usd = c.nodeCostPerHour[n] * c.slotHours;
      energy += kwh;
      carbon += kg;
      cost += usd;
      tier.energyKWh += kwh;
      tier.carbonKg += kg;
      tier.costUsd += usd;
    }
    if (onSlots > 0) {
      tier.nodesUsed++;
      tier.peakCpuUtilisation = Math.max(tier.peakCpuUtilisation, loads.peakUtilisation[n * R]);
      meanUtil.push((100 * utilSum) / onSlots);
    }
  }

  const unplaced: string[] = [];
  const sloViolations: SloViolation[] = [];
  let latencySum = 0;
  let placed = 0;
  for (let t = 0; t < T; t++) {
    const n = plan.node[t];
    if (n < 0 || n >= N) {
      unplaced.push(c.scenario.tasks[t].id);
      continue;
    }
    placed++;
    tiers[TIERS[c.nodeTier[n]]].tasks++;
    const lat = taskNodeLatency(c, t, n);
    latencySum += lat;
    if (lat > c.taskSloMs[t]) {
      sloViolations.push({ task: c.scenario.tasks[t].id, node: c.scenario.nodes[n].id, latencyMs: lat, sloMs: c.taskSloMs[t] });
    }
  }

  const meanLatencyMs = placed > 0 ? latencySum / placed : 0;
  const imbalance = standardDeviation(meanUtil);
  const w = c.scenario.objective.weights;
  const objective = w.latency * meanLatencyMs + w.energy * energy + w.carbon * carbon + w.cost * cost + w.balance * imbalance;
  const penalty = INFEASIBILITY_WEIGHT * (overload + sloViolations.length + unplaced.length);
  return {
    feasible: penalty === 0,
    unplaced,
    capacityViolations,
    sloViolations,
    energyKWh: energy,
    carbonKg: carbon,
    costUsd: cost,
    meanLatencyMs,
    imbalance,
    tiers,
    objective,
    penalty,
    weightedTotal: objective + penalty,
  };
}

/** nodeOn[n*S + s] = 1 when any task placed on node n runs in slot s (its run covers s). */
export function nodeActivity(c: CompiledScenario, plan: Assignment): Uint8Array {
  const S = c.slots;
  // Difference array per node: +1 at each run start, -1 after its end, then a prefix sum.
  const delta = new Int32Array(c.nodeCount * (S + 1));
  for (let t = 0; t < c.taskCount; t++) {
    const n = plan.node[t];
    if (n < 0 || n >= c.nodeCount) continue;
    const start = plan.start[t];
    delta[n * (S + 1) + start]++;
    delta[n * (S + 1) + start + c.taskDuration[t]]--;
  }
  const on = new Uint8Array(c.nodeCount * S);
  for (let n = 0; n < c.nodeCount; n++) {
    let running = 0;
    for (let s = 0; s < S; s++) {
      running += delta[n * (S + 1) + s];
      on[n * S + s] = running > 0 ? 1 : 0;
    }
  }
  return on;
}

function standardDeviation(xs: number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
}
