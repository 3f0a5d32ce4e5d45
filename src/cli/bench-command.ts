import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type AccuracyResult, benchForecastAccuracy, benchForecastThroughput } from "../bench/forecast-bench.js";
import { benchKernels, benchSink, type Measurement, throughputRatio } from "../bench/kernels-bench.js";
import { readScenarioFile } from "../model/read-scenario.js";
import { parseArgs } from "./args.js";
import type { Command, CommandIO } from "./command.js";
import { DEFAULT_SCENARIO } from "./plan-command.js";

const SPEC = {
  json: "flag",
  data: "string",
  scenario: "string",
  sizes: "string",
  threads: "integer",
  seed: "integer",
  check: "flag",
} as const;

/** A target of the kernels issue: ratio of two variants' throughput in one run. */
interface Target {
  case: string;
  elements: number;
  variant: string | "best-wasm";
  over: string;
  atLeast: number;
}

const TARGETS: Target[] = [
  { case: "fleet-sum", elements: 3e7, variant: "wasm-simd", over: "read-probe", atLeast: 0.8 },
  { case: "fleet-sum", elements: 3e7, variant: "wasm-simd", over: "js-naive", atLeast: 5 },
  { case: "fleet-sum", elements: 1e6, variant: "wasm-simd", over: "js-typed", atLeast: 3 },
  { case: "node-scatter", elements: 1e6, variant: "best-wasm", over: "js-typed", atLeast: 3 },
];

export const benchCommand: Command = {
  name: "bench",
  usage: "lepton bench kernels [--json] [--data DIR] [--scenario FILE] [--sizes 1e4,1e6,3e7] [--threads N] [--seed N] [--check]",
  summary: "benchmark the load kernels (vs plain JS and the memory-bandwidth ceiling) and the forecasts (speed, MASE)",
  async run(argv, io) {
    const { positional, options } = parseArgs(argv, SPEC, "bench");
    if (positional.length !== 1 || positional[0] !== "kernels") {
      throw io.usageError(
        `bench: give the suite to run: \`lepton bench kernels\` (got ${positional.length ? `"${positional.join(" ")}"` : "nothing"})`,
      );
    }
    const sizes = parseSizes(options.sizes as string | undefined, io);
    const threads = (options.threads as number | undefined) ?? 2;
    if (threads < 1 || threads > 64) throw io.usageError(`--threads must be in [1, 64] (got ${threads})`);
    const dataDir = resolveDataDir(options.data as string | undefined, io);
    const scenario = await readScenarioFile((options.scenario as string | undefined) ?? DEFAULT_SCENARIO);
    const seed = (options.seed as number | undefined) ?? 1;
    const json = Boolean(options.json);
    const progress = (t: string) => {
      if (io.interactive && !json) io.err(t);
    };

    const measurements: Measurement[] = [];
    await benchKernels({
      sizes,
      threads,
      seed,
      onMeasurement: (m) => {
        measurements.push(m);
        if (json) io.out(JSON.stringify(m));
        else progress(`  ${m.case} ${m.elements} ${m.variant}: ${m.gbPerSec.toFixed(2)} GB/s`);
      },
    });
    const throughput = await benchForecastThroughput(2000, 3, seed);
    for (const m of throughput) if (json) io.out(JSON.stringify(m));
    const accuracy: AccuracyResult[] = [];
    const sources: string[] = [];
    await benchForecastAccuracy({
      dataDir,
      scenario,
      seed,
      onDataset: (name, source) => sources.push(`${name}: ${source}`),
      onResult: (r) => {
        accuracy.push(r);
        if (json) io.out(JSON.stringify(r));
      },
    });
    const checks = TARGETS.map((t) => checkTarget(t, measurements));
    const hw = accuracy.filter(
      (a) => a.method === "holt-winters" && (a.dataset === "synthetic" || a.dataset === "default-scenario"),
    );
    const maseOk = hw.length === 2 && hw.every((a) => a.mase < 1);
    if (json) {
      for (const c of checks) io.out(JSON.stringify({ case: "target", ...c }));
      for (const a of hw)
        io.out(
          JSON.stringify({ case: "target", target: `holt-winters MASE < 1 on ${a.dataset}`, value: a.mase, met: a.mase < 1 }),
        );
    } else {
      io.out(formatReport(measurements, throughput, accuracy, sources, checks, hw, dataDir));
    }
    // Keeps the probe sums observable so no engine can drop the reads as dead code.
    if (Number.isNaN(benchSink())) io.err("bench: probe sum is NaN");
    const allMet = checks.every((c) => c.met) && maseOk;
    return options.check && !allMet ? 1 : 0;
  },
};

function parseSizes(raw: string | undefined, io: CommandIO): number[] | undefined {
  if (raw === undefined) return undefined;
  const sizes = raw.split(",").map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isFinite(n) || n < 1 || n > 2e8)) {
    throw io.usageError(`--sizes must be comma-separated element counts in [1, 2e8], e.g. 1e4,1e6,3e7 (got "${raw}")`);
  }
  return sizes;
}

/** --data, else ../shared/data next to the working directory when it exists, else none. */
function resolveDataDir(given: string | undefined, io: CommandIO): string | undefined {
  if (given !== undefined) {
    const dir = resolve(given);
    if (!existsSync(dir)) throw io.usageError(`--data ${given}: no such directory; give the public data directory`);
    return dir;
  }
  const guess = resolve("../shared/data");
  return existsSync(guess) ? guess : undefined;
}

interface TargetCheck {
  target: string;
  value: number;
  met: boolean;
}

function gb(ms: Measurement[], c: string, elements: number, variant: string): Measurement | undefined {
  const near = (m: Measurement) => Math.abs(m.elements - elements) / elements < 0.01;
  if (variant === "best-wasm") {
    const wasm = ms.filter((m) => m.case === c && near(m) && m.variant.startsWith("wasm"));
    return wasm.sort((a, b) => b.gbPerSec - a.gbPerSec)[0];
  }
  return ms.find((m) => m.case === c && near(m) && m.variant === variant);
}

function checkTarget(t: Target, ms: Measurement[]): TargetCheck {
  const a = gb(ms, t.case, t.elements, t.variant);
  const b = gb(ms, t.case, t.elements, t.over);
  const value = a && b ? throughputRatio(a, b) : Number.NaN;
  const name = t.variant === "best-wasm" ? `best WASM (${a?.variant ?? "?"})` : t.variant;
  return {
    target: `${t.case} ${t.elements.toExponential(0)}: ${name} / ${t.over} >= ${t.atLeast}`,
    value,
    met: value >= t.atLeast,
  };
}

function formatReport(
  ms: Measurement[],
  throughput: Measurement[],
  accuracy: AccuracyResult[],
  sources: string[],
  checks: TargetCheck[],
  hw: AccuracyResult[],
  dataDir: string | undefined,
): string {
  const lines = [
    "Lepton kernel benchmark (median sample over 4 round-robin passes; GB/s = f32 tensor bytes / time; ratios = median of per-pass ratios)",
    "",
  ];
  const header = `  ${"case".padEnd(13)}${"elements".padStart(10)}  ${"variant".padEnd(19)}${"GB/s".padStart(8)}${"calls/s".padStart(12)}${"x probe".padStart(9)}${"x js-typed".padStart(11)}${"x js-naive".padStart(11)}${"±%".padStart(6)}`;
  lines.push(header);
  const groups = new Map<string, Measurement[]>();
  for (const m of ms) {
    const key = `${m.case}/${m.elements}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const g of groups.values()) {
    const over = (m: Measurement, v: string) => {
      const b = g.find((x) => x.variant === v);
      return b ? throughputRatio(m, b) : Number.NaN;
    };
    for (const m of g) {
      lines.push(
        `  ${m.case.padEnd(13)}${String(m.elements).padStart(10)}  ${m.variant.padEnd(19)}${m.gbPerSec.toFixed(2).padStart(8)}${fmtHz(m.opsPerSec).padStart(12)}${over(m, "read-probe").toFixed(2).padStart(9)}${over(m, "js-typed").toFixed(1).padStart(11)}${over(m, "js-naive").toFixed(1).padStart(11)}${m.rme.toFixed(0).padStart(6)}`,
      );
    }
    lines.push("");
  }
  lines.push("Forecast throughput (2,000 synthetic series of 768 slots, fit + 96-slot forecast, 256 series per WASM call)");
  for (const m of throughput) lines.push(`  ${m.case.padEnd(24)} ${fmtHz(m.opsPerSec).padStart(10)} series/s`);
  lines.push(
    "",
    "Forecast accuracy on held-out data (MASE: holdout MAE / in-sample seasonal-naive MAE; relMAE: vs seasonal naive on the holdout)",
  );
  lines.push(
    `  ${"dataset".padEnd(17)}${"method".padEnd(16)}${"series".padStart(7)}${"fcsts".padStart(7)}${"MASE".padStart(8)}${"median".padStart(8)}${"relMAE".padStart(8)}${"cover".padStart(7)}`,
  );
  for (const a of accuracy) {
    lines.push(
      `  ${a.dataset.padEnd(17)}${a.method.padEnd(16)}${String(a.series).padStart(7)}${String(a.forecasts).padStart(7)}${a.mase.toFixed(3).padStart(8)}${a.medianMase.toFixed(3).padStart(8)}${a.relMae.toFixed(3).padStart(8)}${(Number.isNaN(a.coverage) ? "-" : `${(100 * a.coverage).toFixed(0)}%`).padStart(7)}`,
    );
  }
  for (const s of sources) lines.push(`    ${s}`);
  if (!dataDir) lines.push("    (real traces skipped: pass --data <dir> with the public data directory)");
  lines.push("", "Targets");
  for (const c of checks) lines.push(`  ${c.met ? "met   " : "MISSED"} ${c.target}: ${c.value.toFixed(2)}`);
  for (const a of hw)
    lines.push(`  ${a.mase < 1 ? "met   " : "MISSED"} holt-winters MASE < 1 on ${a.dataset}: ${a.mase.toFixed(3)}`);
  return lines.join("\n");
}

function fmtHz(x: number): string {
  return x >= 1e4 ? x.toExponential(2) : x.toFixed(1);
}
