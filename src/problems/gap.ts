import { LeptonError } from "../model/errors.js";

/**
 * A Generalized Assignment Problem instance (OR-Library notation): agents i < m, jobs j < n;
 * assigning job j to agent i costs (or earns) cost[i*n + j] and uses resource[i*n + j] of the
 * agent's capacity[i]. Every job goes to exactly one agent.
 */
export interface GapInstance {
  /** `<file basename>-<k>` with k from 1 for multi-instance files, the basename otherwise. */
  name: string;
  agents: number;
  jobs: number;
  cost: Float64Array;
  resource: Float64Array;
  capacity: Float64Array;
}

export type GapSense = "min" | "max";
export type SolveStatus = "optimal" | "feasible" | "infeasible" | "unknown";

/** One line of `lepton gap --json`. */
export interface GapResult {
  instance: string;
  m: number;
  n: number;
  solver: string;
  status: SolveStatus;
  objective: number | null;
  bound: number | null;
  timeMs: number;
  /** 0-based agent of each job. */
  assignment: number[];
}

/**
 * Parses OR-Library GAP text: either a file of P instances (first number P, then per instance
 * `m n`, the m x n cost matrix, the m x n resource matrix and m capacities) or a single instance
 * without the count (Yagiura's files). Splits on any whitespace, as the format requires.
 */
export function parseGap(text: string, basename: string): GapInstance[] {
  const tokens = text.split(/\s+/).filter((s) => s.length > 0);
  const nums = tokens.map((t, i) => {
    const v = Number(t);
    if (!Number.isFinite(v)) {
      throw new LeptonError(
        "INVALID_INPUT",
        `${basename}: token ${i + 1} "${t}" is not a number; is this an OR-Library GAP file?`,
      );
    }
    return v;
  });
  const fits = (start: number, count: number): boolean => {
    let p = start;
    for (let k = 0; k < count; k++) {
      if (p + 2 > nums.length) return false;
      const m = nums[p];
      const n = nums[p + 1];
      if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) return false;
      p += 2 + 2 * m * n + m;
    }
    return p === nums.length;
  };
  // A single instance (no count) spans the whole file exactly; otherwise the first number is P.
  let count: number;
  let pos: number;
  if (fits(0, 1)) {
    count = 1;
    pos = 0;
  } else if (nums.length > 0 && Number.isInteger(nums[0]) && nums[0] >= 1 && fits(1, nums[0])) {
    count = nums[0];
    pos = 1;
  } else {
    throw new LeptonError(
      "INVALID_INPUT",
      `${basename}: not an OR-Library GAP file (expected "P" then P blocks of "m n", m*n costs, m*n resources, m capacities, or one such block)`,
    );
  }
  const multi = pos === 1;
  const out: GapInstance[] = [];
  for (let k = 0; k < count; k++) {
    const m = nums[pos];
    const n = nums[pos + 1];
    pos += 2;
    const cost = Float64Array.from(nums.slice(pos, pos + m * n));
    pos += m * n;
    const resource = Float64Array.from(nums.slice(pos, pos + m * n));
    pos += m * n;
    const capacity = Float64Array.from(nums.slice(pos, pos + m));
    pos += m;
    out.push({ name: multi ? `${basename}-${k + 1}` : basename, agents: m, jobs: n, cost, resource, capacity });
  }
  return out;
}

/** Objective of a complete assignment, and whether it respects every capacity. */
export function gapObjective(inst: GapInstance, assignment: ArrayLike<number>): { objective: number; feasible: boolean } {
  const load = new Float64Array(inst.agents);
  let objective = 0;
  let complete = true;
  for (let j = 0; j < inst.jobs; j++) {
    const i = assignment[j];
    if (!(i >= 0 && i < inst.agents)) {
      complete = false;
      continue;
    }
    objective += inst.cost[i * inst.jobs + j];
    load[i] += inst.resource[i * inst.jobs + j];
  }
  let feasible = complete;
  for (let i = 0; i < inst.agents; i++) if (load[i] > inst.capacity[i]) feasible = false;
  return { objective, feasible };
}
