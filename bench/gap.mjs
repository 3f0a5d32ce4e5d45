#!/usr/bin/env node
// GAP benchmark: solves public instances with the island GA and prints instance, ours, reference,
// gap % and time. Usage (after `npm run build`):
//   node bench/gap.mjs DATA_DIR [--set abcd|yagiura400|gap1-12] [--time-limit S] [--generations N]
//                      [--threads N] [--seed N] [--only NAME,...] [--no-mip]
// DATA_DIR is the public benchmark folder (e.g. ../shared/data); its reference-values.json gives
// the optimum / best known value of every instance. Nothing here is copied into the repo.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGap, gapObjective } from "../dist/problems/gap.js";
import { solveGapGa } from "../dist/solve/ga/gap.js";
import { createGaPool } from "../dist/runtime/ga-pool.js";

const args = process.argv.slice(2);
const dataDir = args.find((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--")));
if (!dataDir) {
  console.error("usage: node bench/gap.mjs DATA_DIR [--set abcd|yagiura400|gap1-12] [--time-limit S] [--threads N] [--seed N]");
  process.exit(2);
}
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const set = opt("set", "abcd");
const timeLimit = opt("time-limit", undefined);
const generations = opt("generations", undefined);
const threads = Number(opt("threads", "2"));
const seed = Number(opt("seed", "1"));
const only = opt("only", undefined)?.split(",");
// Engine knobs for experiments; the defaults are the solver's own.
const localSearch = opt("local-search", undefined);
const population = opt("population", undefined);
const deepShare = opt("deep-share", undefined);
// --no-mip: the GA without the agent-subset MIP neighbourhood (for back-to-back comparisons).
const noMip = args.includes("--no-mip");

const refs = JSON.parse(readFileSync(join(dataDir, "reference-values.json"), "utf8")).gap.instances;
const jobs = []; // { id, inst, sense }
if (set === "abcd") {
  const sizes = ["05100", "05200", "10100", "10200", "20100", "20200"];
  for (const t of ["a", "b", "c", "d"]) {
    const insts = parseGap(readFileSync(join(dataDir, `gap/orlib/gap${t}.txt`), "utf8"), `gap${t}`);
    for (const [k, inst] of insts.entries()) jobs.push({ id: `${t}${sizes[k]}`, inst, sense: "min" });
  }
} else if (set === "yagiura400") {
  for (const t of ["c", "d", "e"])
    for (const m of ["10", "20", "40"]) {
      const id = `${t}${m}400`;
      const [inst] = parseGap(readFileSync(join(dataDir, `gap/yagiura/${id}`), "utf8"), id);
      jobs.push({ id, inst, sense: "min" });
    }
} else if (set === "gap1-12") {
  for (let f = 1; f <= 12; f++) {
    const insts = parseGap(readFileSync(join(dataDir, `gap/orlib/gap${f}.txt`), "utf8"), `gap${f}`);
    for (const [k, inst] of insts.entries()) jobs.push({ id: `gap${f}-${k + 1}`, inst, sense: "max" });
  }
} else {
  console.error(`unknown --set ${set}`);
  process.exit(2);
}

const pool = createGaPool(threads);
const rows = [];
console.log(
  `GAP ${set}: --time-limit ${timeLimit ?? "-"} --generations ${generations ?? "-"} --threads ${threads} --seed ${seed}${noMip ? " --no-mip" : ""}`,
);
console.log(
  `${"instance".padEnd(10)} ${"ours".padStart(9)} ${"reference".padStart(10)} ${"ref kind".padEnd(10)} ${"gap %".padStart(7)} ${"time s".padStart(7)}  feasible`,
);
try {
  for (const { id, inst, sense } of jobs) {
    if (only && !only.includes(id)) continue;
    const ref = refs[id][sense];
    const refValue = sense === "max" ? ref : ref.best_known_value;
    const refKind = sense === "max" ? "optimal" : ref.status === "optimal" ? "optimal" : "best known";
    const res = await solveGapGa(inst, {
      sense,
      seed,
      pool,
      timeLimitMs: timeLimit ? Number(timeLimit) * 1000 : undefined,
      generations: generations ? Number(generations) : undefined,
      localSearch: localSearch === undefined ? undefined : Number(localSearch),
      population: population === undefined ? undefined : Number(population),
      deepShare: deepShare === undefined ? undefined : Number(deepShare),
      ...(noMip ? { mipNeighbourhood: false } : {}),
    });
    const check = gapObjective(inst, res.assignment);
    if (check.objective !== res.objective || check.feasible !== res.feasible) throw new Error(`${id}: objective mismatch`);
    const gap = res.feasible
      ? ((sense === "min" ? res.objective - refValue : refValue - res.objective) / refValue) * 100
      : Number.NaN;
    rows.push({ id, gap, feasible: res.feasible });
    console.log(
      `${id.padEnd(10)} ${String(res.feasible ? res.objective : "-").padStart(9)} ${String(refValue).padStart(10)} ${refKind.padEnd(10)} ${gap.toFixed(3).padStart(7)} ${(res.timeMs / 1000).toFixed(1).padStart(7)}  ${res.feasible}`,
    );
  }
} finally {
  await pool.destroy();
}
const feasible = rows.filter((r) => r.feasible);
const mean = feasible.reduce((s, r) => s + r.gap, 0) / Math.max(1, feasible.length);
const max = Math.max(...feasible.map((r) => r.gap));
console.log(`instances ${rows.length} · feasible ${feasible.length} · mean gap ${mean.toFixed(3)}% · max gap ${max.toFixed(3)}%`);
