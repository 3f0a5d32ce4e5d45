#!/usr/bin/env node
// Builds examples/default.json, the default Lepton scenario, from the real public data set.
//
//   node scripts/make-default-scenario.mjs [dataDir] [outFile]
//
// dataDir defaults to ../shared/data relative to the repo root; outFile to examples/default.json.
// Plain Node 20 ESM, no dependencies. Deterministic: the same data gives a byte-identical file.
// Every figure and every assumption is explained in docs/data-sources.md; keep the two in step.

import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DATA_DIR = resolve(process.argv[2] ?? join(REPO_ROOT, "..", "shared", "data"));
const OUT_FILE = resolve(process.argv[3] ?? join(REPO_ROOT, "examples", "default.json"));

const SLOTS = 96;
const SLOT_MINUTES = 15;
const SEED = 20230615;

// --- The day -------------------------------------------------------------------------------------
// Slot 0 is local midnight in the metro (Washington DC, EDT = UTC-4) on Thursday 2023-06-15, so
// the horizon covers 2023-06-15 04:00 UTC .. 2023-06-16 04:00 UTC.
const DAY_START_UTC = Date.UTC(2023, 5, 15, 4, 0, 0);

// --- Sites ---------------------------------------------------------------------------------------
// Core data centres sit in three IBM Cloud VPC regions, each on its own Electricity Maps zone.
const CORE_SITES = [
  { id: "core-wdc", ibmRegion: "Washington DC", zone: "us-east-wdc04-a", carbon: "US-MIDA-PJM", pue: 1.5 },
  { id: "core-tor", ibmRegion: "Toronto", zone: null, carbon: "CA-ON", pue: 1.3 },
  { id: "core-dal", ibmRegion: "Dallas", zone: null, carbon: "US-TEX-ERCO", pue: 1.4 },
];
const METRO_IBM_REGION = "Washington DC";
// Edge sites of the Washington DC metro. `az` is the IBM us-east availability zone the site's
// metro fibre lands in; `hopMs` is the assumed round-trip time of the access/metro hop from the site
// to that zone (a few ms, more for the outer suburbs). `weight` is the site's share of user traffic.
const EDGE_SITES = [
  { id: "edge-downtown", az: "us-east-wdc04-a", hopMs: 1.2, weight: 3 },
  { id: "edge-arlington", az: "us-east-wdc04-a", hopMs: 1.8, weight: 2 },
  { id: "edge-alexandria", az: "us-east-wdc06-a", hopMs: 2.4, weight: 1.5 },
  { id: "edge-bethesda", az: "us-east-wdc07-a", hopMs: 2.6, weight: 1.5 },
  { id: "edge-silver-spring", az: "us-east-wdc07-a", hopMs: 3.0, weight: 1.5 },
  { id: "edge-tysons", az: "us-east-wdc06-a", hopMs: 3.2, weight: 1.5 },
  { id: "edge-reston", az: "us-east-wdc06-a", hopMs: 4.4, weight: 1 },
  { id: "edge-annapolis", az: "us-east-wdc07-a", hopMs: 5.8, weight: 1 },
];
const METRO_CARBON = "US-MIDA-PJM";
const LOCAL_LATENCY_MS = 0.5;

// --- Machine models ------------------------------------------------------------------------------
// power: [file, id] in the power data; idle/peak watts are read from there.
// capacity: assumed configuration (cpu = hardware threads; ARM boards count 0.5 per core).
// costPerHour: assumed amortised non-energy cost while on: capexUsd / (years * 8760 h) + opexPerHour.
const MODELS = {
  // core (SPECpower_ssj2008)
  R940: {
    power: ["spec", "DellPowerEdgeR940"],
    cap: { cpu: 160, memGiB: 1536, netMbps: 100000 },
    capexUsd: 60000,
    years: 5,
    opexPerHour: 0.25,
  },
  R740: {
    power: ["spec", "DellPowerEdgeR740"],
    cap: { cpu: 80, memGiB: 384, netMbps: 50000 },
    capexUsd: 20000,
    years: 5,
    opexPerHour: 0.15,
  },
  R640: {
    power: ["spec", "DellPowerEdgeR640"],
    cap: { cpu: 80, memGiB: 384, netMbps: 50000 },
    capexUsd: 18000,
    years: 5,
    opexPerHour: 0.12,
  },
  R620: {
    power: ["spec", "DellPowerEdgeR620"],
    cap: { cpu: 32, memGiB: 256, netMbps: 20000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.12,
  },
  X3550: {
    power: ["spec", "IbmX3550XeonX5670"],
    cap: { cpu: 24, memGiB: 96, netMbps: 20000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.1,
  },
  RH2288: {
    power: ["spec", "HuaweiRH2288HV2"],
    cap: { cpu: 40, memGiB: 256, netMbps: 20000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.1,
  },
  // edge
  E5645: {
    power: ["edge", "EdgeServer_E5645_EdgeSimPy"],
    cap: { cpu: 24, memGiB: 64, netMbps: 10000 },
    capexUsd: 4000,
    years: 5,
    opexPerHour: 0.05,
  },
  E5507: {
    power: ["edge", "EdgeServer_E5507_EdgeSimPy"],
    cap: { cpu: 8, memGiB: 32, netMbps: 2000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.04,
  },
  E5430: {
    power: ["edge", "EdgeServer_E5430_EdgeSimPy"],
    cap: { cpu: 8, memGiB: 32, netMbps: 2000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.04,
  },
  TX1330: {
    power: ["spec", "FujitsuPrimergyTX1330M3"],
    cap: { cpu: 8, memGiB: 32, netMbps: 2000 },
    capexUsd: 1500,
    years: 5,
    opexPerHour: 0.02,
  },
  TX1320: {
    power: ["spec", "FujitsuPrimergyTX1320M1"],
    cap: { cpu: 8, memGiB: 16, netMbps: 2000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.02,
  },
  HA8000: {
    power: ["spec", "HitachiHA8000XeonE31280v2"],
    cap: { cpu: 8, memGiB: 32, netMbps: 2000 },
    capexUsd: 0,
    years: 5,
    opexPerHour: 0.02,
  },
  PI4: {
    power: ["edge", "RaspberryPi4B"],
    cap: { cpu: 2, memGiB: 8, netMbps: 1000 },
    capexUsd: 100,
    years: 3,
    opexPerHour: 0.002,
  },
  NANO: {
    power: ["edge", "JetsonNano_EdgeSimPy"],
    cap: { cpu: 2, memGiB: 4, gpu: 1, netMbps: 1000 },
    capexUsd: 150,
    years: 3,
    opexPerHour: 0.002,
  },
  TX2: {
    power: ["edge", "JetsonTX2_EdgeSimPy"],
    cap: { cpu: 3, memGiB: 8, gpu: 1, netMbps: 1000 },
    capexUsd: 450,
    years: 3,
    opexPerHour: 0.003,
  },
};
// PUE of edge enclosures by model (core PUE is per site, above).
const EDGE_PUE = { E5645: 1.1, E5507: 1.1, E5430: 1.1, TX1330: 1.05, TX1320: 1.05, HA8000: 1.05, PI4: 1.0, NANO: 1.0, TX2: 1.0 };

const FLEET = [
  ["core-wdc", ["R940", "R620"]],
  ["core-tor", ["R740", "X3550"]],
  ["core-dal", ["R640", "RH2288"]],
  ["edge-downtown", ["E5645", "E5645", "TX1330", "TX2"]],
  ["edge-arlington", ["E5507", "TX1330", "TX1330", "PI4"]],
  ["edge-alexandria", ["E5430", "TX1320", "PI4", "PI4"]],
  ["edge-bethesda", ["E5645", "HA8000", "NANO"]],
  ["edge-silver-spring", ["TX1330", "TX1330", "PI4", "PI4"]],
  ["edge-tysons", ["E5645", "TX1330", "NANO"]],
  ["edge-reston", ["E5507", "TX1320", "PI4"]],
  ["edge-annapolis", ["TX1330", "PI4", "PI4"]],
];

// --- Task mix ------------------------------------------------------------------------------------
const TASK_COUNTS = { realtime: 150, stream: 150, compute: 200, storage: 100 };
const BATCH_COMPUTE = 80; // of the compute tasks, this many are deferrable batch jobs with a window
const GPU_TASKS = 4; // realtime video-analytics tasks that need half a GPU (Jetson boards)
const SCALE_MIX = {
  realtime: [0.6, 0.3, 0.1],
  stream: [0.4, 0.4, 0.2],
  compute: [0.4, 0.4, 0.2],
  storage: [0.4, 0.4, 0.2],
};
const PROFILE_FLOOR = 0.05;
const PLANETLAB_DAY = "20110303";

const OBJECTIVE = { latency: 10, energy: 10, carbon: 20, cost: 1, balance: 0.1 };

// -------------------------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pickWeighted = (items, weights) => {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rand() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
};
function shuffle(list) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;
const r3 = (x) => Math.round(x * 1000) / 1000;
const readText = (...p) => readFileSync(join(DATA_DIR, ...p), "utf8");
const readJson = (...p) => JSON.parse(readText(...p));
function fail(msg) {
  throw new Error(`make-default-scenario: ${msg}`);
}

/** Turns a series of slot values into a demand multiplier: divide by the max, floor, round. */
function toProfile(values) {
  const max = Math.max(...values);
  if (!(max > 0)) fail("profile series with no positive value");
  return values.map((v) => r3(Math.max(PROFILE_FLOOR, v / max)));
}

// --- Carbon --------------------------------------------------------------------------------------
function loadCarbon(zone) {
  const dir = join("carbon", "electricitymaps");
  const file = readdirSync(join(DATA_DIR, dir))
    .sort()
    .find((f) => f.startsWith(`${zone}_`) && f.endsWith("_hourly.csv"));
  if (!file) fail(`no Electricity Maps file for zone ${zone}`);
  const lines = readText(dir, file)
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines[0].split(",");
  const col = header.indexOf("Carbon Intensity gCO\u2082eq/kWh (direct)");
  const estCol = header.indexOf("Data Estimated");
  if (col < 0) fail(`${file}: no "Carbon Intensity gCO₂eq/kWh (direct)" column`);
  const byHour = new Map();
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    byHour.set(Date.parse(`${f[0].replace(" ", "T")}Z`), { v: Number(f[col]), est: f[estCol] === "true" });
  }
  const hourly = [];
  let estimated = 0;
  for (let h = 0; h < 24; h++) {
    const row = byHour.get(DAY_START_UTC + h * 3600e3);
    if (!row || !Number.isFinite(row.v)) fail(`${file}: no value for hour ${h} of the scenario day`);
    hourly.push(row.v);
    if (row.est) estimated++;
  }
  // Each hourly value holds for its four 15-minute slots (no interpolation).
  const slots = [];
  for (let s = 0; s < SLOTS; s++) slots.push(r1(hourly[Math.floor((s * SLOT_MINUTES) / 60)]));
  return { file, slots, estimated };
}

// --- Latency -------------------------------------------------------------------------------------
function loadLatency() {
  const data = readJson("latency", "ibm-cloud-vpc-rtt.json");
  const snap = data.snapshots.slice().sort((a, b) => Date.parse(b.published) - Date.parse(a.published))[0];
  const idx = (name) => {
    const i = snap.regions.indexOf(name);
    if (i < 0) fail(`latency: no region ${name}`);
    return i;
  };
  const rtt = (from, to) => {
    const v = snap.rtt_ms[idx(from)][idx(to)];
    if (typeof v !== "number") fail(`latency: no RTT ${from} -> ${to}`);
    return v;
  };
  const azTable = snap.inter_az.find((t) => t.zones.includes(CORE_SITES[0].zone));
  if (!azTable) fail(`latency: no inter-AZ table containing ${CORE_SITES[0].zone}`);
  const az = (a, b) => {
    const i = azTable.zones.indexOf(a);
    const j = azTable.zones.indexOf(b);
    if (i < 0 || j < 0) fail(`latency: no AZ ${i < 0 ? a : b}`);
    return azTable.rtt_ms[i][j];
  };
  return { snap, rtt, az };
}

// --- Power ---------------------------------------------------------------------------------------
function loadPower() {
  const spec = readJson("power", "specpower-servers.json").servers;
  const edge = readJson("power", "edge-devices.json").devices;
  return ([file, id]) => {
    if (file === "spec") {
      const s = spec.find((x) => x.id === id) ?? fail(`power: no SPECpower server ${id}`);
      return { idleW: s.idle_w, peakW: s.peak_w };
    }
    const d = edge.find((x) => x.id === id) ?? fail(`power: no edge device ${id}`);
    // EdgeSimPy's second field is idle watts (see edge-devices.json notes).
    const idleW = d.idle_w ?? d.static_field;
    if (typeof idleW !== "number" || typeof d.max_w !== "number") fail(`power: incomplete entry ${id}`);
    return { idleW, peakW: d.max_w };
  };
}

// --- Load traces ---------------------------------------------------------------------------------
/** PlanetLab VM CPU %: 288 five-minute samples; average 3 per slot. Keeps non-trivial traces. */
function loadPlanetLab() {
  const dir = join(DATA_DIR, "traces", "planetlab", PLANETLAB_DAY);
  const names = readdirSync(dir).sort();
  const out = [];
  for (const name of names) {
    const v = readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map(Number);
    if (v.length !== 288 || v.some((x) => !Number.isFinite(x))) continue;
    const max = Math.max(...v);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    if (max < 20 || mean < 3) continue; // near-idle slices carry no load shape
    const slots = [];
    for (let s = 0; s < SLOTS; s++) slots.push((v[3 * s] + v[3 * s + 1] + v[3 * s + 2]) / 3);
    out.push({ name, profile: toProfile(slots) });
  }
  return { total: names.length, usable: out };
}

function nabAnomalyDays(key) {
  const windows = readJson("traces", "other", "nab", "combined_windows.json")[key] ?? [];
  const days = new Set();
  for (const [a, b] of windows) {
    const start = Date.parse(`${a.slice(0, 10)}T00:00:00Z`);
    const end = Date.parse(`${b.slice(0, 10)}T00:00:00Z`);
    for (let d = start; d <= end; d += 86400e3) days.add(new Date(d).toISOString().slice(0, 10));
  }
  return days;
}

/** NAB series grouped into calendar days of 96 slot means; drops anomaly days and days with an empty slot. */
function loadNabDays(file, key, { weekdaysOnly }) {
  const lines = readText("traces", "other", "nab", file)
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0);
  const skip = nabAnomalyDays(key);
  const days = new Map();
  for (const line of lines) {
    const [ts, val] = line.split(",");
    const day = ts.slice(0, 10);
    const minute = Number(ts.slice(11, 13)) * 60 + Number(ts.slice(14, 16));
    if (!days.has(day)) days.set(day, { sum: new Array(SLOTS).fill(0), n: new Array(SLOTS).fill(0) });
    const d = days.get(day);
    // A 30-minute value covers two slots; a 5-minute value falls into one.
    const first = Math.floor(minute / SLOT_MINUTES);
    const span = file === "nyc_taxi.csv" ? 2 : 1;
    for (let k = 0; k < span; k++) {
      d.sum[first + k] += Number(val);
      d.n[first + k] += 1;
    }
  }
  const out = [];
  for (const day of [...days.keys()].sort()) {
    if (skip.has(day)) continue;
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekdaysOnly && (dow === 0 || dow === 6)) continue;
    const { sum, n } = days.get(day);
    if (n.some((c) => c === 0)) continue;
    out.push({ day, profile: toProfile(sum.map((s, i) => s / n[i])) });
  }
  return out;
}

// --- Build ---------------------------------------------------------------------------------------
const latencyData = loadLatency();
const powerOf = loadPower();
const carbonZones = [...new Set([METRO_CARBON, ...CORE_SITES.map((s) => s.carbon)])];
const carbonData = Object.fromEntries(carbonZones.map((z) => [z, loadCarbon(z)]));
const planetlab = loadPlanetLab();
const taxiDays = loadNabDays("nyc_taxi.csv", "realKnownCause/nyc_taxi.csv", { weekdaysOnly: true });
const elbDays = loadNabDays("elb_request_count_8c0756.csv", "realAWSCloudwatch/elb_request_count_8c0756.csv", {
  weekdaysOnly: false,
});

const sites = [...CORE_SITES.map((s) => ({ id: s.id, tier: "core" })), ...EDGE_SITES.map((s) => ({ id: s.id, tier: "edge" }))];

// Latency: core<->core from the inter-region matrix (both directions, it is not symmetric);
// edge<->local core and edge<->edge = access hops + inter-AZ RTT; edge<->remote core = hop + region RTT.
const { rtt, az } = latencyData;
const localCore = CORE_SITES.find((s) => s.ibmRegion === METRO_IBM_REGION);
const latency = [];
for (const a of CORE_SITES) {
  for (const b of CORE_SITES) if (a !== b) latency.push({ from: a.id, to: b.id, ms: rtt(a.ibmRegion, b.ibmRegion) });
}
for (const e of EDGE_SITES) {
  for (const c of CORE_SITES) {
    if (c === localCore) {
      latency.push({ from: e.id, to: c.id, ms: r2(e.hopMs + az(e.az, c.zone)) });
    } else {
      latency.push({ from: e.id, to: c.id, ms: r2(e.hopMs + rtt(METRO_IBM_REGION, c.ibmRegion)) });
      latency.push({ from: c.id, to: e.id, ms: r2(e.hopMs + rtt(c.ibmRegion, METRO_IBM_REGION)) });
    }
  }
}
for (let i = 0; i < EDGE_SITES.length; i++) {
  for (let j = i + 1; j < EDGE_SITES.length; j++) {
    const a = EDGE_SITES[i];
    const b = EDGE_SITES[j];
    latency.push({ from: a.id, to: b.id, ms: r2(a.hopMs + az(a.az, b.az) + b.hopMs) });
  }
}

const siteInfo = new Map([
  ...CORE_SITES.map((s) => [s.id, { ...s, tier: "core" }]),
  ...EDGE_SITES.map((s) => [s.id, { ...s, tier: "edge", carbon: METRO_CARBON }]),
]);
const nodes = [];
for (const [siteId, models] of FLEET) {
  const site = siteInfo.get(siteId);
  const seen = {};
  for (const m of models) {
    const model = MODELS[m];
    seen[m] = (seen[m] ?? 0) + 1;
    const cost = model.capexUsd / (model.years * 8760) + model.opexPerHour;
    nodes.push({
      id: `${siteId}-${m.toLowerCase()}-${seen[m]}`,
      site: siteId,
      capacity: { ...model.cap },
      power: powerOf(model.power),
      pue: site.tier === "core" ? site.pue : EDGE_PUE[m],
      costPerHour: Math.round(cost * 10000) / 10000,
      carbonRegion: site.carbon,
    });
  }
}

const carbon = Object.fromEntries(carbonZones.map((z) => [z, carbonData[z].slots]));

// Tasks.
const SCALES = ["small", "medium", "large"];
const edgeIds = EDGE_SITES.map((s) => s.id);
const edgeWeights = EDGE_SITES.map((s) => s.weight);
const coreIds = CORE_SITES.map((s) => s.id);
const edgeOrigin = () => pickWeighted(edgeIds, edgeWeights);
const anyOrigin = (edgeShare) => (rand() < edgeShare ? edgeOrigin() : coreIds[Math.floor(rand() * coreIds.length)]);
const scaleFor = (type) => pickWeighted(SCALES, SCALE_MIX[type]);
const plQueue = shuffle(planetlab.usable);
let plNext = 0;
const nextPlanetLab = () => {
  if (plNext >= plQueue.length) fail("not enough usable PlanetLab traces");
  return plQueue[plNext++];
};
const pickOf = (list) => list[Math.floor(rand() * list.length)];
const traceUse = { planetlab: 0, taxi: 0, elb: 0, flat: 0 };

const tasks = [];
const pad = (n) => String(n).padStart(3, "0");

// Realtime: user-facing, 10 ms SLO (the type default), origin at edge sites, NYC-taxi diurnal shape.
for (let i = 1; i <= TASK_COUNTS.realtime; i++) {
  const task = { id: `rt-${pad(i)}`, type: "realtime", scale: scaleFor("realtime"), origin: edgeOrigin() };
  if (i <= GPU_TASKS) {
    // Video analytics next to the cameras: half a Jetson GPU each.
    task.scale = "large";
    task.origin = ["edge-downtown", "edge-bethesda", "edge-tysons", "edge-downtown"][i - 1];
    task.demand = { cpu: 0.5, memGiB: 1.5, gpu: 0.5, netMbps: 25 };
  }
  task.profile = pickOf(taxiDays).profile;
  traceUse.taxi++;
  tasks.push(task);
}

// Stream: 40 ms SLO by default (some interactive ones 25 ms), origin at edge sites.
for (let i = 1; i <= TASK_COUNTS.stream; i++) {
  const task = { id: `st-${pad(i)}`, type: "stream", scale: scaleFor("stream"), origin: edgeOrigin() };
  const u = rand();
  if (u < 0.15) task.latencySloMs = 25;
  if (rand() < 0.1) {
    // High-bitrate video: three times the default network demand.
    const base = { small: 20, medium: 50, large: 100 }[task.scale];
    task.demand = { netMbps: base * 3 };
  }
  if (rand() < 0.7) {
    task.profile = pickOf(taxiDays).profile;
    traceUse.taxi++;
  } else {
    task.profile = pickOf(elbDays).profile;
    traceUse.elb++;
  }
  tasks.push(task);
}

// Compute: services with PlanetLab CPU shapes, plus deferrable batch jobs with a window.
for (let i = 1; i <= TASK_COUNTS.compute; i++) {
  const task = { id: `cp-${pad(i)}`, type: "compute", scale: scaleFor("compute"), origin: anyOrigin(0.6) };
  const u = rand();
  if (u < 0.1)
    task.demand = { memGiB: { small: 8, medium: 16, large: 32 }[task.scale] }; // in-memory analytics
  else if (u < 0.15) task.latencySloMs = 50; // interactive API backends
  if (i > TASK_COUNTS.compute - BATCH_COMPUTE) {
    const windowLen = randInt(48, 96);
    const start = randInt(0, SLOTS - windowLen);
    task.window = { start, end: start + windowLen, durationSlots: randInt(8, 24) };
    traceUse.flat++; // batch jobs run flat out: no profile
  } else {
    task.profile = nextPlanetLab().profile;
    traceUse.planetlab++;
  }
  tasks.push(task);
}

// Storage: no SLO, PlanetLab shapes; some replication/backup tasks need more bandwidth.
for (let i = 1; i <= TASK_COUNTS.storage; i++) {
  const task = { id: `sg-${pad(i)}`, type: "storage", scale: scaleFor("storage"), origin: anyOrigin(0.5) };
  if (rand() < 0.15) task.demand = { netMbps: { small: 100, medium: 200, large: 400 }[task.scale] };
  task.profile = nextPlanetLab().profile;
  traceUse.planetlab++;
  tasks.push(task);
}

// Canonical key order for every task.
const KEY_ORDER = ["id", "type", "scale", "demand", "origin", "latencySloMs", "window", "profile"];
const orderedTasks = tasks.map((t) => Object.fromEntries(KEY_ORDER.filter((k) => t[k] !== undefined).map((k) => [k, t[k]])));

const scenario = {
  name: "Washington DC metro edge + 3 core DCs, 2023-06-15 (real data)",
  horizon: { slots: SLOTS, slotMinutes: SLOT_MINUTES },
  sites,
  latency,
  localLatencyMs: LOCAL_LATENCY_MS,
  nodes,
  carbon,
  tasks: orderedTasks,
  objective: { weights: OBJECTIVE },
};

// --- Write: one site/link/node/task per line for readable diffs ----------------------------------
const j = (v) => JSON.stringify(v);
const list = (arr) => (arr.length === 0 ? "[]" : `[\n${arr.map((x) => `    ${j(x)}`).join(",\n")}\n  ]`);
const obj = (o) =>
  `{\n${Object.entries(o)
    .map(([k, v]) => `    ${j(k)}: ${j(v)}`)
    .join(",\n")}\n  }`;
const text = `{
  "name": ${j(scenario.name)},
  "horizon": ${j(scenario.horizon)},
  "sites": ${list(scenario.sites)},
  "latency": ${list(scenario.latency)},
  "localLatencyMs": ${j(scenario.localLatencyMs)},
  "nodes": ${list(scenario.nodes)},
  "carbon": ${obj(scenario.carbon)},
  "tasks": ${list(scenario.tasks)},
  "objective": ${j(scenario.objective)}
}
`;
JSON.parse(text); // sanity: the hand-formatted file is valid JSON
mkdirSync(dirname(OUT_FILE), { recursive: true });
writeFileSync(OUT_FILE, text);

// --- Summary -------------------------------------------------------------------------------------
const sum = (arr) => arr.reduce((a, b) => a + b, 0);
const byTier = (tier) => nodes.filter((n) => siteInfo.get(n.site).tier === tier);
const countBy = (arr, f) => {
  const m = {};
  for (const x of arr) m[f(x)] = (m[f(x)] ?? 0) + 1;
  return m;
};
const DEFAULT_CPU = {
  compute: { small: 1, medium: 2, large: 4 },
  storage: { small: 0.25, medium: 0.5, large: 1 },
  stream: { small: 0.5, medium: 1, large: 2 },
  realtime: { small: 0.5, medium: 1, large: 2 },
};
const cpuLoad = new Array(SLOTS).fill(0);
for (const t of orderedTasks) {
  const cpu = t.demand?.cpu ?? DEFAULT_CPU[t.type][t.scale];
  const start = t.window?.start ?? 0;
  const dur = t.window ? t.window.durationSlots : SLOTS;
  for (let k = 0; k < dur; k++) cpuLoad[start + k] += cpu * (t.profile ? t.profile[k] : 1);
}
const capCpu = sum(nodes.map((n) => n.capacity.cpu));
const peak = Math.max(...cpuLoad);
console.log(`wrote ${OUT_FILE} (${text.length} bytes)`);
console.log(
  `data: ${DATA_DIR}; latency snapshot ${latencyData.snap.published}; PlanetLab ${PLANETLAB_DAY}: ${planetlab.usable.length}/${planetlab.total} usable traces`,
);
console.log(`carbon: ${carbonZones.map((z) => `${z} (${carbonData[z].estimated} estimated h)`).join(", ")}`);
console.log(
  `sites: ${CORE_SITES.length} core, ${EDGE_SITES.length} edge; nodes: ${byTier("core").length} core (${sum(byTier("core").map((n) => n.capacity.cpu))} cpu), ${byTier("edge").length} edge (${sum(byTier("edge").map((n) => n.capacity.cpu))} cpu)`,
);
console.log(
  `tasks: ${orderedTasks.length} ${j(countBy(orderedTasks, (t) => t.type))} scales ${j(countBy(orderedTasks, (t) => `${t.type}/${t.scale}`))}`,
);
console.log(`profiles: ${j(traceUse)}; taxi days ${taxiDays.length}, elb days ${elbDays.length}`);
console.log(
  `cpu: capacity ${capCpu}, peak demand ${r1(peak)} (${Math.round((100 * peak) / capCpu)}%) at slot ${cpuLoad.indexOf(peak)}, sum of peaks ${r1(sum(orderedTasks.map((t) => t.demand?.cpu ?? DEFAULT_CPU[t.type][t.scale])))}`,
);
