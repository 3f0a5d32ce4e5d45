// Exponential-smoothing forecasts, batched over many series of the same length in one call.
// Models, in the error-correction (state space) form of Hyndman, Koehler, Ord & Snyder,
// "Forecasting with Exponential Smoothing" (Springer 2008), ch. 2-3 and 6:
//   e_t = y_t - (l + phi*b + s[t mod m])
//   l  <- l + phi*b + alpha*e        (simple exponential smoothing when there is no trend: EWMA)
//   b  <- phi*b + beta*e             (Holt's linear trend; damped when phi < 1)
//   s[t mod m] += gamma*e            (additive Holt-Winters seasonality, season m)
// Parameters are fitted per series by minimising the one-step-ahead sum of squared errors inside the
// admissible box 0<alpha<1, 0<=beta<=alpha, 0<=gamma<=1-alpha (a small start grid, then a compass
// pattern search, Hooke & Jeeves 1961). Prediction intervals use the class-1 h-step variance
// sigma^2 * (1 + sum_{j<h} c_j^2), c_j = alpha + beta*phi_j + gamma*[j mod m == 0] (Table 6.1).

export const METHOD_EWMA: i32 = 0;
export const METHOD_HOLT: i32 = 1;
export const METHOD_HOLT_WINTERS: i32 = 2;
/** Flag added to the method: fit a damping factor phi in [0.8, 0.98] instead of phi = 1. */
export const FLAG_DAMPED: i32 = 4;

const PARAMS_PER_SERIES = 5; // alpha, beta, gamma, phi, sigma (f64 each)

// Per-call state of the series being fitted (module globals: the kernel is single-threaded).
let gY: usize = 0; // f32 values of the current series
let gN: i32 = 0;
let gM: i32 = 1;
let gKind: i32 = 0; // 0 EWMA, 1 Holt, 2 Holt-Winters
let gInit: usize = 0; // f64[m + 2]: level, trend, seasonal[m]
let gSeason: usize = 0; // f64[m]: working seasonal state
let gStart: i32 = 1; // first t that is predicted (after initialisation)
// State at the end of the last run.
let gLevel: f64 = 0;
let gTrend: f64 = 0;

/**
 * Fits (when `fit` != 0) and forecasts every series. `series` holds count rows of len f32 values;
 * `params` count rows of 5 f64 (alpha, beta, gamma, phi, sigma): read when fit == 0, written always;
 * point/lower/upper receive count rows of `horizon` f32 forecasts and interval bounds (+-z sigma_h).
 * Holt-Winters needs len >= season + 2 (two full seasons give a better trend start).
 */
export function forecastBatch(
  method: i32,
  series: usize,
  count: i32,
  len: i32,
  season: i32,
  horizon: i32,
  z: f64,
  fit: i32,
  params: usize,
  point: usize,
  lower: usize,
  upper: usize,
): void {
  gKind = method & 3;
  const damped = (method & FLAG_DAMPED) != 0;
  gM = gKind == METHOD_HOLT_WINTERS ? max(season, 1) : 1;
  gN = len;
  gInit = heap.alloc((<usize>gM + 2) << 3);
  gSeason = heap.alloc(<usize>gM << 3);
  for (let i = 0; i < count; i++) {
    gY = series + ((<usize>i * <usize>len) << 2);
    const p = params + ((<usize>i * PARAMS_PER_SERIES) << 3);
    initialise();
    if (fit != 0) fitParams(p, damped);
    const a = load<f64>(p);
    const b = load<f64>(p, 8);
    const g = load<f64>(p, 16);
    const phi = load<f64>(p, 24);
    const sse = run(a, b, g, phi);
    const nErr = gN - gStart;
    const k = 1 + (gKind >= 1 ? 1 : 0) + (gKind == 2 ? 1 : 0) + (damped ? 1 : 0);
    const sigma = nErr > 0 ? Math.sqrt(sse / <f64>max(1, nErr - k)) : 0;
    store<f64>(p, sigma, 32);
    writeForecasts(a, b, g, phi, sigma, horizon, z, i, point, lower, upper);
  }
  heap.free(gInit);
  heap.free(gSeason);
}

/** Most complete seasons averaged into the initial seasonal indices. */
const INIT_SEASONS: i32 = 10;

/**
 * Initial states, after the heuristic of Hyndman et al. (2008, sec. 2.6.1) with the seasonal indices
 * averaged over up to INIT_SEASONS complete seasons rather than taken from the first one alone: one
 * noisy season as the start makes the one-step fit chase it with a large alpha. Each season is
 * detrended by its own mean; the trend is the slope between the first and last season means.
 */
function initialise(): void {
  const y = gY;
  const n = gN;
  let level: f64 = n > 0 ? <f64>load<f32>(y) : 0;
  let trend: f64 = 0;
  if (gKind == METHOD_HOLT_WINTERS) {
    const m = gM;
    const k = max(1, min(INIT_SEASONS, n / m));
    const idx = gInit + 16;
    memory.fill(idx, 0, <usize>m << 3);
    let first: f64 = 0;
    let last: f64 = 0;
    for (let j = 0; j < k; j++) {
      const row = y + ((<usize>j * <usize>m) << 2);
      let mean: f64 = 0;
      for (let t = 0; t < m; t++) mean += <f64>load<f32>(row + (<usize>t << 2));
      mean /= <f64>m;
      if (j == 0) first = mean;
      last = mean;
      for (let t = 0; t < m; t++) {
        const p = idx + (<usize>t << 3);
        store<f64>(p, load<f64>(p) + (<f64>load<f32>(row + (<usize>t << 2)) - mean) / <f64>k);
      }
    }
    if (k >= 2) trend = (last - first) / (<f64>(k - 1) * <f64>m);
    // The first season's mean sits at its middle slot; the state is at its last slot.
    level = first + trend * ((<f64>m - 1) / 2);
    gStart = m;
  } else if (gKind == METHOD_HOLT) {
    const k = min(n - 1, 12);
    if (k > 0) trend = (<f64>load<f32>(y + (<usize>k << 2)) - level) / <f64>k;
    gStart = 1;
  } else {
    gStart = 1;
  }
  store<f64>(gInit, level);
  store<f64>(gInit, trend, 8);
}

/** Runs the filter over the series and returns the one-step SSE; leaves the final state in g*. */
function run(alpha: f64, beta: f64, gamma: f64, phi: f64): f64 {
  let l = load<f64>(gInit);
  let b = load<f64>(gInit, 8);
  const m = gM;
  const y = gY;
  let sse: f64 = 0;
  if (gKind == METHOD_HOLT_WINTERS) {
    memory.copy(gSeason, gInit + 16, <usize>m << 3);
    let phase = gStart % m;
    for (let t = gStart; t < gN; t++) {
      const sp = gSeason + (<usize>phase << 3);
      const s = load<f64>(sp);
      const lb = l + phi * b;
      const e = <f64>load<f32>(y + (<usize>t << 2)) - (lb + s);
      sse += e * e;
      l = lb + alpha * e;
      b = phi * b + beta * e;
      store<f64>(sp, s + gamma * e);
      if (++phase == m) phase = 0;
    }
  } else {
    for (let t = gStart; t < gN; t++) {
      const lb = l + phi * b;
      const e = <f64>load<f32>(y + (<usize>t << 2)) - lb;
      sse += e * e;
      l = lb + alpha * e;
      b = phi * b + beta * e;
    }
  }
  gLevel = l;
  gTrend = b;
  return sse;
}

// Search coordinates u in [0,1]^4 map onto the admissible box: alpha = lo + u0*(hi-lo),
// beta = u1*alpha, gamma = u2*(1-alpha), phi = 0.8 + u3*0.18.
const ALPHA_LO: f64 = 0.0001;
const ALPHA_HI: f64 = 0.9999;

@inline
function alphaOf(u0: f64): f64 {
  return ALPHA_LO + u0 * (ALPHA_HI - ALPHA_LO);
}

function cost(u0: f64, u1: f64, u2: f64, u3: f64, damped: bool): f64 {
  const a = alphaOf(u0);
  const b = gKind >= 1 ? u1 * a : 0;
  const g = gKind == 2 ? u2 * (1 - a) : 0;
  const phi = damped && gKind >= 1 ? 0.8 + u3 * 0.18 : 1;
  return run(a, b, g, phi);
}

// Start grid in search coordinates: a few smoothing levels; slow trend and seasonal updates.
const GRID_ALPHA = memory.data<f64>([0.05, 0.2, 0.5, 0.9]);
const GRID_BETA = memory.data<f64>([0.0, 0.1]);
const GRID_GAMMA = memory.data<f64>([0.05, 0.3]);
const GRID_PHI = memory.data<f64>([0.5, 0.9]);

function fitParams(p: usize, damped: bool): void {
  const dims = gKind == 0 ? 1 : gKind == 1 ? (damped ? 3 : 2) : damped ? 4 : 3;
  let best: f64 = Infinity;
  let u0: f64 = 0.5;
  let u1: f64 = 0;
  let u2: f64 = 0;
  let u3: f64 = 1;
  const n1 = dims >= 2 ? 2 : 1;
  const n2 = gKind == 2 ? 2 : 1;
  const n3 = damped && gKind >= 1 ? 2 : 1;
  for (let i0 = 0; i0 < 4; i0++)
    for (let i1 = 0; i1 < n1; i1++)
      for (let i2 = 0; i2 < n2; i2++)
        for (let i3 = 0; i3 < n3; i3++) {
          const v1 = n1 > 1 ? load<f64>(GRID_BETA + (<usize>i1 << 3)) : 0;
          const v2 = n2 > 1 ? load<f64>(GRID_GAMMA + (<usize>i2 << 3)) : 0;
          const v3 = n3 > 1 ? load<f64>(GRID_PHI + (<usize>i3 << 3)) : 1;
          const c = cost(load<f64>(GRID_ALPHA + (<usize>i0 << 3)), v1, v2, v3, damped);
          if (c < best) {
            best = c;
            u0 = load<f64>(GRID_ALPHA + (<usize>i0 << 3));
            u1 = v1;
            u2 = v2;
            u3 = v3;
          }
        }
  // Compass search: try +-step on each coordinate, keep improvements, halve the step when stuck.
  let step: f64 = 0.1;
  let evals = 0;
  while (step > 0.002 && evals < 200) {
    let improved = false;
    for (let d = 0; d < 4; d++) {
      if (d == 1 && gKind == 0) continue;
      if (d == 2 && gKind != 2) continue;
      if (d == 3 && !(damped && gKind >= 1)) continue;
      for (let sgn = -1; sgn <= 1; sgn += 2) {
        let v0 = u0;
        let v1 = u1;
        let v2 = u2;
        let v3 = u3;
        const delta = step * <f64>sgn;
        if (d == 0) v0 = clamp01(v0 + delta);
        else if (d == 1) v1 = clamp01(v1 + delta);
        else if (d == 2) v2 = clamp01(v2 + delta);
        else v3 = clamp01(v3 + delta);
        const c = cost(v0, v1, v2, v3, damped);
        evals++;
        if (c < best) {
          best = c;
          u0 = v0;
          u1 = v1;
          u2 = v2;
          u3 = v3;
          improved = true;
          break;
        }
      }
    }
    if (!improved) step *= 0.5;
  }
  const a = alphaOf(u0);
  store<f64>(p, a);
  store<f64>(p, gKind >= 1 ? u1 * a : 0, 8);
  store<f64>(p, gKind == 2 ? u2 * (1 - a) : 0, 16);
  store<f64>(p, damped && gKind >= 1 ? 0.8 + u3 * 0.18 : 1, 24);
}

@inline
function clamp01(x: f64): f64 {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Point forecasts and intervals from the final state of the last `run`. */
function writeForecasts(
  alpha: f64,
  beta: f64,
  gamma: f64,
  phi: f64,
  sigma: f64,
  horizon: i32,
  z: f64,
  row: i32,
  point: usize,
  lower: usize,
  upper: usize,
): void {
  const base = (<usize>row * <usize>horizon) << 2;
  const m = gM;
  let phiSum: f64 = 0; // phi + phi^2 + ... + phi^h
  let phiPow: f64 = 1;
  let varSum: f64 = 0; // sum_{j<h} c_j^2
  let phase = gN % m;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiSum += phiPow;
    let f = gLevel + phiSum * gTrend;
    if (gKind == METHOD_HOLT_WINTERS) f += load<f64>(gSeason + (<usize>phase << 3));
    const half = z * sigma * Math.sqrt(1 + varSum);
    const o = base + (<usize>(h - 1) << 2);
    store<f32>(point + o, <f32>f);
    store<f32>(lower + o, <f32>(f - half));
    store<f32>(upper + o, <f32>(f + half));
    // c_h for the next step's variance (phi_h = phiSum now).
    let c = alpha + beta * phiSum;
    if (gKind == METHOD_HOLT_WINTERS && h % m == 0) c += gamma;
    varSum += c * c;
    if (++phase == m) phase = 0;
  }
}
