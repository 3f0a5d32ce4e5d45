import { type ForecastMethod, forecast } from "./forecast.js";

/** Seasonal-naive forecast: the value one season earlier, y[n - m + ((h - 1) mod m)]. */
export function seasonalNaive(history: ArrayLike<number>, season: number, horizon: number): Float64Array {
  const n = history.length;
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) out[h] = history[n - season + (h % season)];
  return out;
}

/** In-sample mean absolute error of the seasonal-naive one-season-ahead forecast: the MASE scale. */
export function seasonalNaiveScale(history: ArrayLike<number>, season: number): number {
  let s = 0;
  for (let t = season; t < history.length; t++) s += Math.abs(history[t] - history[t - season]);
  return history.length > season ? s / (history.length - season) : Number.NaN;
}

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length;
}

/** Accuracy of one method over a set of series and rolling origins. */
export interface HoldoutScore {
  method: ForecastMethod | "auto" | "seasonal-naive";
  /** Forecasts scored (series x origins whose MASE scale is non-zero). */
  forecasts: number;
  /**
   * Mean MASE (Hyndman & Koehler 2006): holdout MAE divided by the in-sample MAE of the seasonal-naive
   * forecast. Below 1 = better than seasonal naive does in sample.
   */
  mase: number;
  medianMase: number;
  /** Pooled holdout MAE of the method over pooled holdout MAE of the seasonal-naive forecast. */
  relMae: number;
  /** Share of held-out values inside the prediction interval (NaN for seasonal naive). */
  coverage: number;
}

export interface HoldoutOptions {
  season: number;
  /** Slots forecast from each origin; default one season. */
  horizon?: number;
  /** Rolling origins, each `horizon` apart, the last ending at the series end; default 1. */
  origins?: number;
  damped?: boolean;
  level?: number;
}

/**
 * Rolling-origin holdout evaluation: for each origin the methods see only the values before it and
 * forecast the next `horizon` slots; errors are scaled by the in-sample seasonal-naive MAE (MASE).
 */
export async function scoreHoldout(
  series: readonly ArrayLike<number>[],
  methods: readonly (ForecastMethod | "auto" | "seasonal-naive")[],
  options: HoldoutOptions,
): Promise<HoldoutScore[]> {
  const m = options.season;
  const h = options.horizon ?? m;
  const origins = options.origins ?? 1;
  const acc = methods.map(() => ({ mases: [] as number[], mae: 0, snaiveMae: 0, inside: 0, total: 0 }));
  for (let j = 0; j < origins; j++) {
    const cut = (s: ArrayLike<number>) => s.length - h * (origins - j);
    const usable = series.filter((s) => cut(s) >= m + 2);
    const histories = usable.map((s) => Array.prototype.slice.call(s, 0, cut(s)) as number[]);
    const actuals = usable.map((s) => Array.prototype.slice.call(s, cut(s), cut(s) + h) as number[]);
    const scales = histories.map((x) => seasonalNaiveScale(x, m));
    const naive = histories.map((x) => seasonalNaive(x, m, h));
    for (let mi = 0; mi < methods.length; mi++) {
      const method = methods[mi];
      const a = acc[mi];
      const fc =
        method === "seasonal-naive"
          ? naive.map((p) => ({ point: p, lower: undefined, upper: undefined }))
          : await forecast(histories, { method, season: m, horizon: h, damped: options.damped, level: options.level });
      fc.forEach((f, i) => {
        if (!(scales[i] > 0)) return;
        const e = meanAbsoluteError(actuals[i], f.point);
        a.mases.push(e / scales[i]);
        a.mae += e;
        a.snaiveMae += meanAbsoluteError(actuals[i], naive[i]);
        if (f.lower && f.upper) {
          for (let t = 0; t < h; t++) if (actuals[i][t] >= f.lower[t] && actuals[i][t] <= f.upper[t]) a.inside++;
        }
        a.total += h;
      });
    }
  }
  return methods.map((method, mi) => {
    const a = acc[mi];
    const sorted = [...a.mases].sort((x, y) => x - y);
    return {
      method,
      forecasts: a.mases.length,
      mase: a.mases.reduce((s, x) => s + x, 0) / a.mases.length,
      medianMase: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Number.NaN,
      relMae: a.mae / a.snaiveMae,
      coverage: method === "seasonal-naive" ? Number.NaN : a.inside / a.total,
    };
  });
}
