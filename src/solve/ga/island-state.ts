// An island's state as the driver and the workers see it (the kernel's layout, assembly/ga/engine.ts):
//   genes: i32[P*n + 4]     P chromosomes, then the island's xoshiro128** state
//   meta:  f64[3P + 2 + m]  objective[P], unfitness[P], hash[P], penalty factor, stale count, weights
// Members rank by unfitness (total overload) first and objective second, as in the kernel.

export interface IslandBuffers {
  genes: Int32Array;
  meta: Float64Array;
}

/** True when (o1, u1) ranks strictly before (o2, u2). */
export const better = (o1: number, u1: number, o2: number, u2: number): boolean =>
  u1 < u2 - 1e-9 || (Math.abs(u1 - u2) <= 1e-9 && o1 < o2 - 1e-9);

/** Index of the island's best member (the first on ties). */
export function bestIndex(island: IslandBuffers, P: number): number {
  const { meta } = island;
  let b = 0;
  for (let q = 1; q < P; q++) if (better(meta[q], meta[P + q], meta[b], meta[P + b])) b = q;
  return b;
}

/** FNV-1a over the genes, exactly as the kernel's hashOf, so duplicate checks agree on both sides. */
export function chromosomeHash(genes: ArrayLike<number>): number {
  let h = 2166136261;
  for (let j = 0; j < genes.length; j++) h = Math.imul((h ^ genes[j]) >>> 0, 16777619) >>> 0;
  return h;
}

/**
 * Puts a chromosome into the island in place of its worst member, unless it is already there or is
 * no better than that worst member (the kernel's steady-state rule). Returns whether it went in.
 */
export function replaceWorst(
  island: IslandBuffers,
  P: number,
  genes: ArrayLike<number>,
  objective: number,
  unfitness: number,
  hash: number,
): boolean {
  const { meta } = island;
  const n = genes.length;
  let worst = 0;
  for (let q = 0; q < P; q++) {
    if (meta[2 * P + q] === hash && Math.abs(meta[q] - objective) <= 1e-9) return false;
    if (better(meta[worst], meta[P + worst], meta[q], meta[P + q])) worst = q;
  }
  if (!better(objective, unfitness, meta[worst], meta[P + worst])) return false;
  island.genes.set(genes, worst * n);
  meta[worst] = objective;
  meta[P + worst] = unfitness;
  meta[2 * P + worst] = hash;
  return true;
}
