import { type CompiledScenario, taskNodeLatency, writeTaskDemandRow } from "../model/compile.js";
import { RESOURCE_COUNT, RESOURCES } from "../model/types.js";
import type { Assignment } from "./evaluate.js";
import { FIT_LATENCY, nodeFit } from "./fit.js";

/** Why a task could not be placed. */
export interface UnplacedTask {
  task: string;
  reason: string;
}

export interface GreedyResult {
  assignment: Assignment;
  unplaced: UnplacedTask[];
}

/**
 * Best-fit decreasing placement (Coffman, Garey & Johnson's bin-packing heuristic, extended to
 * R resources x S slots): most constrained tasks first, then in decreasing order of normalised
 * peak demand; each goes to the
 * latency-feasible node where it fits in every slot of its run and leaves the least CPU headroom.
 * Nodes already powered on are preferred over waking a new one, which packs work and saves idle
 * power. A task that fits nowhere is left unplaced (-1) with the reason.
 */
export function greedyPlacement(c: CompiledScenario, starts: Int32Array = c.defaultStarts): GreedyResult {
  const { taskCount: T, nodeCount: N, slots: S } = c;
  const R = RESOURCE_COUNT;
  const rowLen = R * S;
  const load = new Float64Array(N * rowLen);
  const used = new Uint8Array(N);
  const node = new Int32Array(T).fill(-1);
  const unplaced: UnplacedTask[] = [];

  // Mean capacity per resource normalises demands of different units into one size.
  const meanCap = new Float64Array(R);
  for (let n = 0; n < N; n++) for (let r = 0; r < R; r++) meanCap[r] += c.nodeCapacity[n * R + r] / N;
  const size = (t: number) => {
    let s = 0;
    for (let r = 0; r < R; r++) if (meanCap[r] > 0) s += (c.taskPeak[t * R + r] / meanCap[r]) * c.taskDuration[t];
    return s;
  };
  // Most constrained first: tasks with the fewest nodes that could host them at all (latency and
  // every resource, e.g. a GPU), then the largest. Small
  // realtime tasks placed last would find their few nearby nodes already filled by work that could
  // have gone anywhere.
  const order = Array.from({ length: T }, (_, t) => t);
  const sizes = order.map(size);
  const candidates = order.map((t) => {
    let k = 0;
    for (let n = 0; n < N; n++) if (couldHost(c, t, n)) k++;
    return k;
  });
  order.sort((a, b) => candidates[a] - candidates[b] || sizes[b] - sizes[a] || a - b);

  const row = new Float32Array(rowLen);
  for (const t of order) {
    row.fill(0);
    writeTaskDemandRow(c, t, starts[t], row, 0);
    const s0 = starts[t];
    const s1 = s0 + c.taskDuration[t];
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    let latencyOk = 0;
    const shortOf = new Set<string>();
    for (let n = 0; n < N; n++) {
      const headroom = nodeFit(c, load, row, t, n, s0, s1);
      if (headroom === FIT_LATENCY) continue;
      latencyOk++;
      if (headroom < 0) {
        shortOf.add(RESOURCES[-2 - headroom]);
        continue;
      }
      // Waking an idle node costs more than any headroom difference, so used nodes win ties.
      const score = (used[n] ? 0 : 1) + headroom;
      if (score < bestScore) {
        bestScore = score;
        best = n;
      }
    }
    if (best < 0) {
      const task = c.scenario.tasks[t];
      const origin = task.origin;
      const reason =
        latencyOk === 0
          ? `no node within its latency target of ${c.taskSloMs[t]} ms from site "${origin}"; raise latencySloMs or add a node near "${origin}"`
          : `the ${latencyOk} node(s) within ${c.taskSloMs[t]} ms of "${origin}" lack ${[...shortOf].join(", ")} in slots ${s0}..${s1 - 1}; add capacity there or widen the task's window`;
      unplaced.push({ task: task.id, reason });
      continue;
    }
    node[t] = best;
    used[best] = 1;
    const base = best * rowLen;
    for (let k = 0; k < rowLen; k++) load[base + k] += row[k];
  }
  return { assignment: { node, start: Int32Array.from(starts) }, unplaced };
}

/** Whether node n could host task t on its own: within the latency target and big enough in every resource. */
function couldHost(c: CompiledScenario, t: number, n: number): boolean {
  if (taskNodeLatency(c, t, n) > c.taskSloMs[t]) return false;
  const R = RESOURCE_COUNT;
  let maxProfile = 0;
  for (let k = 0; k < c.taskDuration[t]; k++) maxProfile = Math.max(maxProfile, c.taskProfile[t * c.slots + k]);
  for (let r = 0; r < R; r++) if (c.taskPeak[t * R + r] * maxProfile > c.nodeCapacity[n * R + r]) return false;
  return true;
}
