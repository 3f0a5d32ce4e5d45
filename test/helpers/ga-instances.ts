import type { GapInstance } from "../../src/problems/gap.js";
import type { HcspInstance } from "../../src/problems/hcsp.js";
import { rng } from "./scenarios.js";

/**
 * A random GAP instance of Chu & Beasley's type C (resources 5..25, costs 10..50, capacities 80%
 * of the average load, or `tightness`), small enough for fast tests; seeded.
 */
export function makeGap(m: number, n: number, seed = 1, tightness = 0.8): GapInstance {
  const r = rng(seed);
  const cost = new Float64Array(m * n);
  const resource = new Float64Array(m * n);
  for (let k = 0; k < m * n; k++) {
    cost[k] = 10 + Math.floor(r() * 41);
    resource[k] = 5 + Math.floor(r() * 21);
  }
  const capacity = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += resource[i * n + j];
    capacity[i] = Math.floor((tightness * s) / m);
  }
  return { name: `test-gap-${m}x${n}-${seed}`, agents: m, jobs: n, cost, resource, capacity };
}

/** The same instance as OR-Library text (single instance, no count). */
export function gapText(inst: GapInstance): string {
  const rows = (a: Float64Array, len: number) =>
    Array.from({ length: a.length / len }, (_, i) => Array.from(a.subarray(i * len, (i + 1) * len)).join(" ")).join("\n");
  return `${inst.agents} ${inst.jobs}\n${rows(inst.cost, inst.jobs)}\n${rows(inst.resource, inst.jobs)}\n${Array.from(inst.capacity).join(" ")}\n`;
}

/** A random inconsistent ETC matrix (Braun et al.'s "u_i" range-based generation, scaled down). */
export function makeHcsp(tasks: number, machines: number, seed = 1): HcspInstance {
  const r = rng(seed);
  const etc = new Float64Array(tasks * machines);
  for (let t = 0; t < tasks; t++) {
    const base = 1 + r() * 100;
    for (let m = 0; m < machines; m++) etc[t * machines + m] = base * (1 + r() * 10);
  }
  return { name: `test-hcsp-${tasks}x${machines}-${seed}`, tasks, machines, etc };
}
