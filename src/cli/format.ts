/** Small formatting helpers for terminal reports. */

export function fixed(x: number, digits = 1): string {
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function percent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : "∞";
}

export function ms(x: number): string {
  return x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`;
}

/** Left-aligned label column, as in `  energy     12.3 kWh`. */
export function row(label: string, value: string): string {
  return `  ${label.padEnd(10)} ${value}`;
}
