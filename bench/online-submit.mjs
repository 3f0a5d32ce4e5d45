// Benchmark of the online scheduler's hot path: `submit` (one SIMD best-fit pass over the per-node,
// per-slot residuals in WASM) on a 1,000-node fleet, with `complete` keeping the fleet busy but not
// full. Run after `npm run build`:  node bench/online-submit.mjs [nodes] [samples]
// Reports the median and p99 of single submit calls after a warm-up; not a test, no pass/fail gate.
import { Scheduler } from "../dist/index.js";

const NODES = Number(process.argv[2] ?? 1000);
const SAMPLES = Number(process.argv[3] ?? 20000);
const SITES = 50;
const SLOTS = 96;

// mulberry32, so the fleet is the same on every run.
let a = 12345;
const rand = () => {
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const sites = Array.from({ length: SITES }, (_, i) => ({ id: `s${i}`, tier: i < 5 ? "core" : "edge" }));
const latency = [];
for (let i = 0; i < SITES; i++)
  for (let j = i + 1; j < SITES; j++) latency.push({ from: `s${i}`, to: `s${j}`, ms: 1 + Math.round(rand() * 30) });
const nodes = Array.from({ length: NODES }, (_, i) => {
  const core = i % SITES < 5;
  return {
    id: `n${i}`,
    site: `s${i % SITES}`,
    capacity: core ? { cpu: 64, memGiB: 256, netMbps: 10000 } : { cpu: 8, memGiB: 32, netMbps: 2000 },
    power: core ? { idleW: 100, peakW: 500 } : { idleW: 12, peakW: 50 },
    pue: core ? 1.4 : 1.1,
    costPerHour: core ? 1 : 0.05,
    carbonRegion: "grid",
  };
});
const fleet = {
  name: `bench-${NODES}-nodes`,
  horizon: { slots: SLOTS, slotMinutes: 15 },
  sites,
  latency,
  nodes,
  carbon: { grid: Array.from({ length: SLOTS }, () => 300) },
  tasks: [{ id: "seed-task", type: "compute", scale: "small", origin: "s0" }],
  objective: { weights: { latency: 1, energy: 10, carbon: 20, cost: 1, balance: 0 } },
};

const types = ["compute", "storage", "stream", "realtime"];
const scales = ["small", "medium", "large"];
const profile = Array.from({ length: SLOTS }, (_, s) => 0.3 + 0.7 * Math.abs(Math.sin(s / 15)));

for (const policy of ["consolidate", "spread"]) {
  const scheduler = await Scheduler.create(fleet, { policy, retainFinished: false });
  const live = [];
  const times = [];
  let next = 0;
  const total = SAMPLES + 2000;
  for (let i = 0; i < total; i++) {
    const task = {
      id: `t${next++}`,
      type: types[i % 4],
      scale: scales[i % 3],
      origin: `s${Math.floor(rand() * SITES)}`,
      latencySloMs: 5 + Math.floor(rand() * 40),
      profile,
    };
    const t0 = performance.now();
    scheduler.submit(task);
    const dt = performance.now() - t0;
    if (i >= 2000) times.push(dt); // the first 2,000 are warm-up (JIT, WASM tier-up)
    live.push(task.id);
    if (live.length > 4000) scheduler.complete(live.shift());
  }
  times.sort((x, y) => x - y);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(
    `${policy.padEnd(11)} submit on ${NODES} nodes: median ${(q(0.5) * 1000).toFixed(1)} µs, p99 ${(q(0.99) * 1000).toFixed(1)} µs, max ${(q(1) * 1000).toFixed(1)} µs over ${times.length} calls (~4,000 tasks live)`,
  );
  scheduler.dispose();
}
