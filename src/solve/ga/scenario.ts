import type { CompiledScenario } from "../../model/compile.js";
import { taskNodeLatency } from "../../model/compile.js";
import { RESOURCE_COUNT } from "../../model/types.js";
import type { Assignment } from "../evaluate.js";
import { INFEASIBILITY_WEIGHT } from "../evaluate.js";
import { type GaRunOptions, runIslandGa } from "./island-model.js";
import type { GaProblem } from "./problem.js";

/** Share of a node a task's peak takes in its tightest resource; Infinity when the node lacks it. */
function share(c: CompiledScenario, t: number, n: number): number {
  const R = RESOURCE_COUNT;
  let s = 0;
  for (let r = 0; r < R; r++) {
    const peak = c.taskPeak[t * R + r];
    if (peak <= 0) continue;
    const cap = c.nodeCapacity[n * R + r];
    s = Math.max(s, cap > 0 ? peak / cap : Number.POSITIVE_INFINITY);
  }
  return s;
}

/**
 * The scenario placement problem as a GAP proxy the WASM engine can delta-evaluate (agents =
 * nodes, jobs = tasks, start slots fixed). Resource: the task's share of the node in its tightest
 * resource, capacity 1 per node, which assumes every task on a node may run at once, so a
 * proxy-feasible plan never overloads a node in any slot. Cost: the evaluator's weighted
 * objective split per task and node: latency (its share of the mean), dynamic energy and carbon
 * over the task's own slots, the node's idle energy, carbon and hourly cost over those slots
 * charged in proportion to the share (a linear stand-in for the fixed cost of powering a node),
 * and INFEASIBILITY_WEIGHT for a latency SLO the node would violate. The final plan is always
 * re-scored with `evaluatePlan`, the one scorer.
 */
export function scenarioProxy(c: CompiledScenario, starts: Int32Array): GaProblem {
  const { taskCount: T, nodeCount: N, slots: S, slotHours } = c;
  const R = RESOURCE_COUNT;
  const w = c.scenario.objective.weights;
  const cost = new Float64Array(N * T);
  const resource = new Float64Array(N * T);
  for (let n = 0; n < N; n++) {
    const dynKw = ((c.nodePeakW[n] - c.nodeIdleW[n]) * c.nodePue[n]) / 1000;
    const idleKw = (c.nodeIdleW[n] * c.nodePue[n]) / 1000;
    const cpuCap = c.nodeCapacity[n * R];
    for (let t = 0; t < T; t++) {
      const sh = share(c, t, n);
      const k = n * T + t;
      const lat = taskNodeLatency(c, t, n);
      let v = (w.latency * lat) / T + (lat > c.taskSloMs[t] ? INFEASIBILITY_WEIGHT : 0);
      const u = cpuCap > 0 ? c.taskPeak[t * R] / cpuCap : 0;
      let kwh = 0;
      let kg = 0;
      for (let q = 0; q < c.taskDuration[t]; q++) {
        const s = starts[t] + q;
        if (s >= S) break;
        const e = (dynKw * Math.min(1, u * c.taskProfile[t * S + q]) + idleKw * Math.min(1, sh)) * slotHours;
        kwh += e;
        kg += (e * c.nodeCarbon[n * S + s]) / 1000;
      }
      v += w.energy * kwh + w.carbon * kg + w.cost * c.nodeCostPerHour[n] * slotHours * c.taskDuration[t] * Math.min(1, sh);
      // A node that cannot host the task at all is an assignment the proxy must never prefer.
      resource[k] = Number.isFinite(sh) ? sh : 1e6;
      cost[k] = v;
    }
  }
  return { kind: "gap", m: N, n: T, cost, resource, capacity: new Float64Array(N).fill(1) };
}

/**
 * Places a scenario's tasks with the island GA on the proxy, warm-started from `warm` (the
 * greedy plan; unplaced tasks start on the node they fit best). Start slots are kept as given.
 */
export async function gaPlacement(
  c: CompiledScenario,
  warm: Assignment,
  options: GaRunOptions,
): Promise<{ assignment: Assignment; generations: number; evaluations: number }> {
  const proxy = scenarioProxy(c, warm.start);
  const seed = Int32Array.from(warm.node, (n, t) => {
    if (n >= 0) return n;
    let best = 0;
    for (let m = 1; m < c.nodeCount; m++) if (share(c, t, m) < share(c, t, best)) best = m;
    return best;
  });
  const res = await runIslandGa(proxy, [seed], options);
  return {
    assignment: { node: res.best, start: warm.start.slice() },
    generations: res.generations,
    evaluations: res.evaluations,
  };
}
