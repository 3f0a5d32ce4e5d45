import type { GapInstance } from "../../problems/gap.js";

/** Result of the Lagrangian relaxation: a lower bound and the relaxed assignments met on the way. */
export interface GapLagrangianResult {
  /** Best Lagrangian lower bound found (minimisation). */
  lowerBound: number;
  /** Relaxed assignments (each job to its cheapest agent under the multipliers), best bounds first; usually infeasible. */
  solutions: Int32Array[];
}

/**
 * Lagrangian relaxation of the capacity constraints (Ross & Soland 1975; Fisher, Jaikumar & Van
 * Wassenhove 1986), solved by subgradient optimisation (Held, Wolfe & Crowder 1974): with
 * multipliers u >= 0, each job independently takes the agent minimising c_ij + u_i r_ij, and
 * L(u) = sum of those minima - sum u_i b_i is a lower bound. The relaxed assignments at good
 * multipliers are nearly feasible and close to optimal in cost, which makes them good warm starts
 * for the GA once repaired (Chu & Beasley seed randomly; Feltl & Raidl 2004 show better seeds pay).
 */
export function gapLagrangian(
  inst: GapInstance,
  cost: Float64Array,
  options: { iterations?: number; keep?: number } = {},
): GapLagrangianResult {
  const { agents: m, jobs: n, resource: r, capacity: b } = inst;
  const iterations = options.iterations ?? 300;
  const keep = options.keep ?? 16;
  const u = new Float64Array(m);
  const g = new Float64Array(m);
  let best = Number.NEGATIVE_INFINITY;
  let step = 1;
  let sinceImprove = 0;
  const found: { bound: number; x: Int32Array }[] = [];
  const seen = new Set<string>();
  // A target for Polyak's step: the regret heuristic's value would do; a simple proxy is the sum of
  // each job's cost at its second-cheapest agent, an upper estimate good enough to set the scale.
  let upper = 0;
  for (let j = 0; j < n; j++) {
    let worst = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) worst = Math.max(worst, cost[i * n + j]);
    upper += worst;
  }
  for (let it = 0; it < iterations; it++) {
    const x = new Int32Array(n);
    let value = 0;
    g.set(b.map((v) => -v));
    for (let j = 0; j < n; j++) {
      let arg = 0;
      let v = Number.POSITIVE_INFINITY;
      for (let i = 0; i < m; i++) {
        const w = cost[i * n + j] + u[i] * r[i * n + j];
        if (w < v) {
          v = w;
          arg = i;
        }
      }
      x[j] = arg;
      value += v;
      g[arg] += r[arg * n + j];
    }
    for (let i = 0; i < m; i++) value -= u[i] * b[i];
    if (value > best + 1e-9) {
      best = value;
      sinceImprove = 0;
    } else if (++sinceImprove >= 20) {
      step /= 2;
      sinceImprove = 0;
    }
    const key = x.join(",");
    if (!seen.has(key)) {
      seen.add(key);
      found.push({ bound: value, x });
    }
    let norm = 0;
    for (let i = 0; i < m; i++) {
      const gi = u[i] === 0 && g[i] < 0 ? 0 : g[i];
      norm += gi * gi;
    }
    if (norm === 0) break; // the relaxed solution is feasible, hence optimal
    const t = (step * (upper - value)) / norm;
    for (let i = 0; i < m; i++) u[i] = Math.max(0, u[i] + t * g[i]);
    if (step < 1e-6) break;
  }
  found.sort((a, c) => c.bound - a.bound);
  return { lowerBound: best, solutions: found.slice(0, keep).map((f) => f.x) };
}
