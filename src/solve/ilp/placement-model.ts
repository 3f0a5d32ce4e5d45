import { type CompiledScenario, taskNodeLatency } from "../../model/compile.js";
import { RESOURCE_COUNT, RESOURCES } from "../../model/types.js";
import { type MilpModel, ModelBuilder } from "./model.js";

/** The placement MILP and how to read its columns back. */
export interface PlacementModel {
  model: MilpModel;
  /** Column of x[t][n] for each candidate pair: candidates[t] lists [node, column]. */
  candidates: [number, number][][];
  /** Tasks with no latency-feasible node: the model is infeasible when this is not empty. */
  unplaceable: number[];
}

/**
 * The scenario placement problem as a MILP, with every task at its default start slot
 * (`defaultStarts`: the window start), so it is an assignment problem:
 *
 * - x[t][n] in {0,1} only for nodes n whose round-trip latency from the task's origin meets its SLO
 *   (latency-infeasible pairs are not in the model at all); sum_n x[t][n] = 1;
 * - on[n][s] in {0,1} for each node and each slot some candidate task may run in;
 * - capacity per node, slot and resource: sum_t D[t][r][s] x[t][n] <= cap[n][r] * on[n][s];
 * - on[n][s] >= x[t][n] for tasks running in s (aggregated: sum_t x <= count * on), since the
 *   evaluator counts a node as on whenever a task runs on it;
 * - objective: the evaluator's weighted energy, carbon, cost and latency terms. on[n][s] carries
 *   the idle power (kWh, carbon, cost of an idle powered node for one slot); x[t][n] carries the
 *   dynamic power (CPU share of (peak - idle) power), its carbon, and latency / T. Utilisation is
 *   capped at 1 by the capacity rows, so these terms are linear. The balance term (standard
 *   deviation of mean utilisations) is not linear and is left out.
 */
export function placementModel(c: CompiledScenario): PlacementModel {
  const { taskCount: T, nodeCount: N, slots: S, slotHours } = c;
  const R = RESOURCE_COUNT;
  const w = c.scenario.objective.weights;
  const b = new ModelBuilder(c.scenario.name ?? "scenario", "min");
  const starts = c.defaultStarts;
  const candidates: [number, number][][] = [];
  const unplaceable: number[] = [];
  // Per (node, slot): the x columns running there and their demand per resource.
  const bySlot: { col: number; t: number }[][] = Array.from({ length: N * S }, () => []);
  for (let t = 0; t < T; t++) {
    const list: [number, number][] = [];
    const start = starts[t];
    const dur = c.taskDuration[t];
    for (let n = 0; n < N; n++) {
      const lat = taskNodeLatency(c, t, n);
      if (!(lat <= c.taskSloMs[t])) continue;
      let dyn = 0;
      const cpuCap = c.nodeCapacity[n * R];
      for (let k = 0; k < dur; k++) {
        const s = start + k;
        const cpu = c.taskPeak[t * R] * c.taskProfile[t * S + k];
        if (cpuCap > 0) {
          const kwh = ((c.nodePeakW[n] - c.nodeIdleW[n]) * (cpu / cpuCap) * c.nodePue[n] * slotHours) / 1000;
          dyn += w.energy * kwh + (w.carbon * kwh * c.nodeCarbon[n * S + s]) / 1000;
        }
      }
      const col = b.addBinary(`x_${c.scenario.tasks[t].id}_${c.scenario.nodes[n].id}`, dyn + (w.latency * lat) / T);
      list.push([n, col]);
      for (let k = 0; k < dur; k++) bySlot[n * S + start + k].push({ col, t });
    }
    if (list.length === 0) unplaceable.push(t);
    candidates.push(list);
    b.addRow(
      `assign_${c.scenario.tasks[t].id}`,
      list.map(([, col]) => col),
      list.map(() => 1),
      1,
      1,
    );
  }
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const here = bySlot[n * S + s];
      if (here.length === 0) continue;
      const kwh = (c.nodeIdleW[n] * c.nodePue[n] * slotHours) / 1000;
      const idle = w.energy * kwh + (w.carbon * kwh * c.nodeCarbon[n * S + s]) / 1000 + w.cost * c.nodeCostPerHour[n] * slotHours;
      const nodeId = c.scenario.nodes[n].id;
      const on = b.addBinary(`on_${nodeId}_${s}`, idle);
      for (let r = 0; r < R; r++) {
        const cols: number[] = [];
        const vals: number[] = [];
        for (const { col, t } of here) {
          const k = s - starts[t];
          const d = c.taskPeak[t * R + r] * c.taskProfile[t * S + k];
          if (d > 0) {
            cols.push(col);
            vals.push(d);
          }
        }
        if (cols.length === 0) continue;
        cols.push(on);
        vals.push(-c.nodeCapacity[n * R + r]);
        b.addRow(`cap_${nodeId}_${s}_${RESOURCES[r]}`, cols, vals, Number.NEGATIVE_INFINITY, 0);
      }
      b.addRow(
        `on_${nodeId}_${s}`,
        [...here.map((h) => h.col), on],
        [...here.map(() => 1), -here.length],
        Number.NEGATIVE_INFINITY,
        0,
      );
    }
  }
  return { model: b.build(), candidates, unplaceable };
}

/** Node of each task from the model's column values (-1 where none is chosen). */
export function placementFromX(pm: PlacementModel, x: ArrayLike<number>): Int32Array {
  const out = new Int32Array(pm.candidates.length).fill(-1);
  pm.candidates.forEach((list, t) => {
    for (const [n, col] of list) if (x[col] > 0.5) out[t] = n;
  });
  return out;
}
