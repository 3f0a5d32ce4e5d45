import type { CompiledScenario } from "../model/compile.js";
import { RESOURCE_COUNT } from "../model/types.js";
import type { GapInstance } from "../problems/gap.js";
import { solveGapGa } from "../solve/ga/gap.js";
import type { GaPool } from "../solve/ga/island-model.js";
import { gapAssignmentToX, gapModel, gapXToAssignment } from "../solve/ilp/gap-model.js";
import { solveMilpHere } from "../solve/ilp/solve.js";

const R = RESOURCE_COUNT;
/** Cost of a latency-infeasible pair: never chosen while any feasible node exists. */
const INFEASIBLE = 1e6;

/** A running task as the GAP re-planner sees it. */
export interface GapTask {
  origin: number;
  slo: number;
  /** res[h*R + r]: reservation in slot h of the window. */
  res: Float64Array;
  /** Current node (fleet index). */
  node: number;
  /** Watts-equivalent of migrating it over the interval (its migration energy spread over the interval). */
  moveW: number;
}

/**
 * The re-plan of the coming window as a generalised assignment problem (GAP): agents are the
 * powered nodes, jobs the running tasks. Capacity is 1 per node and a task's size on a node is its
 * dominant share, max over resources and slots of reservation / usable capacity: a GAP-feasible
 * assignment is then feasible in every resource and slot (sum of maxima >= maximum of sums). Cost,
 * in watts: the node's full-load watts per CPU x the task's CPU (the same efficiency price the
 * consolidating policy packs by), plus the task's migration watts when it would move, plus a
 * prohibitive cost where the node is beyond the task's latency target.
 */
export function windowGap(
  c: CompiledScenario,
  on: readonly number[],
  usable: Float64Array,
  slopeW: Float32Array,
  tasks: readonly GapTask[],
  span: number,
): { inst: GapInstance; current: number[] } {
  const m = on.length;
  const n = tasks.length;
  const cost = new Float64Array(m * n);
  const resource = new Float64Array(m * n);
  const current: number[] = [];
  tasks.forEach((t, j) => {
    let cpu = 0;
    for (let h = 0; h < span; h++) cpu = Math.max(cpu, t.res[h * R]);
    current.push(Math.max(0, on.indexOf(t.node)));
    on.forEach((node, i) => {
      let share = 0;
      for (let h = 0; h < span; h++) {
        for (let r = 0; r < R; r++) {
          const d = t.res[h * R + r];
          if (d <= 0) continue;
          const cap = usable[node * R + r];
          share = Math.max(share, cap > 0 ? d / cap : 1e3);
        }
      }
      resource[i * n + j] = Math.min(share, 1e3);
      const lat = c.siteLatency[t.origin * c.siteCount + c.nodeSite[node]];
      cost[i * n + j] = lat > t.slo ? INFEASIBLE : slopeW[node] * cpu + (node === t.node ? 0 : t.moveW);
    });
  });
  return { inst: { name: "window", agents: m, jobs: n, cost, resource, capacity: new Float64Array(m).fill(1) }, current };
}

/**
 * Target node (fleet index) of every task by the memetic island GA (src/solve/ga), warm-started as it
 * does: 8 generations with the light repair-and-improve operator, or `timeLimitMs`, whichever comes
 * first. The generation limit keeps runs reproducible whatever the thread count as long as the time
 * limit does not cut in; the time limit bounds a re-plan on a loaded machine.
 */
export async function gaTarget(
  gap: { inst: GapInstance },
  on: readonly number[],
  pool: GaPool,
  seed: number,
  timeLimitMs: number,
): Promise<Int32Array> {
  // A re-plan must be fast: no MIP neighbourhood (it would run at migration points only anyway).
  const sol = await solveGapGa(gap.inst, {
    seed,
    pool,
    generations: 8,
    islands: 4,
    population: 24,
    localSearch: 0,
    timeLimitMs,
    mipNeighbourhood: false,
  });
  return Int32Array.from(sol.assignment, (i) => on[i]);
}

/**
 * Target node of every task by the exact ILP (src/solve/ilp) within a time limit, starting from the
 * current assignment as incumbent when it is GAP-feasible. Without any solution, tasks stay put.
 */
export async function ilpTarget(
  gap: { inst: GapInstance; current: number[] },
  on: readonly number[],
  timeLimitMs: number,
): Promise<Int32Array> {
  const model = gapModel(gap.inst, "min");
  const res = await solveMilpHere(model, { timeLimitMs, gapTolerance: 0.01, incumbent: gapAssignmentToX(gap.inst, gap.current) });
  const assignment = res.x ? gapXToAssignment(gap.inst, res.x) : gap.current;
  return Int32Array.from(assignment, (i) => (i >= 0 ? on[i] : -1));
}
