import { type ForecastMethod, forecast, minimumLength } from "../forecast/forecast.js";

/**
 * Load forecasts for the online scheduler. A task's expected load comes from its profile (the
 * scenario's prediction); the forecaster learns how far reality is from it, per task, from observed
 * samples. The interface lets a stronger model (e.g. the forecasting kernels) replace the EWMA.
 */
export interface LoadForecaster {
  /** Records the observed demand of task `key` at `tick`, as a ratio to its profile's expectation. */
  observe(key: number, tick: number, ratio: number): void;
  /** Multiplier to apply to the profile's expectation for the coming ticks (1 = trust the profile). */
  ratio(key: number): number;
  /** Drops what is known about a task (it completed). */
  forget(key: number): void;
  /** Optional batch step after a tick's observations (e.g. refitting models); awaited by the caller. */
  update?(): Promise<void>;
}

/**
 * Asymmetric exponentially weighted moving average of the observed/expected ratio: it rises fast
 * (alphaUp) so a spike is reserved for on the next tick, and falls slowly (alphaDown) so a spike
 * that pauses for one tick is not forgotten. Never below `floor`: reserving less than the profile
 * because of a quiet tick would invite overload.
 */
export class EwmaForecaster implements LoadForecaster {
  private readonly values = new Map<number, number>();

  constructor(
    private readonly alphaUp = 0.5,
    private readonly alphaDown = 0.25,
    private readonly floor = 1,
  ) {}

  observe(key: number, _tick: number, ratio: number): void {
    if (!Number.isFinite(ratio) || ratio < 0) return;
    const prev = this.values.get(key) ?? 1;
    const a = ratio > prev ? this.alphaUp : this.alphaDown;
    this.values.set(key, prev + a * (ratio - prev));
  }

  ratio(key: number): number {
    return Math.max(this.floor, this.values.get(key) ?? 1);
  }

  forget(key: number): void {
    this.values.delete(key);
  }
}

/**
 * The forecasting kernels (src/forecast: batched exponential smoothing in WASM) behind the same
 * interface: each task's observed/expected ratios are kept (the last `history` of them) and, on
 * `update()`, every series is fitted and forecast one step ahead in one batched call; `ratio` then
 * returns that forecast (never below `floor`). Holt's linear trend sees a surge building, which a
 * plain EWMA only follows. The scheduler calls `update` through `Scheduler.refreshForecasts`.
 */
export class SmoothingForecaster implements LoadForecaster {
  private readonly series = new Map<number, number[]>();
  private readonly next = new Map<number, number>();

  constructor(
    private readonly method: ForecastMethod = "holt",
    private readonly history = 24,
    private readonly floor = 1,
  ) {}

  observe(key: number, _tick: number, ratio: number): void {
    if (!Number.isFinite(ratio) || ratio < 0) return;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = []));
    s.push(ratio);
    if (s.length > this.history) s.shift();
  }

  ratio(key: number): number {
    return Math.max(this.floor, this.next.get(key) ?? this.series.get(key)?.at(-1) ?? 1);
  }

  forget(key: number): void {
    this.series.delete(key);
    this.next.delete(key);
  }

  async update(): Promise<void> {
    const keys: number[] = [];
    const data: number[][] = [];
    const need = minimumLength(this.method);
    for (const [k, s] of this.series) {
      if (s.length < need) continue;
      keys.push(k);
      data.push(s);
    }
    if (keys.length === 0) return;
    const out = await forecast(data, { horizon: 1, method: this.method });
    keys.forEach((k, i) => {
      this.next.set(k, out[i].point[0]);
    });
  }
}
