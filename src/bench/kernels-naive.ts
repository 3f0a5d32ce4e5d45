// The "js-naive" baseline: loads as a user would model them in plain JavaScript, one object per
// task with a number array per resource, summed with ordinary loops. Not a strawman: no forEach,
// no per-slot objects; just the data shape an application tends to have.

export const RESOURCES_NAIVE = ["cpu", "memGiB", "gpu", "netMbps"] as const;

export type NaiveLoad = Record<(typeof RESOURCES_NAIVE)[number], number[]>;

export interface NaiveTask {
  id: string;
  node: number;
  demand: NaiveLoad;
}

/** Builds the object form of a task-major tensor with `slots` values per resource. */
export function toNaiveTasks(d: Float32Array, tasks: number, slots: number, assign: Int32Array): NaiveTask[] {
  const out: NaiveTask[] = [];
  const rowLen = slots * RESOURCES_NAIVE.length;
  for (let t = 0; t < tasks; t++) {
    const demand = {} as NaiveLoad;
    RESOURCES_NAIVE.forEach((r, ri) => {
      const a: number[] = [];
      for (let s = 0; s < slots; s++) a.push(d[t * rowLen + ri * slots + s]);
      demand[r] = a;
    });
    out.push({ id: `task-${t}`, node: assign[t], demand });
  }
  return out;
}

function emptyLoad(slots: number): NaiveLoad {
  return {
    cpu: new Array(slots).fill(0),
    memGiB: new Array(slots).fill(0),
    gpu: new Array(slots).fill(0),
    netMbps: new Array(slots).fill(0),
  };
}

export function naiveFleetSum(tasks: NaiveTask[], slots: number): NaiveLoad {
  const total = emptyLoad(slots);
  for (const task of tasks) {
    for (const r of RESOURCES_NAIVE) {
      const src = task.demand[r];
      const dst = total[r];
      for (let s = 0; s < src.length; s++) dst[s] += src[s];
    }
  }
  return total;
}

export function naiveNodeScatter(tasks: NaiveTask[], nodes: number, slots: number): NaiveLoad[] {
  const loads: NaiveLoad[] = [];
  for (let n = 0; n < nodes; n++) loads.push(emptyLoad(slots));
  for (const task of tasks) {
    if (task.node < 0 || task.node >= nodes) continue;
    const load = loads[task.node];
    for (const r of RESOURCES_NAIVE) {
      const src = task.demand[r];
      const dst = load[r];
      for (let s = 0; s < src.length; s++) dst[s] += src[s];
    }
  }
  return loads;
}
