import { getKernels } from "../kernels/kernels.js";
import type { KernelExports } from "../kernels/wasm-module.js";
import { WasmArena } from "../kernels/wasm-memory.js";
import { LeptonError, type ValidationIssue } from "../model/errors.js";
import { normalQuantile } from "./normal.js";

/** Exponential-smoothing model: simple (EWMA), Holt's linear trend, additive Holt-Winters. */
export type ForecastMethod = "ewma" | "holt" | "holt-winters";

export const FORECAST_METHODS: readonly ForecastMethod[] = ["ewma", "holt", "holt-winters"];

/** Smoothing parameters in the error-correction form (see assembly/forecast.ts). */
export interface SmoothingParams {
  alpha: number;
  /** Trend smoothing, 0 <= beta <= alpha (0 for EWMA). */
  beta: number;
  /** Seasonal smoothing, 0 <= gamma <= 1 - alpha (0 without a season). */
  gamma: number;
  /** Trend damping, 1 = undamped. */
  phi: number;
}

export interface ForecastOptions {
  /** Slots ahead to forecast (>= 1). */
  horizon: number;
  /**
   * Default "holt-winters" when `season` is given, else "holt". "auto" picks per series, among EWMA
   * and (damped or not) Holt-Winters (Holt without a season), the one with the least error on the
   * held-back last season, then refits it on the whole series.
   */
  method?: ForecastMethod | "auto";
  /** Season length in slots (slots per day for daily seasonality); required by Holt-Winters. */
  season?: number;
  /** Fit a damped trend (phi in [0.8, 0.98]); default false. */
  damped?: boolean;
  /** Coverage of the prediction interval, in (0, 1); default 0.95. */
  level?: number;
  /** Use these parameters for every series instead of fitting them. */
  params?: Partial<SmoothingParams>;
  /** Aborting rejects with LeptonError ABORTED (checked between chunks of 256 series). */
  signal?: AbortSignal;
}

/** One series' forecast; plain copies, safe to keep. */
export interface SeriesForecast {
  /** Point forecasts for 1..horizon slots after the last observation. */
  point: Float32Array;
  /** Lower and upper prediction-interval bounds at the requested level. */
  lower: Float32Array;
  upper: Float32Array;
  /** Parameters used (fitted unless given). */
  params: SmoothingParams;
  /** Standard deviation of the one-step-ahead errors over the fitted part. */
  sigma: number;
  /** The model used (the one chosen, with method "auto"). */
  method: ForecastMethod;
  damped: boolean;
}

const METHOD_CODE: Record<ForecastMethod, number> = { ewma: 0, holt: 1, "holt-winters": 2 };
const FLAG_DAMPED = 4;

/** Minimum series length a method needs. */
export function minimumLength(method: ForecastMethod, season = 1): number {
  return method === "holt-winters" ? season + 2 : method === "holt" ? 3 : 2;
}

/**
 * Forecasts each series `horizon` slots ahead with exponential smoothing, fitting the parameters
 * per series on one-step-ahead squared error unless `params` is given. All series of the same
 * length are fitted and forecast in batched WASM calls of up to 256 series.
 *
 * @example
 * const [f] = await forecast([cpuLoad], { method: "holt-winters", season: 96, horizon: 96 });
 * f.point; f.lower; f.upper; // Float32Array(96) each
 * @throws LeptonError INVALID_INPUT (as a rejection) naming the option or `series[i][j]` at fault.
 */
export async function forecast(series: readonly ArrayLike<number>[], options: ForecastOptions): Promise<SeriesForecast[]> {
  const o = validate(series, options);
  const k = await getKernels();
  const z = normalQuantile(0.5 + o.level / 2);
  const out: SeriesForecast[] = [];
  // Chunks keep each WASM call short: between them the event loop runs and `signal` is honoured.
  for (let start = 0; start < series.length; start += CHUNK) {
    if (options.signal?.aborted) {
      throw new LeptonError("ABORTED", `forecast was aborted after ${start} of ${series.length} series`);
    }
    const chunk = series.slice(start, start + CHUNK);
    out.push(...(o.method === "auto" ? forecastAuto(k, chunk, o, z) : forecastFixed(k, chunk, o, z)));
    if (start + CHUNK < series.length) await new Promise((r) => setTimeout(r, 0));
  }
  return out;
}

/** Series per WASM call (about 10-100 ms of work for day-long series). */
const CHUNK = 256;

function forecastFixed(k: KernelExports, series: readonly ArrayLike<number>[], o: ResolvedOptions, z: number): SeriesForecast[] {
  const code = METHOD_CODE[o.method as ForecastMethod] + (o.damped ? FLAG_DAMPED : 0);
  const out: SeriesForecast[] = new Array(series.length);
  runBatches(
    k,
    series,
    series.map((_, i) => i),
    code,
    o.season,
    o.horizon,
    z,
    o.params,
    out,
  );
  for (const f of out) {
    f.method = o.method as ForecastMethod;
    f.damped = o.damped;
  }
  return out;
}

/** A candidate of the "auto" method. */
interface Candidate {
  method: ForecastMethod;
  damped: boolean;
}

/**
 * Model selection on held-back data: every candidate is fitted on all but the last h = min(horizon,
 * season) values and scored by its mean absolute error on them; the best is refitted on the whole
 * series. Selecting on the multi-step error that will be used, rather than on the in-sample one-step
 * fit, keeps a model that tracks noise well one step ahead from being picked for a day-ahead forecast.
 */
function forecastAuto(k: KernelExports, series: readonly ArrayLike<number>[], o: ResolvedOptions, z: number): SeriesForecast[] {
  const seasonal = o.season >= 2;
  const h = seasonal ? Math.min(o.horizon, o.season) : Math.min(o.horizon, 12);
  const candidates: Candidate[] = seasonal
    ? [
        { method: "ewma", damped: false },
        { method: "holt-winters", damped: false },
        { method: "holt-winters", damped: true },
      ]
    : [
        { method: "ewma", damped: false },
        { method: "holt", damped: false },
        { method: "holt", damped: true },
      ];
  const best = series.map(() => ({ c: candidates[0], mae: Number.POSITIVE_INFINITY }));
  const heads = series.map((s) => Array.prototype.slice.call(s, 0, s.length - h) as number[]);
  for (const c of candidates) {
    const fit = series.map((_, i) => i).filter((i) => heads[i].length >= minimumLength(c.method, o.season));
    if (fit.length === 0) continue;
    const res: SeriesForecast[] = new Array(series.length);
    runBatches(k, heads, fit, METHOD_CODE[c.method] + (c.damped ? FLAG_DAMPED : 0), o.season, h, z, undefined, res);
    for (const i of fit) {
      let e = 0;
      for (let j = 0; j < h; j++) e += Math.abs(series[i][heads[i].length + j] - res[i].point[j]);
      if (e / h < best[i].mae) best[i] = { c, mae: e / h };
    }
  }
  const out: SeriesForecast[] = new Array(series.length);
  for (const c of candidates) {
    const members = best.map((b, i) => (b.c === c ? i : -1)).filter((i) => i >= 0);
    if (members.length === 0) continue;
    runBatches(k, series, members, METHOD_CODE[c.method] + (c.damped ? FLAG_DAMPED : 0), o.season, o.horizon, z, undefined, out);
    for (const i of members) {
      out[i].method = c.method;
      out[i].damped = c.damped;
    }
  }
  return out;
}

/** Fits and forecasts `members` of `series` with one kernel call per distinct length; fills out[i]. */
function runBatches(
  k: KernelExports,
  series: readonly ArrayLike<number>[],
  members: readonly number[],
  code: number,
  season: number,
  horizon: number,
  z: number,
  fixed: SmoothingParams | undefined,
  out: SeriesForecast[],
): void {
  const byLength = new Map<number, number[]>();
  for (const i of members) {
    const g = byLength.get(series[i].length);
    if (g) g.push(i);
    else byLength.set(series[i].length, [i]);
  }
  for (const [len, group] of byLength) {
    const arena = new WasmArena(k);
    try {
      const count = group.length;
      const ys = arena.f32(count * len);
      const params = arena.f64(count * 5);
      const point = arena.f32(count * horizon);
      const lower = arena.f32(count * horizon);
      const upper = arena.f32(count * horizon);
      const yv = ys.view();
      group.forEach((idx, r) => {
        yv.set(series[idx] as ArrayLike<number>, r * len);
      });
      if (fixed) {
        const pv = params.view();
        for (let r = 0; r < count; r++) pv.set([fixed.alpha, fixed.beta, fixed.gamma, fixed.phi, 0], r * 5);
      }
      k.forecastBatch(code, ys.ptr, count, len, season, horizon, z, fixed ? 0 : 1, params.ptr, point.ptr, lower.ptr, upper.ptr);
      const pv = params.read();
      const pt = point.read();
      const lo = lower.read();
      const hi = upper.read();
      group.forEach((idx, r) => {
        out[idx] = {
          point: pt.slice(r * horizon, (r + 1) * horizon),
          lower: lo.slice(r * horizon, (r + 1) * horizon),
          upper: hi.slice(r * horizon, (r + 1) * horizon),
          params: { alpha: pv[r * 5], beta: pv[r * 5 + 1], gamma: pv[r * 5 + 2], phi: pv[r * 5 + 3] },
          sigma: pv[r * 5 + 4],
          method: "ewma",
          damped: false,
        };
      });
    } finally {
      arena.dispose();
    }
  }
}

interface ResolvedOptions {
  method: ForecastMethod | "auto";
  horizon: number;
  season: number;
  damped: boolean;
  level: number;
  params?: SmoothingParams;
}

function validate(series: readonly ArrayLike<number>[], options: ForecastOptions): ResolvedOptions {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(series)) {
    throw new LeptonError("INVALID_INPUT", "forecast: series must be an array of number arrays (one per series)");
  }
  if (typeof options !== "object" || options === null) {
    throw new LeptonError("INVALID_INPUT", "forecast: options must be an object with at least { horizon }");
  }
  const { horizon, season, level = 0.95, damped = false } = options;
  const method = options.method ?? (season !== undefined ? "holt-winters" : "holt");
  if (method !== "auto" && !FORECAST_METHODS.includes(method)) {
    issues.push({
      path: "options.method",
      message: `must be one of ${FORECAST_METHODS.join(", ")}, auto (got ${JSON.stringify(method)})`,
    });
  }
  if (method === "auto" && options.params !== undefined) {
    issues.push({ path: "options.params", message: "cannot be combined with method auto (it fits every candidate); drop one" });
  }
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 1e6) {
    issues.push({ path: "options.horizon", message: `must be an integer in [1, 1e6] (got ${horizon})` });
  }
  if (method === "holt-winters" && (!Number.isInteger(season) || (season as number) < 2)) {
    issues.push({
      path: "options.season",
      message: `Holt-Winters needs the season length in slots, an integer >= 2 (got ${season}); e.g. 96 for 15-minute slots and a daily season`,
    });
  } else if (season !== undefined && (!Number.isInteger(season) || season < 1)) {
    issues.push({ path: "options.season", message: `must be a positive integer (got ${season})` });
  }
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    issues.push({ path: "options.level", message: `must be a number in (0, 1), e.g. 0.95 (got ${level})` });
  }
  if (typeof damped !== "boolean") issues.push({ path: "options.damped", message: `must be true or false (got ${damped})` });
  let params: SmoothingParams | undefined;
  if (options.params !== undefined) {
    const p = options.params;
    params = { alpha: p.alpha ?? Number.NaN, beta: p.beta ?? 0, gamma: p.gamma ?? 0, phi: p.phi ?? 1 };
    if (!(params.alpha > 0 && params.alpha < 1))
      issues.push({ path: "options.params.alpha", message: `must be in (0, 1) (got ${p.alpha})` });
    if (!(params.beta >= 0 && params.beta <= 1))
      issues.push({ path: "options.params.beta", message: `must be in [0, 1] (got ${p.beta})` });
    if (!(params.gamma >= 0 && params.gamma <= 1))
      issues.push({ path: "options.params.gamma", message: `must be in [0, 1] (got ${p.gamma})` });
    if (!(params.phi > 0 && params.phi <= 1))
      issues.push({ path: "options.params.phi", message: `must be in (0, 1] (got ${p.phi})` });
  }
  const seasonLen = method === "holt-winters" || (method === "auto" && Number.isInteger(season)) ? (season as number) : 1;
  const need = method === "auto" ? 2 : minimumLength(method, seasonLen);
  for (let i = 0; i < series.length && issues.length < 20; i++) {
    const s = series[i];
    if (s === null || typeof s !== "object" || typeof s.length !== "number") {
      issues.push({ path: `series[${i}]`, message: "must be an array of numbers" });
      continue;
    }
    if (s.length < need) {
      issues.push({
        path: `series[${i}]`,
        message: `has ${s.length} values; ${method} needs at least ${need}${method === "holt-winters" ? " (a season plus 2; two seasons or more fit better)" : ""}`,
      });
    }
    for (let j = 0; j < s.length; j++) {
      const v = s[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        issues.push({ path: `series[${i}][${j}]`, message: `must be a finite number (got ${v}); fill gaps before forecasting` });
        break;
      }
    }
  }
  if (issues.length > 0) throw LeptonError.fromIssues("INVALID_INPUT", "forecast: invalid input", issues);
  return { method, horizon, season: seasonLen, damped, level, params };
}
