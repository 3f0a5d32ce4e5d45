import type { CompiledScenario } from "../model/compile.js";
import { TIERS } from "../model/types.js";
import { exponential, mulberry32, normal } from "../util/random.js";
import type { FailureModel, LoadModelOptions } from "./types.js";

/**
 * The simulator's default failure model: a core server fails about once a week and is back in 2 h,
 * an edge box (less redundant power, cooling and networking) about every 3 days and is back in 4 h.
 * Deliberately harsher than typical datacentre MTBFs so a one-day run exercises failover.
 */
export const DEFAULT_FAILURE_MODEL: FailureModel = {
  core: { mtbfHours: 168, mttrHours: 2 },
  edge: { mtbfHours: 72, mttrHours: 4 },
};

/** Default load behaviour: 10% log-normal noise on every task, three site spikes of x1.6 for an hour. */
export const DEFAULT_LOAD: LoadModelOptions = { noise: 0.1, spikes: 3, spikeFactor: 1.6, spikeTicks: 4 };

export interface GeneratedFailure {
  node: number;
  down: number;
  /** Tick the node is repaired, or -1 when after the horizon. */
  up: number;
}

/**
 * Seeded failures for every node: exponential times between failures (mean MTBF of its tier) and to
 * repair (mean MTTR, at least one tick), a renewal process per node. Same seed, same failures,
 * whatever the policy.
 */
export function generateFailures(c: CompiledScenario, model: FailureModel, seed: number): GeneratedFailure[] {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const horizonHours = c.slots * c.slotHours;
  const out: GeneratedFailure[] = [];
  for (let n = 0; n < c.nodeCount; n++) {
    const m = model[TIERS[c.nodeTier[n]]];
    let t = 0;
    for (;;) {
      t += exponential(rand, m.mtbfHours);
      if (t >= horizonHours) break;
      const down = Math.floor(t / c.slotHours);
      t += Math.max(exponential(rand, m.mttrHours), c.slotHours);
      const upTick = Math.max(down + 1, Math.floor(t / c.slotHours));
      out.push({ node: n, down, up: upTick < c.slots ? upTick : -1 });
      if (upTick >= c.slots) break;
      t = upTick * c.slotHours;
    }
  }
  return out;
}

export interface Spike {
  site: number;
  start: number;
  ticks: number;
  factor: number;
}

/** Seeded spikes: `spikes` of them at uniform random sites and start ticks. */
export function generateSpikes(c: CompiledScenario, load: LoadModelOptions, seed: number): Spike[] {
  const rand = mulberry32(seed ^ 0x85ebca6b);
  const out: Spike[] = [];
  const count = Math.floor(load.spikes) + (rand() < load.spikes - Math.floor(load.spikes) ? 1 : 0);
  for (let i = 0; i < count; i++) {
    out.push({
      site: Math.floor(rand() * c.siteCount),
      start: Math.floor(rand() * c.slots),
      ticks: load.spikeTicks,
      factor: load.spikeFactor,
    });
  }
  return out;
}

/**
 * Spike multiplier of a site at a tick: a trapezoid, half way up on the first and last tick, so a
 * spike builds as real surges do (and a forecaster can react before the peak).
 */
export function spikeFactor(spikes: readonly Spike[], site: number, tick: number): number {
  let f = 1;
  for (const s of spikes) {
    if (s.site !== site || tick < s.start || tick >= s.start + s.ticks) continue;
    const edge = s.ticks > 2 && (tick === s.start || tick === s.start + s.ticks - 1);
    f *= edge ? 1 + (s.factor - 1) / 2 : s.factor;
  }
  return f;
}

/**
 * Multiplicative log-normal noise with mean 1 for a task at a tick, a pure function of (seed, task,
 * tick): every policy sees the same noise for the same task, so policies are compared fairly.
 */
export function loadNoise(seed: number, task: number, tick: number, sigma: number): number {
  if (sigma === 0) return 1;
  const rand = mulberry32(hash3(seed, task, tick));
  return Math.exp(sigma * normal(rand) - (sigma * sigma) / 2);
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x27d4eb2d, 0x165667b1);
  h = Math.imul(h ^ (b + 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (c + 0x7f4a7c15), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
