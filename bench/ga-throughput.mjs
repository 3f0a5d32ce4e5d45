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

// The JS port of benchGapDeltas: the same moves in the same order, the same delta formulas.
function jsDeltas(count, wt, seed) {
  const rng = new Xoshiro128(seed);
  const below = (n) => rng.below(n);
  const load = new Float64Array(M);
  for (let j = 0; j < N; j++) load[a[j]] += resource[a[j] * N + j];
  // Per-agent penalty weights (all 1 here), as the kernel reads them.
  const weights = new Float64Array(M).fill(1);
  const pen = (i, l) => (l > capacity[i] ? (l - capacity[i]) * weights[i] : 0);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    const j = below(N);
    if ((q & 1) === 0) {
      let k = below(M - 1);
      if (k >= a[j]) k++;
      const i = a[j];
      const li = load[i];
      const lk = load[k];
      sum +=
        cost[k * N + j] -
        cost[i * N + j] +
        wt * (pen(i, li - resource[i * N + j]) - pen(i, li) + pen(k, lk + resource[k * N + j]) - pen(k, lk));
    } else {
      const j2 = below(N);
      const i1 = a[j];
      const i2 = a[j2];
      if (i1 === i2) continue;
      const l1 = load[i1];
      const l2 = load[i2];
      const n1 = l1 - resource[i1 * N + j] + resource[i1 * N + j2];
      const n2 = l2 - resource[i2 * N + j2] + resource[i2 * N + j];
      const dc = cost[i2 * N + j] + cost[i1 * N + j2] - cost[i1 * N + j] - cost[i2 * N + j2];
      sum += dc + wt * (pen(i1, n1) - pen(i1, l1) + pen(i2, n2) - pen(i2, l2));
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
  const load = new Float64Array(M);
  for (let j = 0; j < N; j++) load[a[j]] += resource[a[j] * N + j];
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
const time = (f) => {
  const t0 = performance.now();
  const v = f();
  return { ms: performance.now() - t0, v };
};
const wasmSum = w.benchGapDeltas(aPtr, 1000, weight, 9);
const jsSum = jsDeltas(1000, weight, 9);
if (Math.abs(wasmSum - jsSum) > 1e-6 * Math.max(1, Math.abs(jsSum))) throw new Error(`kernels disagree: ${wasmSum} vs ${jsSum}`);
for (let i = 0; i < 3; i++) {
  w.benchGapDeltas(aPtr, moves, weight, i);
  jsDeltas(moves, weight, i);
}
const wasmMs = [];
const jsMs = [];
for (let i = 0; i < samples; i++) {
  wasmMs.push(time(() => w.benchGapDeltas(aPtr, moves, weight, 100 + i)).ms);
  jsMs.push(time(() => jsDeltas(moves, weight, 100 + i)).ms);
}
const wm = median(wasmMs);
const jm = median(jsMs);
console.log(`delta evaluation, ${moves / 1e6} M random shift/swap moves, median of ${samples}:`);
console.log(`  WASM ${(moves / wm / 1e3).toFixed(1)} M moves/s (${wm.toFixed(1)} ms)`);
console.log(`  JS   ${(moves / jm / 1e3).toFixed(1)} M moves/s (${jm.toFixed(1)} ms)`);
console.log(`  WASM / JS: ${(jm / wm).toFixed(2)}x`);
// The same, on a list of moves generated beforehand (the same list for both): the delta
// evaluation alone, without the random-number generator.
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
  const load = new Float64Array(M);
  for (let j = 0; j < N; j++) load[a[j]] += resource[a[j] * N + j];
  const weights = new Float64Array(M).fill(1);
  const pen = (i, l) => (l > capacity[i] ? (l - capacity[i]) * weights[i] : 0);
  let sum = 0;
  for (let q = 0; q < count; q++) {
    const j = list[2 * q];
    const x = list[2 * q + 1];
    if ((q & 1) === 0) {
      const i = a[j];
      const li = load[i];
      const lk = load[x];
      sum +=
        cost[x * N + j] -
        cost[i * N + j] +
        wt * (pen(i, li - resource[i * N + j]) - pen(i, li) + pen(x, lk + resource[x * N + j]) - pen(x, lk));
    } else {
      const i1 = a[j];
      const i2 = a[x];
      const l1 = load[i1];
      const l2 = load[i2];
      const n1 = l1 - resource[i1 * N + j] + resource[i1 * N + x];
      const n2 = l2 - resource[i2 * N + x] + resource[i2 * N + j];
      const dc = cost[i2 * N + j] + cost[i1 * N + x] - cost[i1 * N + j] - cost[i2 * N + x];
      sum += dc + wt * (pen(i1, n1) - pen(i1, l1) + pen(i2, n2) - pen(i2, l2));
    }
  }
  return sum;
}
const list = makeMoveList(moves, 77);
const listPtr = w.alloc(list.byteLength);
new Int32Array(w.memory.buffer, listPtr, list.length).set(list);
{
  const ws = w.benchGapMoveList(aPtr, listPtr, moves, weight);
  const js = jsMoveList(list, moves, weight);
  if (Math.abs(ws - js) > 1e-6 * Math.max(1, Math.abs(js))) throw new Error(`move lists disagree: ${ws} vs ${js}`);
  for (let i = 0; i < 2; i++) {
    w.benchGapMoveList(aPtr, listPtr, moves, weight);
    jsMoveList(list, moves, weight);
  }
  const wl = [];
  const jl = [];
  for (let i = 0; i < samples; i++) {
    wl.push(time(() => w.benchGapMoveList(aPtr, listPtr, moves, weight)).ms);
    jl.push(time(() => jsMoveList(list, moves, weight)).ms);
  }
  const wlm = median(wl);
  const jlm = median(jl);
  console.log(`delta evaluation of a pre-generated list of ${moves / 1e6} M shift/swap moves, median of ${samples}:`);
  console.log(`  WASM ${(moves / wlm / 1e3).toFixed(1)} M moves/s (${wlm.toFixed(1)} ms)`);
  console.log(`  JS   ${(moves / jlm / 1e3).toFixed(1)} M moves/s (${jlm.toFixed(1)} ms)`);
  console.log(`  WASM / JS: ${(jlm / wlm).toFixed(2)}x`);
}
w.free(listPtr);
const scans = 500_000;
const wScan = w.benchGapShiftScans(aPtr, 2000, weight, 5);
const jScan = jsShiftScans(2000, weight, 5);
if (Math.abs(wScan - jScan) > 1e-6 * Math.max(1, Math.abs(jScan))) throw new Error(`scans disagree: ${wScan} vs ${jScan}`);
for (let i = 0; i < 3; i++) {
  w.benchGapShiftScans(aPtr, scans, weight, i);
  jsShiftScans(scans, weight, i);
}
const wsMs = [];
const jsScanMs = [];
for (let i = 0; i < samples; i++) {
  wsMs.push(time(() => w.benchGapShiftScans(aPtr, scans, weight, 200 + i)).ms);
  jsScanMs.push(time(() => jsShiftScans(scans, weight, 200 + i)).ms);
}
const wsm = median(wsMs);
const jsm = median(jsScanMs);
const scanMoves = scans * (M - 1);
console.log(
  `shift-neighbourhood scans (the descent's inner loop), ${scans / 1e3} k jobs x ${M - 1} agents, median of ${samples}:`,
);
console.log(`  WASM (f64x2) ${(scanMoves / wsm / 1e3).toFixed(1)} M moves/s (${wsm.toFixed(1)} ms)`);
console.log(`  JS           ${(scanMoves / jsm / 1e3).toFixed(1)} M moves/s (${jsm.toFixed(1)} ms)`);
console.log(`  WASM / JS: ${(jsm / wsm).toFixed(2)}x`);
w.free(aPtr);
kernel.dispose();
