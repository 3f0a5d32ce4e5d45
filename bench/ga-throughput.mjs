#!/usr/bin/env node
// GA engine throughput. Usage (after `npm run build`):
//   node bench/ga-throughput.mjs [DATA_DIR] [--instance gap/yagiura/d10400] [--generations N] [--samples N] [--repeats N]
// 1. Island-model scaling: the same deterministic run (4 islands, fixed generation budget, so
//    exactly the same work) with 1 and 2 worker threads, alternated; reports move evaluations per
//    second and the median ratio.
// 2. Delta evaluation: the same sequence of random GAP shift/swap move deltas evaluated by the
//    WASM kernel (benchGapDeltas) and by a plain JavaScript port of it (typed arrays, same RNG, so
//    the sums must agree); median of several samples after a warm-up.
// Without DATA_DIR a seeded random type-C instance (20 x 400) is used.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGap } from "../dist/problems/gap.js";
import { solveGapGa } from "../dist/solve/ga/gap.js";
import { createGaPool } from "../dist/runtime/ga-pool.js";
import { GaKernel } from "../dist/solve/ga/kernel.js";
import { gapGreedy } from "../dist/solve/heuristics/gap-greedy.js";

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const dataDir = args[0] && !args[0].startsWith("--") ? args[0] : undefined;
const generations = Number(opt("generations", "40"));
const samples = Number(opt("samples", "7"));

function randomGap(m, n, seed) {
  let s = seed >>> 0;
  const r = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cost = new Float64Array(m * n).map(() => 10 + Math.floor(r() * 41));
  const resource = new Float64Array(m * n).map(() => 5 + Math.floor(r() * 21));
  const capacity = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) capacity[i] += (0.8 * resource[i * n + j]) / m;
  return { name: `random-${m}x${n}`, agents: m, jobs: n, cost, resource, capacity: capacity.map(Math.floor) };
}

const inst = dataDir
  ? parseGap(readFileSync(join(dataDir, opt("instance", "gap/yagiura/d10400")), "utf8"), "bench")[0]
  : randomGap(20, 400, 1);
console.log(`instance ${inst.name} (${inst.agents} x ${inst.jobs})`);

// ---- 1. thread scaling ------------------------------------------------------------------------
// The GA engine alone (no MIP neighbourhood, whose branch and bound is not counted in move
// evaluations): the same deterministic run with 1 and 2 threads, alternated `repeats` times so both
// see the same machine load; the ratio is the median of the per-pair ratios.
const repeats = Number(opt("repeats", "3"));
const pools = { 1: createGaPool(1), 2: createGaPool(2) };
const runOnce = async (threads, mip = false) => {
  const t0 = performance.now();
  const res = await solveGapGa(inst, {
    generations,
    pool: pools[threads],
    seed: 1,
    ...(mip ? {} : { mipNeighbourhood: false }),
  });
  return { s: (performance.now() - t0) / 1000, evals: res.evaluations, objective: res.objective };
};
const ratios = [];
try {
  for (const t of [1, 2]) await solveGapGa(inst, { generations: 2, pool: pools[t], seed: 1 }); // warm-up
  for (let r = 0; r < repeats; r++) {
    const one = await runOnce(1);
    const two = await runOnce(2);
    if (one.objective !== two.objective) throw new Error("determinism broken: 1 and 2 threads differ");
    ratios.push(one.s / two.s);
    console.log(
      `pair ${r + 1}: 1 thread ${one.s.toFixed(2)} s (${(one.evals / one.s / 1e6).toFixed(1)} M evaluations/s), 2 threads ${two.s.toFixed(2)} s (${(two.evals / two.s / 1e6).toFixed(1)} M/s); ${generations} generations x 4 islands, objective ${one.objective}`,
    );
  }
  // The whole GAP solver as `lepton gap` runs it (MIP neighbourhood on): wall time, same budget.
  const one = await runOnce(1, true);
  const two = await runOnce(2, true);
  if (one.objective !== two.objective) throw new Error("determinism broken: 1 and 2 threads differ (MIP neighbourhood on)");
  console.log(
    `with the MIP neighbourhood: 1 thread ${one.s.toFixed(2)} s, 2 threads ${two.s.toFixed(2)} s, ratio ${(one.s / two.s).toFixed(2)}x (objective ${one.objective})`,
  );
} finally {
  await pools[1].destroy();
  await pools[2].destroy();
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(
  `scaling 2 threads / 1 thread (evaluations per second): median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}x over ${repeats} pairs (${ratios.map((x) => x.toFixed(2)).join(", ")})`,
);

// ---- 2. WASM vs JS delta evaluation ------------------------------------------------------------
const { agents: M, jobs: N, cost, resource, capacity } = inst;
const kernel = await GaKernel.create({ kind: "gap", m: M, n: N, cost, resource, capacity });
const w = kernel.wasm;
const a = gapGreedy(inst).assignment;
const aPtr = w.alloc(N * 4);
new Int32Array(w.memory.buffer, aPtr, N).set(a);
const weight = 3.7;
const moves = 5_000_000;

// xoshiro128** seeded by splitmix32, exactly as assembly/ga/rng.ts. The state is kept in int32
// (`| 0`) so V8 never boxes it; only the output is made unsigned.
class Xoshiro128 {
  constructor(seed) {
    const sm = (x) => {
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
      return x ^ (x >>> 16);
    };
    let z = seed | 0;
    z = (z + 0x9e3779b9) | 0;
    this.s0 = sm(z);
    z = (z + 0x9e3779b9) | 0;
    this.s1 = sm(z);
    z = (z + 0x9e3779b9) | 0;
    this.s2 = sm(z);
    z = (z + 0x9e3779b9) | 0;
    this.s3 = sm(z);
  }
  next() {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }
  /** Uniform integer in [0, n) by multiply-shift, as the kernel's below(). */
  below(n) {
    return Math.floor((this.next() * n) / 4294967296);
  }
}

// The plain-JS delta evaluation: the kernel's formulas on the same row-major typed arrays, with
// per-agent penalty weights (all 1 here, as the kernel's outside an island).
const weights = new Float64Array(M).fill(1);
const pen = (i, l) => (l > capacity[i] ? (l - capacity[i]) * weights[i] : 0);
function loadsOf(assignment) {
  const load = new Float64Array(M);
  for (let j = 0; j < N; j++) load[assignment[j]] += resource[assignment[j] * N + j];
  return load;
}
function jsShiftDelta(load, j, k, wt) {
  const i = a[j];
  const li = load[i];
  const lk = load[k];
  return (
    cost[k * N + j] -
    cost[i * N + j] +
    wt * (pen(i, li - resource[i * N + j]) - pen(i, li) + pen(k, lk + resource[k * N + j]) - pen(k, lk))
  );
}
function jsSwapDelta(load, j1, j2, wt) {
  const i1 = a[j1];
  const i2 = a[j2];
  const l1 = load[i1];
  const l2 = load[i2];
  const n1 = l1 - resource[i1 * N + j1] + resource[i1 * N + j2];
  const n2 = l2 - resource[i2 * N + j2] + resource[i2 * N + j1];
  const dc = cost[i2 * N + j1] + cost[i1 * N + j2] - cost[i1 * N + j1] - cost[i2 * N + j2];
  return dc + wt * (pen(i1, n1) - pen(i1, l1) + pen(i2, n2) - pen(i2, l2));
}

// The JS port of benchGapDeltas: the same moves in the same order from the same RNG stream.
function jsDeltas(count, wt, seed) {
  const rng = new Xoshiro128(seed);
  const load = loadsOf(a);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    const j = rng.below(N);
    if ((q & 1) === 0) {
      let k = rng.below(M - 1);
      if (k >= a[j]) k++;
      sum += jsShiftDelta(load, j, k, wt);
    } else {
      const j2 = rng.below(N);
      if (a[j] !== a[j2]) sum += jsSwapDelta(load, j, j2, wt);
    }
  }
  return sum;
}

// The descent's inner loop: the full shift neighbourhood of a random job, on job-major copies of
// the instance exactly as the kernel's shiftScan (which uses f64x2 SIMD for two agents at a time).
const costT = new Float64Array(M * N);
const resT = new Float64Array(M * N);
for (let i = 0; i < M; i++)
  for (let j = 0; j < N; j++) {
    costT[j * M + i] = cost[i * N + j];
    resT[j * M + i] = resource[i * N + j];
  }
function jsShiftScans(count, wt, seed) {
  const rng = new Xoshiro128(seed);
  const load = loadsOf(a);
  // Local copies: V8 runs this loop about 20% faster with them than with the module-level ones.
  const weights = new Float64Array(M).fill(1);
  const pen = (i, l) => (l > capacity[i] ? (l - capacity[i]) * weights[i] : 0);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    const j = rng.below(N);
    const i = a[j];
    const li = load[i];
    const base = -cost[i * N + j] + wt * (pen(i, li - resource[i * N + j]) - pen(i, li));
    const row = j * M;
    // Best agent below -1e-9, the first on ties: the kernel's rule.
    let best = -1e-9;
    let bk = -1;
    for (let k = 0; k < M; k++) {
      if (k === i) continue;
      const lk = load[k];
      const over0 = Math.max(0, lk - capacity[k]);
      const over1 = Math.max(0, lk + resT[row + k] - capacity[k]);
      const d = costT[row + k] + base + wt * (weights[k] * (over1 - over0));
      if (d < best) {
        best = d;
        bk = k;
      }
    }
    sum += best + bk;
  }
  return sum;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const msOf = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

/**
 * Checks that the WASM and JS runs agree, warms both up, then times them alternately `samples`
 * times (seeds 100, 101, ...) and prints the medians and their ratio. `units` = moves per run.
 */
function compare(label, units, wasmRun, jsRun, wasmName = "WASM") {
  const ws = wasmRun(1);
  const js = jsRun(1);
  if (Math.abs(ws - js) > 1e-6 * Math.max(1, Math.abs(js))) throw new Error(`${label}: WASM ${ws} vs JS ${js}`);
  for (let i = 0; i < 2; i++) {
    wasmRun(i);
    jsRun(i);
  }
  const wasmMs = [];
  const jsMs = [];
  for (let i = 0; i < samples; i++) {
    wasmMs.push(msOf(() => wasmRun(100 + i)));
    jsMs.push(msOf(() => jsRun(100 + i)));
  }
  const wm = median(wasmMs);
  const jm = median(jsMs);
  console.log(`${label}, median of ${samples}:`);
  console.log(`  ${wasmName.padEnd(12)} ${(units / wm / 1e3).toFixed(1)} M moves/s (${wm.toFixed(1)} ms)`);
  console.log(`  ${"JS".padEnd(12)} ${(units / jm / 1e3).toFixed(1)} M moves/s (${jm.toFixed(1)} ms)`);
  console.log(`  WASM / JS: ${(jm / wm).toFixed(2)}x`);
}

compare(
  `delta evaluation, ${moves / 1e6} M random shift/swap moves`,
  moves,
  (seed) => w.benchGapDeltas(aPtr, moves, weight, seed),
  (seed) => jsDeltas(moves, weight, seed),
);

// The same kind of moves from a list generated beforehand (the same list for both): the delta
// evaluation alone, without the random-number generator in the timed loop.
function makeMoveList(count, seed) {
  const rng = new Xoshiro128(seed);
  const list = new Int32Array(2 * count);
  for (let q = 0; q < count; q++) {
    const j = rng.below(N);
    let x;
    if ((q & 1) === 0) {
      x = rng.below(M - 1);
      if (x >= a[j]) x++;
    } else {
      do x = rng.below(N);
      while (a[x] === a[j]);
    }
    list[2 * q] = j;
    list[2 * q + 1] = x;
  }
  return list;
}
function jsMoveList(list, count, wt) {
  const load = loadsOf(a);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    const j = list[2 * q];
    const x = list[2 * q + 1];
    sum += (q & 1) === 0 ? jsShiftDelta(load, j, x, wt) : jsSwapDelta(load, j, x, wt);
  }
  return sum;
}
const list = makeMoveList(moves, 77);
const listPtr = w.alloc(list.byteLength);
new Int32Array(w.memory.buffer, listPtr, list.length).set(list);
compare(
  `delta evaluation of a pre-generated list of ${moves / 1e6} M shift/swap moves`,
  moves,
  () => w.benchGapMoveList(aPtr, listPtr, moves, weight),
  () => jsMoveList(list, moves, weight),
);
w.free(listPtr);

const scans = 500_000;
compare(
  `shift-neighbourhood scans (the descent's inner loop), ${scans / 1e3} k jobs x ${M - 1} agents`,
  scans * (M - 1),
  (seed) => w.benchGapShiftScans(aPtr, scans, weight, seed),
  (seed) => jsShiftScans(scans, weight, seed),
  "WASM (f64x2)",
);
w.free(aPtr);
kernel.dispose();
