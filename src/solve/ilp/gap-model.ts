import type { GapInstance, GapSense } from "../../problems/gap.js";
import { type MilpModel, ModelBuilder } from "./model.js";

/**
 * The GAP as a MILP: x[i][j] = 1 when job j goes to agent i (column i*n + j), every job assigned
 * once, every agent within capacity.
 */
export function gapModel(inst: GapInstance, sense: GapSense): MilpModel {
  const { agents: m, jobs: n } = inst;
  const b = new ModelBuilder(inst.name, sense);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) b.addBinary(`x_${i}_${j}`, inst.cost[i * n + j]);
  for (let j = 0; j < n; j++) {
    const cols: number[] = [];
    for (let i = 0; i < m; i++) cols.push(i * n + j);
    b.addRow(`assign_${j}`, cols, new Array(m).fill(1), 1, 1);
  }
  for (let i = 0; i < m; i++) {
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < n; j++) {
      cols.push(i * n + j);
      vals.push(inst.resource[i * n + j]);
    }
    b.addRow(`cap_${i}`, cols, vals, Number.NEGATIVE_INFINITY, inst.capacity[i]);
  }
  return b.build();
}

/** Column values of an assignment (job -> agent) in the layout of `gapModel`. */
export function gapAssignmentToX(inst: GapInstance, assignment: ArrayLike<number>): Float64Array {
  const x = new Float64Array(inst.agents * inst.jobs);
  for (let j = 0; j < inst.jobs; j++) {
    const i = assignment[j];
    if (i >= 0 && i < inst.agents) x[i * inst.jobs + j] = 1;
  }
  return x;
}

/** The assignment encoded by column values of `gapModel` (-1 for a job with no agent). */
export function gapXToAssignment(inst: GapInstance, x: ArrayLike<number>): number[] {
  const out = new Array<number>(inst.jobs).fill(-1);
  for (let i = 0; i < inst.agents; i++) {
    for (let j = 0; j < inst.jobs; j++) if (x[i * inst.jobs + j] > 0.5) out[j] = i;
  }
  return out;
}
