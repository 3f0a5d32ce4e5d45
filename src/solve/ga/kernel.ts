import { instantiateModule } from "../../kernels/wasm-module.js";
import { LeptonError } from "../../model/errors.js";
import type { GaProblem } from "./problem.js";

/** Exports of build/ga.wasm; pointers are byte addresses in its memory. */
export interface GaExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  setGap(m: number, n: number, cost: number, res: number, cap: number): void;
  setHcsp(tasks: number, machines: number, etc: number): void;
  initIsland(genes: number, meta: number, population: number, seeded: number, seed: number): void;
  evolve(genes: number, meta: number, population: number, generations: number): number;
  resetMoveEvals(): void;
  getMoveEvals(): number;
  benchGapDeltas(genes: number, count: number, w: number, seed: number): number;
  benchGapShiftScans(genes: number, count: number, w: number, seed: number): number;
  benchGapMoveList(genes: number, moves: number, count: number, w: number): number;
  evaluateChromosome(genes: number, overloadOut: number): number;
  deltaOfShift(genes: number, j: number, k: number, w: number): number;
  deltaOfSwap(genes: number, j1: number, j2: number, w: number): number;
  bestShiftOf(genes: number, j: number, w: number): number;
  lastScanBest(): number;
  setLocalSearch(level: number, deepShare: number): void;
  setRestart(generations: number): void;
  setHcspDestroy(tasks: number): void;
  /** Deadline in this thread's performance.now() ms (Infinity: none); the descents stop there. */
  setDeadline(ms: number): void;
}

/** Instantiates build/ga.wasm with its own memory. */
export function instantiateGa(): Promise<GaExports> {
  // The kernel reads the clock only when a deadline is set (time-limited runs).
  return instantiateModule<GaExports>("ga", { now: () => performance.now() });
}

/**
 * One GA engine instance with one problem loaded into its memory. It owns the problem's buffers
 * and frees them in `dispose()`; islands are passed in and copied out per call, so nothing returned
 * aliases WASM memory.
 */
export class GaKernel {
  private readonly owned: number[] = [];
  private disposed = false;

  private constructor(
    readonly wasm: GaExports,
    readonly problem: GaProblem,
  ) {}

  static async create(problem: GaProblem, wasm?: GaExports): Promise<GaKernel> {
    const k = new GaKernel(wasm ?? (await instantiateGa()), problem);
    k.load();
    return k;
  }

  private put(values: Float64Array): number {
    const ptr = this.wasm.alloc(values.length * 8);
    if (ptr === 0 && values.length > 0) throw new LeptonError("INTERNAL", "GA kernel: WASM allocation failed");
    this.owned.push(ptr);
    new Float64Array(this.wasm.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  private load(): void {
    const p = this.problem;
    if (p.kind === "gap") {
      const cost = this.put(p.cost);
      const res = this.put(p.resource);
      const cap = this.put(p.capacity);
      this.wasm.setGap(p.m, p.n, cost, res, cap);
    } else {
      this.wasm.setHcsp(p.n, p.m, this.put(p.cost));
    }
  }

  /**
   * Runs `op` on an island whose state is in `genes` (i32[P*n + 4]) and `meta` (f64[3P + 2]):
   * copies it in, runs, copies it back. Returns what `op` returns.
   */
  withIsland<T>(genes: Int32Array, meta: Float64Array, op: (genesPtr: number, metaPtr: number) => T): T {
    if (this.disposed) throw new LeptonError("DISPOSED", "this GA kernel was disposed; create a new one");
    const w = this.wasm;
    const g = w.alloc(genes.byteLength);
    const m = w.alloc(meta.byteLength);
    try {
      new Int32Array(w.memory.buffer, g, genes.length).set(genes);
      new Float64Array(w.memory.buffer, m, meta.length).set(meta);
      const out = op(g, m);
      genes.set(new Int32Array(w.memory.buffer, g, genes.length));
      meta.set(new Float64Array(w.memory.buffer, m, meta.length));
      return out;
    } finally {
      w.free(g);
      w.free(m);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.owned) this.wasm.free(p);
    this.owned.length = 0;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
