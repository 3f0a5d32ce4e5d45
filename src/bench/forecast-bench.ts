// Forecast accuracy (MASE against seasonal naive, on held-out data) and forecast throughput, for
// `lepton bench kernels`.
import { scoreHoldout } from "../forecast/accuracy.js";
import { forecast } from "../forecast/forecast.js";
import type { Scenario } from "../model/types.js";
import {
  bitbrainsSeries,
  carbonSeries,
  planetLabSeries,
  type SeriesSet,
  scenarioLoadSeries,
  syntheticSeries,
} from "./forecast-data.js";
import type { Measurement } from "./kernels-bench.js";

/** One accuracy line: a method on a dataset. */
export interface AccuracyResult {
  case: "forecast-accuracy";
  dataset: string;
  method: string;
  series: number;
  /** Forecasts scored (series x rolling origins). */
  forecasts: number;
  season: number;
  horizon: number;
  mase: number;
  medianMase: number;
  relMae: number;
  coverage: number;
}

export interface ForecastBenchOptions {
  /** The shared data directory (PlanetLab, carbon, Bitbrains); real-trace sets are skipped without it. */
  dataDir?: string;
  /** The default scenario (its load is one of the scored datasets). */
  scenario?: Scenario;
  seed?: number;
  onResult?: (r: AccuracyResult) => void;
  /** Called once per dataset skipped or loaded, for the report. */
  onDataset?: (name: string, source: string) => void;
}

const METHODS = ["holt-winters", "auto", "holt", "ewma", "seasonal-naive"] as const;

/** Scores every method on every dataset available. */
export async function benchForecastAccuracy(options: ForecastBenchOptions = {}): Promise<AccuracyResult[]> {
  const seed = options.seed ?? 1;
  const sets: (() => SeriesSet)[] = [() => syntheticSeries(500, 96, 9, seed)];
  if (options.scenario) {
    const sc = options.scenario;
    sets.push(() => scenarioLoadSeries(sc, 9, seed));
  }
  if (options.dataDir) {
    const dir = options.dataDir;
    sets.push(
      () => planetLabSeries(dir),
      () => carbonSeries(dir),
      () => bitbrainsSeries(dir),
    );
  }
  const out: AccuracyResult[] = [];
  for (const make of sets) {
    const set = make();
    options.onDataset?.(set.name, set.source);
    const scores = await scoreHoldout(set.series, METHODS, { season: set.season, horizon: set.horizon, origins: set.origins });
    for (const s of scores) {
      const r: AccuracyResult = {
        case: "forecast-accuracy",
        dataset: set.name,
        method: s.method,
        series: set.series.length,
        forecasts: s.forecasts,
        season: set.season,
        horizon: set.horizon,
        mase: s.mase,
        medianMase: s.medianMase,
        relMae: s.relMae,
        coverage: s.coverage,
      };
      out.push(r);
      options.onResult?.(r);
    }
  }
  return out;
}

/**
 * Forecast throughput: `count` synthetic series of 8 days x 96 slots fitted and forecast one day
 * ahead with `forecast()` (256 series per WASM call), median of `repeats` runs; opsPerSec is series per second.
 */
export async function benchForecastThroughput(count = 2000, repeats = 3, seed = 1): Promise<Measurement[]> {
  const m = 96;
  const set = syntheticSeries(count, m, 8, seed);
  const series = set.series.map((y) => Float32Array.from(y));
  const len = series[0].length;
  const out: Measurement[] = [];
  for (const method of ["ewma", "holt", "holt-winters"] as const) {
    await forecast(series.slice(0, 10), { method, season: m, horizon: m }); // warm-up
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await forecast(series, { method, season: m, horizon: m });
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const t = times[(times.length - 1) >> 1];
    out.push({
      case: `forecast-${method}`,
      elements: count * len,
      variant: "wasm",
      gbPerSec: (count * len * 4) / t / 1e9,
      opsPerSec: count / t,
      rme: Number.NaN,
      samples: repeats,
    });
  }
  return out;
}
