import type { HcspInstance } from "../../problems/hcsp.js";

/**
 * Min-Min for independent tasks on heterogeneous machines (Ibarra & Kim 1977; the baseline of
 * Braun et al. 2001): repeatedly take, among unassigned tasks, the one whose minimum completion
 * time over machines is smallest and put it on that machine. Ties go to the lowest task index,
 * then the lowest machine index, as in the reference implementation. O(T^2 M).
 */
export function minMin(inst: HcspInstance): { assignment: Int32Array; makespan: number } {
  const { tasks: T, machines: M, etc } = inst;
  const ready = new Float64Array(M);
  const assignment = new Int32Array(T).fill(-1);
  // Best machine of each task given current ready times; recomputed only for tasks whose best
  // machine was the one just loaded (others' minima cannot change, since ready times only grow).
  const bestM = new Int32Array(T);
  const bestCt = new Float64Array(T);
  const refresh = (t: number) => {
    let arg = 0;
    let v = Number.POSITIVE_INFINITY;
    for (let mc = 0; mc < M; mc++) {
      const ct = ready[mc] + etc[t * M + mc];
      if (ct < v) {
        v = ct;
        arg = mc;
      }
    }
    bestM[t] = arg;
    bestCt[t] = v;
  };
  for (let t = 0; t < T; t++) refresh(t);
  for (let k = 0; k < T; k++) {
    let pick = -1;
    for (let t = 0; t < T; t++) if (assignment[t] < 0 && (pick < 0 || bestCt[t] < bestCt[pick])) pick = t;
    const mc = bestM[pick];
    assignment[pick] = mc;
    ready[mc] = bestCt[pick];
    for (let t = 0; t < T; t++) if (assignment[t] < 0 && bestM[t] === mc) refresh(t);
  }
  let makespan = 0;
  for (let mc = 0; mc < M; mc++) if (ready[mc] > makespan) makespan = ready[mc];
  return { assignment, makespan };
}
