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
