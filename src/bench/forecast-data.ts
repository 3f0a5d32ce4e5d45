// Series for the forecast-accuracy benchmark: synthetic trend + season + noise, the default
// scenario's load over several simulated days, and public traces read from a data directory
// (PlanetLab CPU, Electricity Maps carbon intensity, Bitbrains CPU). Nothing here is copied into the
// repository; the data directory is given on the command line.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDemandTensor, compileScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import type { Scenario } from "../model/types.js";
import { RESOURCE_COUNT } from "../model/types.js";
import { greedyPlacement } from "../solve/greedy.js";
import { gaussian, mulberry32 } from "../util/random.js";

/** A named set of equally spaced series with one season length. */
export interface SeriesSet {
  name: string;
  /** Where the values come from and how they were cut, for the report. */
  source: string;
  season: number;
  /** Slots per forecast (and between rolling origins). */
  horizon: number;
  origins: number;
  series: number[][];
}

/**
 * Trend + two daily harmonics + Gaussian noise: y_t = 50 + b t + A sin(2 pi t/m + p) +
 * 0.3 A sin(4 pi t/m + 2p) + e_t, with b, A, p and the noise level drawn per series.
 */
export function syntheticSeries(count: number, season: number, days: number, seed: number): SeriesSet {
  const rand = mulberry32(seed);
  const gauss = gaussian(rand);
  const series: number[][] = [];
  for (let i = 0; i < count; i++) {
    const b = (rand() - 0.5) * 0.04;
    const amp = 5 + 15 * rand();
    const phase = rand() * 2 * Math.PI;
    const sd = 1 + 4 * rand();
    const y: number[] = [];
    for (let t = 0; t < days * season; t++) {
      const w = (2 * Math.PI * t) / season;
      y.push(50 + b * t + amp * Math.sin(w + phase) + 0.3 * amp * Math.sin(2 * w + 2 * phase) + sd * gauss());
    }
    series.push(y);
  }
  return {
    name: "synthetic",
    source: `${count} series, trend + 2 daily harmonics + N(0, 1..5) noise, ${days} days x ${season} slots, seed ${seed}`,
    season,
    horizon: season,
    origins: 2,
    series,
  };
}

/**
 * The default scenario's CPU load over `days` simulated days: the greedy plan's placement, each
 * task's profile times 10% log-normal noise per slot and three one-hour x1.6 load spikes per day at
 * random sites (the simulator's default load model). Series: the CPU load of every node with load,
 * per tier, and of the fleet.
 */
export function scenarioLoadSeries(scenario: Scenario, days: number, seed: number): SeriesSet {
  const c = compileScenario(scenario);
  const { assignment } = greedyPlacement(c);
  const base = buildDemandTensor(c, assignment.start);
  const S = c.slots;
  const R = RESOURCE_COUNT;
  const rand = mulberry32(seed);
  const gauss = gaussian(rand);
  const sigma = 0.1;
  const nodeCpu: number[][] = Array.from({ length: c.nodeCount }, () => []);
  for (let d = 0; d < days; d++) {
    const spike = new Float64Array(c.siteCount * S).fill(1);
    for (let k = 0; k < 3; k++) {
      const site = Math.floor(rand() * c.siteCount);
      const start = Math.floor(rand() * (S - 4));
      for (let s = start; s < start + 4; s++) spike[site * S + s] = 1.6;
    }
    const day = new Float64Array(c.nodeCount * S);
    for (let t = 0; t < c.taskCount; t++) {
      const n = assignment.node[t];
      if (n < 0) continue;
      const o = c.taskOrigin[t];
      for (let s = 0; s < S; s++) {
        // Log-normal with mean 1: exp(sigma z - sigma^2 / 2).
        const noise = Math.exp(sigma * gauss() - (sigma * sigma) / 2);
        day[n * S + s] += base[t * R * S + s] * noise * spike[o * S + s];
      }
    }
    for (let n = 0; n < c.nodeCount; n++) for (let s = 0; s < S; s++) nodeCpu[n].push(day[n * S + s]);
  }
  const used = nodeCpu.filter((y) => y.some((v) => v > 0));
  const sum = (ys: number[][]) => ys[0].map((_, i) => ys.reduce((a, y) => a + y[i], 0));
  const tiers = [0, 1].map((tier) => nodeCpu.filter((_, n) => c.nodeTier[n] === tier && nodeCpu[n].some((v) => v > 0)));
  const series = [...used, ...tiers.filter((t) => t.length > 0).map(sum), sum(used)];
  return {
    name: "default-scenario",
    source: `${scenario.name}: CPU load of ${used.length} nodes + tiers + fleet under the greedy plan, ${days} days (10% log-normal task noise, 3 x1.6 site spikes/day), seed ${seed}`,
    season: S,
    horizon: S,
    origins: 2,
    series,
  };
}

function requireDir(dir: string, what: string): void {
  if (!existsSync(dir)) {
    throw new LeptonError(
      "FILE_NOT_FOUND",
      `${dir}: no such directory; --data must point at the shared data directory (${what})`,
    );
  }
}

/** PlanetLab VM CPU % (5-minute samples): VMs present on 2011-04-09, -11 and -12, one series each. */
export function planetLabSeries(dataDir: string): SeriesSet {
  const root = join(dataDir, "traces", "planetlab");
  requireDir(root, "traces/planetlab");
  const days = ["20110409", "20110411", "20110412"];
  const names = days.map((d) => new Set(readdirSync(join(root, d))));
  const common = [...names[0]].filter((n) => names[1].has(n) && names[2].has(n)).sort();
  const series: number[][] = [];
  for (const name of common) {
    const y: number[] = [];
    for (const d of days) {
      const v = readFileSync(join(root, d, name), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map(Number);
      if (v.length !== 288 || v.some((x) => !Number.isFinite(x))) break;
      y.push(...v);
    }
    if (y.length === 3 * 288) series.push(y);
  }
  return {
    name: "planetlab",
    source: `${series.length} PlanetLab VMs, CPU %, 5-min, days 0409+0411 -> forecast 0412 (CoMon via CloudSim)`,
    season: 288,
    horizon: 288,
    origins: 1,
    series,
  };
}

/** Hourly grid carbon intensity (direct, gCO2/kWh) of the 8 Electricity Maps zones, 35 days. */
export function carbonSeries(dataDir: string): SeriesSet {
  const root = join(dataDir, "carbon", "electricitymaps");
  requireDir(root, "carbon/electricitymaps");
  const series: number[][] = [];
  for (const f of readdirSync(root)
    .filter((x) => x.endsWith(".csv"))
    .sort()) {
    const lines = readFileSync(join(root, f), "utf8").split(/\r?\n/).slice(1);
    const y = lines.filter((l) => l.trim() !== "").map((l) => Number(l.split(",")[4]));
    if (y.every((v) => Number.isFinite(v))) series.push(y);
  }
  return {
    name: "carbon",
    source: `${series.length} Electricity Maps zones, hourly direct carbon intensity, 2023-06-01..07-05; day-ahead, 7 rolling origins`,
    season: 24,
    horizon: 24,
    origins: 7,
    series,
  };
}

/** Bitbrains GWA-T-12 VMs 407 and 411, CPU % (clipped at 100), ~5-minute samples, July 2013. */
export function bitbrainsSeries(dataDir: string): SeriesSet {
  const root = join(dataDir, "traces", "other", "bitbrains-rnd", "2013-7");
  requireDir(root, "traces/other/bitbrains-rnd");
  const series: number[][] = [];
  for (const f of ["407.csv", "411.csv"]) {
    const lines = readFileSync(join(root, f), "utf8").split(/\r?\n/).slice(1);
    const y = lines.filter((l) => l.trim() !== "").map((l) => Math.min(100, Number(l.split(";")[4])));
    if (y.every((v) => Number.isFinite(v))) series.push(y);
  }
  return {
    name: "bitbrains",
    source: "Bitbrains VMs 407 and 411, CPU % clipped at 100, 5-min samples taken as regular, day-ahead, 7 rolling origins",
    season: 288,
    horizon: 288,
    origins: 7,
    series,
  };
}
