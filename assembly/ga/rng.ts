// xoshiro128** (Blackman & Vigna 2018): a small, fast PRNG whose whole state (four u32) lives in
// the island's state buffer, so an island can stop after any generation and resume elsewhere
// (another worker thread) with exactly the same random stream.

let s0: u32 = 1;
let s1: u32 = 2;
let s2: u32 = 3;
let s3: u32 = 4;

/** Loads the generator state from memory (four u32 at `ptr`). */
export function rngLoad(ptr: usize): void {
  s0 = load<u32>(ptr);
  s1 = load<u32>(ptr, 4);
  s2 = load<u32>(ptr, 8);
  s3 = load<u32>(ptr, 12);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

/** Stores the generator state back to memory. */
export function rngStore(ptr: usize): void {
  store<u32>(ptr, s0);
  store<u32>(ptr, s1, 4);
  store<u32>(ptr, s2, 8);
  store<u32>(ptr, s3, 12);
}

/** Seeds the generator through splitmix32 so nearby seeds give unrelated streams. */
export function rngSeed(seed: u32): void {
  let z = seed;
  s0 = splitmix(z += 0x9e3779b9);
  s1 = splitmix(z += 0x9e3779b9);
  s2 = splitmix(z += 0x9e3779b9);
  s3 = splitmix(z += 0x9e3779b9);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

@inline function splitmix(x: u32): u32 {
  x = (x ^ (x >>> 16)) * 0x85ebca6b;
  x = (x ^ (x >>> 13)) * 0xc2b2ae35;
  return x ^ (x >>> 16);
}

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** Next 32 random bits. */
export function nextU32(): u32 {
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

/** Uniform integer in [0, n) (multiply-shift; the tiny bias is irrelevant here). */
@inline export function below(n: i32): i32 {
  return <i32>((<u64>nextU32() * <u64>n) >>> 32);
}

/** Uniform double in [0, 1). */
@inline export function unit(): f64 {
  return <f64>nextU32() * (1.0 / 4294967296.0);
}
