#!/usr/bin/env node
// HCSP benchmark (Braun et al. 2001 ETC instances, 512 tasks x 16 machines): solves each with the
// island GA and prints instance, ours, Min-Min, reference (best known), gap % and time.
// Usage (after `npm run build`):
//   node bench/hcsp.mjs DATA_DIR [--time-limit S] [--generations N] [--threads N] [--seed N] [--only NAME,...] [--direct-share F]
// DATA_DIR is the public benchmark folder (e.g. ../shared/data); nothing here is copied into the repo.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makespan, parseHcsp } from "../dist/problems/hcsp.js";
import { solveHcspGa } from "../dist/solve/ga/hcsp.js";
import { createGaPool } from "../dist/runtime/ga-pool.js";
import { minMin } from "../dist/solve/heuristics/min-min.js";

const args = process.argv.slice(2);
const dataDir = args[0];
if (!dataDir || dataDir.startsWith("--")) {
  console.error("usage: node bench/hcsp.mjs DATA_DIR [--time-limit S] [--generations N] [--threads N] [--seed N]");
  process.exit(2);
}
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const timeLimit = opt("time-limit", undefined);
const generations = opt("generations", undefined);
const threads = Number(opt("threads", "2"));
const seed = Number(opt("seed", "1"));
const only = opt("only", undefined)?.split(",");
const population = opt("population", undefined);
// --direct-share 1 runs the makespan GA alone (the engine before the decision phase), for comparisons.
const directShare = opt("direct-share", undefined);

const refs = JSON.parse(readFileSync(join(dataDir, "reference-values.json"), "utf8")).hcsp.instances;
const pool = createGaPool(threads);
const rows = [];
console.log(
  `HCSP Braun 512x16: --time-limit ${timeLimit ?? "-"} --generations ${generations ?? "-"} --threads ${threads} --seed ${seed}${directShare ? ` --direct-share ${directShare}` : ""}`,
);
console.log(
  `${"instance".padEnd(12)} ${"ours".padStart(13)} ${"Min-Min".padStart(13)} ${"best known".padStart(13)} ${"gap %".padStart(7)} ${"time s".padStart(7)}  < Min-Min`,
);
try {
  for (const id of Object.keys(refs)) {
    if (only && !only.includes(id)) continue;
    const inst = parseHcsp(readFileSync(join(dataDir, refs[id].file), "utf8"), id, 16);
    const mm = minMin(inst).makespan;
    const res = await solveHcspGa(inst, {
      seed,
      pool,
      timeLimitMs: timeLimit ? Number(timeLimit) * 1000 : undefined,
      generations: generations ? Number(generations) : undefined,
      population: population === undefined ? undefined : Number(population),
      directShare: directShare === undefined ? undefined : Number(directShare),
    });
    if (Math.abs(makespan(inst, res.assignment) - res.makespan) > 1e-6) throw new Error(`${id}: makespan mismatch`);
    const ref = refs[id].best_known.value;
    const gap = ((res.makespan - ref) / ref) * 100;
    rows.push({ gap, below: res.makespan < mm });
    console.log(
      `${id.padEnd(12)} ${res.makespan.toFixed(1).padStart(13)} ${mm.toFixed(1).padStart(13)} ${ref.toFixed(1).padStart(13)} ${gap.toFixed(3).padStart(7)} ${(res.timeMs / 1000).toFixed(1).padStart(7)}  ${res.makespan < mm}`,
    );
  }
} finally {
  await pool.destroy();
}
const mean = rows.reduce((s, r) => s + r.gap, 0) / Math.max(1, rows.length);
console.log(
  `instances ${rows.length} · below Min-Min ${rows.filter((r) => r.below).length} · mean gap ${mean.toFixed(3)}% · max gap ${Math.max(...rows.map((r) => r.gap)).toFixed(3)}%`,
);
