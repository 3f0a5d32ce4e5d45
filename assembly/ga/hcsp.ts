// R||Cmax (Braun et al. 2001 ETC instances) chromosome improvement: descent on the critical
// machine. Every accepted move strictly lowers the load of the most loaded machine without lifting
// any other machine to that level, so the sorted load vector decreases lexicographically and the
// descent terminates. Shift then swap moves, as in the local search of Xhafa's cellular memetic
// algorithm (Xhafa, Alba & Dorronsoro 2007) and the "LMCTS" move of Ritchie & Levine (2003).

import { M, N, costPtr, countEvals, f64At, f64Set, i32At, i32Set, loadPtr } from "./problem";

export let hcspMakespan: f64 = 0;

/** Recomputes the machine loads of `a` and its makespan. */
export function hcspEvaluate(a: usize): void {
  for (let m = 0; m < M; m++) f64Set(loadPtr, m, 0);
  for (let t = 0; t < N; t++) {
    const m = i32At(a, t);
    f64Set(loadPtr, m, f64At(loadPtr, m) + f64At(costPtr, t * M + m));
  }
  let mk: f64 = 0;
  for (let m = 0; m < M; m++) mk = Math.max(mk, f64At(loadPtr, m));
  hcspMakespan = mk;
}

@inline function etc(t: i32, m: i32): f64 {
  return f64At(costPtr, t * M + m);
}

/** Descent on the critical machine with best-improvement shifts, then swaps. Loads must be current. */
export function hcspDescent(a: usize): void {
  while (true) {
    let c = 0;
    for (let m = 1; m < M; m++) if (f64At(loadPtr, m) > f64At(loadPtr, c)) c = m;
    const lc = f64At(loadPtr, c);
    let best = lc;
    let bt = -1;
    let bu = -1;
    let bk = -1;
    for (let t = 0; t < N; t++) {
      if (i32At(a, t) != c) continue;
      const rest = lc - etc(t, c);
      for (let k = 0; k < M; k++) {
        if (k == c) continue;
        const v = Math.max(rest, f64At(loadPtr, k) + etc(t, k));
        if (v < best) {
          best = v;
          bt = t;
          bk = k;
        }
      }
      countEvals(M - 1);
    }
    if (bt < 0) {
      for (let t = 0; t < N; t++) {
        if (i32At(a, t) != c) continue;
        const rest = lc - etc(t, c);
        for (let u = 0; u < N; u++) {
          const k = i32At(a, u);
          if (k == c) continue;
          const nc = rest + etc(u, c);
          const nk = f64At(loadPtr, k) - etc(u, k) + etc(t, k);
          const v = Math.max(nc, nk);
          if (v < best) {
            best = v;
            bt = t;
            bu = u;
            bk = k;
          }
        }
        countEvals(N);
      }
    }
    if (bt < 0) break;
    f64Set(loadPtr, c, f64At(loadPtr, c) - etc(bt, c));
    if (bu >= 0) {
      f64Set(loadPtr, c, f64At(loadPtr, c) + etc(bu, c));
      f64Set(loadPtr, bk, f64At(loadPtr, bk) - etc(bu, bk));
      i32Set(a, bu, c);
    }
    f64Set(loadPtr, bk, f64At(loadPtr, bk) + etc(bt, bk));
    i32Set(a, bt, bk);
  }
  let mk: f64 = 0;
  for (let m = 0; m < M; m++) mk = Math.max(mk, f64At(loadPtr, m));
  hcspMakespan = mk;
}

/** The memetic step for one offspring. */
export function hcspImprove(a: usize): void {
  hcspEvaluate(a);
  hcspDescent(a);
}
