import type { GapInstance } from "../../problems/gap.js";
import { mulberry32 as rng } from "../../util/random.js";

export type GapType = "C" | "D" | "E";

/**
 * A random GAP instance of the standard types (minimisation), seeded:
 * - C (Martello & Toth 1981): r ~ U[5,25], c ~ U[10,50], b_i = 0.8 sum_j r_ij / m;
 * - D (Martello & Toth 1981): r ~ U[1,100], c = 111 - r + U[-10,10], same b (costs anti-correlated with size);
 * - E (Laguna et al. 1995): r = 1 - 10 ln U(0,1], c = 1000 / r - 10 U[0,1], same b;
 * integers throughout (floored), as in the published instance files.
 */
export function randomGap(type: GapType, m: number, n: number, seed: number): GapInstance {
  const r = rng(seed);
  const uni = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const cost = new Float64Array(m * n);
  const resource = new Float64Array(m * n);
  for (let k = 0; k < m * n; k++) {
    if (type === "C") {
      resource[k] = uni(5, 25);
      cost[k] = uni(10, 50);
    } else if (type === "D") {
      resource[k] = uni(1, 100);
      cost[k] = 111 - resource[k] + uni(-10, 10);
    } else {
      resource[k] = Math.floor(1 - 10 * Math.log(1 - r()));
      cost[k] = Math.floor(1000 / resource[k] - 10 * r());
    }
  }
  const capacity = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += resource[i * n + j];
    capacity[i] = Math.floor((0.8 * s) / m);
  }
  return { name: `${type.toLowerCase()}${m}x${n}-s${seed}`, agents: m, jobs: n, cost, resource, capacity };
}
