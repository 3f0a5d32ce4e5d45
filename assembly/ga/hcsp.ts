// R||Cmax (Braun et al. 2001 ETC instances) chromosome improvement: descent on the critical
// machine. Every accepted move strictly lowers the load of the most loaded machine without lifting
// any other machine to that level, so the sorted load vector decreases lexicographically and the
// descent terminates. Shift then swap moves, as in the local search of Xhafa's cellular memetic
// algorithm (Xhafa, Alba & Dorronsoro 2007) and the "LMCTS" move of Ritchie & Levine (2003).

import { M, N, costPtr, countEvals, f64At, f64Set, i32At, i32Set, loadPtr } from "./problem";
import { below } from "./rng";

export let hcspMakespan: f64 = 0;
/** Whether offspring get the pairwise descent before the critical-machine one. */
export let usePairwise: bool = false;
/** Whether offspring alternate work-reducing passes with the descent (measured: no gain on Braun). */
export let useWorkPass: bool = false;
/** Whether destruction draws half its tasks from the critical machine. */
export let focusCritical: bool = true;
/** Whether the critical-machine descent also tries ejection chains of length two. */
export let useChains: bool = false;

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
    if (bt < 0 && useChains) {
      // Ejection chain of length two: t leaves c for k, and to make room a task u of k moves on to
      // a third machine l; accepted when all three new loads stay below the old makespan.
      let bl = -1;
      for (let t = 0; t < N; t++) {
        if (i32At(a, t) != c) continue;
        const rest = lc - etc(t, c);
        for (let u = 0; u < N; u++) {
          const k = i32At(a, u);
          if (k == c) continue;
          const nk = f64At(loadPtr, k) + etc(t, k) - etc(u, k);
          const v0 = Math.max(rest, nk);
          if (v0 >= best) continue;
          for (let l = 0; l < M; l++) {
            if (l == k || l == c) continue;
            const v = Math.max(v0, f64At(loadPtr, l) + etc(u, l));
            if (v < best) {
              best = v;
              bt = t;
              bu = u;
              bk = k;
              bl = l;
            }
          }
          countEvals(M - 2);
        }
      }
      if (bl >= 0) {
        moveTask(a, bu, bl);
        moveTask(a, bt, bk);
        continue;
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

@inline function moveTask(a: usize, t: i32, to: i32): void {
  const from = i32At(a, t);
  f64Set(loadPtr, from, f64At(loadPtr, from) - etc(t, from));
  f64Set(loadPtr, to, f64At(loadPtr, to) + etc(t, to));
  i32Set(a, t, to);
}

/**
 * Pairwise descent of Fanjul-Peyro & Ruiz (2010, "Iterated greedy local search methods for
 * unrelated parallel machine scheduling", EJOR 207:55-69): an insertion or interchange between
 * machines k and l is accepted when it lowers max(C_k, C_l), whether or not k or l is critical. The
 * sorted load vector decreases lexicographically with every move, and loads spread onto fast
 * machines long before the critical-machine search would move them. Loads must be current.
 */
export function hcspPairwise(a: usize): void {
  let improved = true;
  while (improved) {
    improved = false;
    const s = below(N);
    for (let q = 0; q < N; q++) {
      let t = s + q;
      if (t >= N) t -= N;
      const k = i32At(a, t);
      const lk = f64At(loadPtr, k);
      const rest = lk - etc(t, k);
      let bl = -1;
      let bv = lk;
      for (let l = 0; l < M; l++) {
        if (l == k) continue;
        const ll = f64At(loadPtr, l);
        const v = Math.max(rest, ll + etc(t, l));
        if (v < Math.max(lk, ll) && v < bv) {
          bv = v;
          bl = l;
        }
      }
      countEvals(M - 1);
      if (bl >= 0) {
        moveTask(a, t, bl);
        improved = true;
      }
    }
    if (improved) continue;
    const s2 = below(N);
    for (let q = 0; q < N; q++) {
      let t = s2 + q;
      if (t >= N) t -= N;
      for (let u = 0; u < N; u++) {
        const k = i32At(a, t);
        const l = i32At(a, u);
        if (k == l) continue;
        const lk = f64At(loadPtr, k);
        const ll = f64At(loadPtr, l);
        const nk = lk - etc(t, k) + etc(u, k);
        const nl = ll - etc(u, l) + etc(t, l);
        if (Math.max(nk, nl) < Math.max(lk, ll) - 1e-9) {
          f64Set(loadPtr, k, nk);
          f64Set(loadPtr, l, nl);
          i32Set(a, t, l);
          i32Set(a, u, k);
          improved = true;
        }
      }
      countEvals(N);
    }
  }
}

/**
 * Destruction and greedy reconstruction (the iterated greedy step of Fanjul-Peyro & Ruiz 2010):
 * `d` random tasks leave their machines and are reinserted one by one, each on the machine where
 * it finishes earliest. Loads must be current and stay current.
 */
export function hcspDestroyRebuild(a: usize, d: i32): void {
  if (d > N) d = N;
  const removed = heap.alloc(<usize>d << 2);
  let count = 0;
  // Half the removed tasks come from the critical machine (when it has them): the schedule only
  // improves if its work moves, and random draws rarely hit it with 16 machines.
  let c = 0;
  for (let m = 1; m < M; m++) if (f64At(loadPtr, m) > f64At(loadPtr, c)) c = m;
  for (let q = 0; q < d; q++) {
    let t = below(N);
    if (focusCritical && (q & 1) == 0) {
      for (let tries = 0; tries < 64 && i32At(a, t) != c; tries++) t = below(N);
    }
    const k = i32At(a, t);
    if (k < 0) continue; // drawn twice
    f64Set(loadPtr, k, f64At(loadPtr, k) - etc(t, k));
    i32Set(a, t, -1);
    store<i32>(removed + (<usize>count << 2), t);
    count++;
  }
  for (let q = 0; q < count; q++) {
    const t = load<i32>(removed + (<usize>q << 2));
    let bl = 0;
    let bv = Infinity;
    for (let l = 0; l < M; l++) {
      const v = f64At(loadPtr, l) + etc(t, l);
      if (v < bv) {
        bv = v;
        bl = l;
      }
    }
    f64Set(loadPtr, bl, bv);
    i32Set(a, t, bl);
  }
  heap.free(removed);
}

/**
 * Moves tasks to machines where they run faster, as long as the target machine stays strictly
 * below the makespan: the makespan cannot grow, total work shrinks, and the room it frees lets the
 * next critical-machine descent go further. Returns whether any task moved. Loads must be current.
 */
function workPass(a: usize): bool {
  let moved = false;
  const cmax = hcspMakespan;
  for (let t = 0; t < N; t++) {
    const k = i32At(a, t);
    let bl = -1;
    let bv = etc(t, k);
    for (let l = 0; l < M; l++) {
      const e = etc(t, l);
      if (e < bv && f64At(loadPtr, l) + e < cmax) {
        bv = e;
        bl = l;
      }
    }
    countEvals(M - 1);
    if (bl >= 0) {
      moveTask(a, t, bl);
      moved = true;
    }
  }
  return moved;
}

/** Total work (sum of loads) of the last chromosome improved: the secondary objective. */
export let hcspWork: f64 = 0;

/**
 * The memetic step for one offspring: an iterated-greedy perturbation of `destroy` tasks (none if
 * 0), then critical-machine descent alternated with work-reducing moves until neither helps.
 */
export function hcspImprove(a: usize, destroy: i32): void {
  hcspEvaluate(a);
  if (destroy > 0) hcspDestroyRebuild(a, destroy);
  if (usePairwise) hcspPairwise(a);
  hcspDescent(a);
  if (useWorkPass) {
    for (let round = 0; round < 20; round++) {
      if (!workPass(a)) break;
      hcspDescent(a);
    }
  }
  let w: f64 = 0;
  for (let m = 0; m < M; m++) w += f64At(loadPtr, m);
  hcspWork = w;
}
