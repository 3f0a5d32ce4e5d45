// Ours (build/ilp.wasm through the worker-thread solver) against HiGHS (npm `highs`, WASM) on the
// same GAP instances in the same run, both single-threaded on this machine.
//
//   node bench/ilp-vs-highs.mjs DATA_DIR [--set orlib-max|orlib-min|random|all] [--time-limit S]
//
// DATA_DIR is the public benchmark directory (../shared/data: gap/orlib/*.txt and
// reference-values.json). Build first (`npm run build`). Prints one row per instance: our status,
// objective and time; HiGHS's status, objective and time; the published optimum; then totals.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGap } from "../dist/problems/gap.js";
import { solveGapIlp } from "../dist/solve/ilp/gap.js";
import { randomGap } from "../dist/solve/ilp/gap-generators.js";
import { gapModel } from "../dist/solve/ilp/gap-model.js";
import { toLpFormat } from "../dist/solve/ilp/lp-format.js";
import { IlpSolver } from "../dist/solve/ilp/solver.js";

const args = process.argv.slice(2);
const dataDir = args.find((a) => !a.startsWith("--"));
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
if (!dataDir || !existsSync(join(dataDir, "gap", "orlib"))) {
  console.error("usage: node bench/ilp-vs-highs.mjs DATA_DIR [--set orlib-max|orlib-min|random|all] [--time-limit S]");
  console.error("DATA_DIR must hold gap/orlib/gap1.txt ... and reference-values.json (e.g. ../shared/data)");
  process.exit(2);
}
const set = opt("set", "orlib-max");
const limitS = Number(opt("time-limit", "60"));
const ref = JSON.parse(readFileSync(join(dataDir, "reference-values.json"), "utf8")).gap.instances;

const cases = [];
const orlib = (files, sense) => {
  for (const f of files) {
    const insts = parseGap(readFileSync(join(dataDir, "gap", "orlib", `${f}.txt`), "utf8"), f);
    insts.forEach((inst, k) => {
      const key = Object.keys(ref).find((id) => ref[id].file === `gap/orlib/${f}.txt` && ref[id].index_in_file === k + 1);
      const r = key ? ref[key][sense] : undefined;
      cases.push({ inst, sense, known: r?.optimum ?? r?.best_known_value ?? null, label: key ?? inst.name });
    });
  }
};
if (set === "orlib-max" || set === "all")
  orlib(
    Array.from({ length: 12 }, (_, i) => `gap${i + 1}`),
    "max",
  );
if (set === "orlib-min" || set === "all") orlib(["gapa", "gapb", "gapc"], "min");
if (set === "random" || set === "all") {
  for (const type of ["C", "D", "E"]) {
    for (const [m, n] of [
      [5, 30],
      [8, 40],
      [10, 60],
    ]) {
      for (let seed = 1; seed <= 3; seed++)
        cases.push({ inst: randomGap(type, m, n, seed), sense: "min", known: null, label: null });
    }
  }
}

const highs = await (await import("highs")).default();
const solver = new IlpSolver(1);
// Warm-up: start the worker and compile both WASM modules outside the timings.
await solveGapIlp(randomGap("C", 2, 4, 1), { sense: "min", solver });
highs.solve(toLpFormat(gapModel(randomGap("C", 2, 4, 1), "min")));

const pad = (s, w) => String(s).padStart(w);
console.log(
  `${"instance".padEnd(16)} ${"sense".padEnd(5)} ${pad("ours", 8)} ${pad("status", 9)} ${pad("ms", 9)} | ${pad("HiGHS", 8)} ${pad("status", 9)} ${pad("ms", 9)} | ${pad("published", 9)} agree`,
);
let oursMs = 0;
let highsMs = 0;
let agree = 0;
let provenOurs = 0;
let atPublished = 0;
let withPublished = 0;
let maxOurs = 0;
for (const c of cases) {
  const t0 = performance.now();
  const ours = await solveGapIlp(c.inst, { sense: c.sense, timeLimitMs: limitS * 1000, solver });
  const tOurs = performance.now() - t0;
  const lp = toLpFormat(gapModel(c.inst, c.sense));
  const t1 = performance.now();
  const h = highs.solve(lp, { time_limit: limitS, mip_rel_gap: 0 });
  const tHighs = performance.now() - t1;
  const hObj = h.ObjectiveValue === null ? null : Math.round(h.ObjectiveValue * 1e6) / 1e6;
  const same = ours.objective !== null && hObj !== null && Math.abs(ours.objective - hObj) < 1e-6;
  oursMs += tOurs;
  highsMs += tHighs;
  maxOurs = Math.max(maxOurs, tOurs);
  if (same) agree++;
  if (ours.status === "optimal") provenOurs++;
  if (c.known !== null) {
    withPublished++;
    if (ours.status === "optimal" && ours.objective === c.known) atPublished++;
  }
  console.log(
    `${(c.label ?? c.inst.name).padEnd(16)} ${c.sense.padEnd(5)} ${pad(ours.objective ?? "-", 8)} ${pad(ours.status, 9)} ${pad(tOurs.toFixed(1), 9)} | ${pad(hObj ?? "-", 8)} ${pad(h.Status, 9)} ${pad(tHighs.toFixed(1), 9)} | ${pad(c.known ?? "-", 9)} ${same ? "yes" : "NO"}`,
  );
}
await solver.destroy();
console.log("");
console.log(`instances: ${cases.length}; ours proven optimal: ${provenOurs}; same objective as HiGHS: ${agree}`);
if (withPublished > 0) console.log(`proven optimal at the published optimum: ${atPublished} / ${withPublished}`);
console.log(
  `total time: ours ${(oursMs / 1000).toFixed(2)} s, HiGHS ${(highsMs / 1000).toFixed(2)} s, ratio ${(oursMs / highsMs).toFixed(3)}; slowest ours ${(maxOurs / 1000).toFixed(2)} s`,
);
