/**
 * mulberry32 (Tommy Ettinger's 32-bit generator, public domain): tiny, fast and seedable; floats in
 * [0, 1). The one PRNG of the project, so a seed means the same stream everywhere.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by Box-Muller. */
export function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Exponential draw with the given mean. */
export function exponential(rand: () => number, mean: number): number {
  return -Math.log(Math.max(1 - rand(), 1e-12)) * mean;
}

/** Standard normal deviates by Box-Muller over a seeded uniform source. */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
