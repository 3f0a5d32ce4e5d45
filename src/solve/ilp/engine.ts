import { LeptonError } from "../../model/errors.js";
import { WasmArena } from "../../kernels/wasm-memory.js";
import { instantiateModule } from "../../kernels/wasm-module.js";
import type { MilpModel } from "./model.js";

/** Exports of build/ilp.wasm. */
interface IlpExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  ilpCreate(
    n: number,
    m: number,
    cutCap: number,
    colStart: number,
    rowIdx: number,
    val: number,
    cost: number,
    lb: number,
    ub: number,
    rowLo: number,
    rowUp: number,
    isInt: number,
  ): void;
  ilpOffer(x: number): number;
  ilpRun(sliceEnd: number, deadline: number, nodeLimit: number): number;
  ilpBound(): number;
  ilpIncumbentObjective(): number;
  ilpHasIncumbent(): number;
  ilpCopyIncumbent(out: number): void;
  ilpNodes(): number;
  ilpOpenNodes(): number;
  ilpLpIterations(): number;
  ilpCuts(): number;
  ilpIncomplete(): number;
  lpSolveRelaxation(): number;
  lpObjective(): number;
  lpCopyX(out: number): void;
  ilpRelease(): void;
  ilpSetParams(lagRoot: number, lagNode: number, heurEveryNode: number, diveMode: number): void;
}

/** Branch-and-bound settings; the defaults suit whole models, small sub-problems want less. */
export interface IlpSearchParams {
  /** Subgradient iterations of the Lagrangian bound at the root (default 300) and at other nodes (100). */
  lagrangianRootIterations: number;
  lagrangianNodeIterations: number;
  /** The Lagrangian rounding heuristic runs every this many subgradient steps (default 5). */
  heuristicEvery: number;
  /** 0: always dive into the up child; 1: pure best bound; 2: dive until there is an incumbent (default). */
  diveMode: 0 | 1 | 2;
}

/** Largest row count (model rows + cut rows) the dense basis inverse is allowed to take. */
export const MAX_ROWS = 4096;

/** Kernel status codes (assembly/ilp/bnb.ts). */
export const KERNEL_RUNNING = 0;
export const KERNEL_OPTIMAL = 1;
export const KERNEL_INFEASIBLE = 2;
export const KERNEL_UNBOUNDED = 3;
export const KERNEL_STOPPED = 4;

/** LP status codes (assembly/ilp/lp.ts). */
export const LP_STATUS = { 1: "optimal", 2: "infeasible", 3: "unbounded", 4: "iteration-limit" } as const;

/**
 * One MILP loaded into its own instance of build/ilp.wasm (its own memory). The kernel minimises;
 * for a max model costs are negated on the way in and objectives on the way out. Everything
 * returned is copied out. Call `dispose()` when done.
 */
export class IlpEngine {
  private disposed = false;
  private readonly sign: number;

  private constructor(
    private readonly k: IlpExports,
    readonly model: MilpModel,
  ) {
    this.sign = model.sense === "max" ? -1 : 1;
  }

  /** Instantiates the kernel and loads `model` (reserving `cutRows` rows for cuts). */
  static async create(model: MilpModel, cutRows = Math.min(200, model.rowLo.length + 50)): Promise<IlpEngine> {
    // The basis inverse is dense: (rows + cut rows)^2 doubles, twice. Refuse what cannot fit.
    if (model.rowLo.length + cutRows > MAX_ROWS) {
      throw new LeptonError(
        "INVALID_INPUT",
        `model ${model.name} has ${model.rowLo.length} rows; the exact solver's dense basis handles at most ${MAX_ROWS - cutRows}. Maybe use the GA or greedy for this size.`,
      );
    }
    // The solver reads the clock itself to honour its deadline inside long LP solves.
    const k = await instantiateModule<IlpExports>("ilp", { now: () => performance.now() });
    const n = model.cost.length;
    const m = model.rowLo.length;
    const nnz = model.colStart[n];
    const arena = new WasmArena(k);
    try {
      const colStart = arena.i32(n + 1);
      const rowIdx = arena.i32(Math.max(1, nnz));
      const val = arena.f64(Math.max(1, nnz));
      const cost = arena.f64(Math.max(1, n));
      const lb = arena.f64(Math.max(1, n));
      const ub = arena.f64(Math.max(1, n));
      const rowLo = arena.f64(Math.max(1, m));
      const rowUp = arena.f64(Math.max(1, m));
      const isInt = arena.u8(Math.max(1, n));
      colStart.write(model.colStart);
      rowIdx.view().set(model.rowIdx);
      val.view().set(model.val);
      const sign = model.sense === "max" ? -1 : 1;
      cost.view().set(model.cost.map((c) => sign * c));
      lb.view().set(model.lb);
      ub.view().set(model.ub);
      rowLo.view().set(model.rowLo);
      rowUp.view().set(model.rowUp);
      isInt.view().set(model.isInt);
      k.ilpCreate(n, m, cutRows, colStart.ptr, rowIdx.ptr, val.ptr, cost.ptr, lb.ptr, ub.ptr, rowLo.ptr, rowUp.ptr, isInt.ptr);
    } finally {
      arena.dispose();
    }
    return new IlpEngine(k, model);
  }

  /** Changes the search settings; call before `run`. */
  setSearchParams(p: IlpSearchParams): void {
    this.check();
    this.k.ilpSetParams(p.lagrangianRootIterations, p.lagrangianNodeIterations, p.heuristicEvery, p.diveMode);
  }

  /** Offers a solution; true when it was feasible and better than the incumbent. */
  offer(x: ArrayLike<number>): boolean {
    this.check();
    const arena = new WasmArena(this.k);
    try {
      const buf = arena.f64(Math.max(1, x.length));
      buf.view().set(x);
      return this.k.ilpOffer(buf.ptr) === 1;
    } finally {
      arena.dispose();
    }
  }

  /**
   * Searches until done, `sliceEnd` (checked between nodes), the hard `deadline` (checked inside
   * long loops too) or `nodeLimit` solved nodes; times are performance.now() ms. Returns a KERNEL_* code.
   */
  run(sliceEnd: number, deadline = sliceEnd, nodeLimit = Number.POSITIVE_INFINITY): number {
    this.check();
    return this.k.ilpRun(sliceEnd, deadline, nodeLimit);
  }

  /** Best proven bound in the model's sense (a lower bound for min, an upper bound for max). */
  bound(): number {
    this.check();
    return this.sign * this.k.ilpBound() + this.model.objOffset;
  }

  /** Incumbent objective in the model's sense, or null. */
  objective(): number | null {
    this.check();
    return this.k.ilpHasIncumbent() === 1 ? this.sign * this.k.ilpIncumbentObjective() + this.model.objOffset : null;
  }

  incumbent(): Float64Array | null {
    this.check();
    if (this.k.ilpHasIncumbent() !== 1) return null;
    return this.copyOut((p) => this.k.ilpCopyIncumbent(p));
  }

  stats(): { nodes: number; open: number; lpIterations: number; cuts: number; incomplete: boolean } {
    this.check();
    return {
      nodes: this.k.ilpNodes(),
      open: this.k.ilpOpenNodes(),
      lpIterations: this.k.ilpLpIterations(),
      cuts: this.k.ilpCuts(),
      incomplete: this.k.ilpIncomplete() === 1,
    };
  }

  /** Solves the LP relaxation only (before any search). */
  solveRelaxation(): { status: (typeof LP_STATUS)[keyof typeof LP_STATUS]; objective: number; x: Float64Array } {
    this.check();
    const st = this.k.lpSolveRelaxation() as keyof typeof LP_STATUS;
    return {
      status: LP_STATUS[st],
      objective: this.sign * this.k.lpObjective() + this.model.objOffset,
      x: this.copyOut((p) => this.k.lpCopyX(p)),
    };
  }

  private copyOut(fill: (ptr: number) => void): Float64Array {
    const arena = new WasmArena(this.k);
    try {
      const buf = arena.f64(Math.max(1, this.model.cost.length));
      fill(buf.ptr);
      return buf.read().slice(0, this.model.cost.length);
    } finally {
      arena.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.k.ilpRelease();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private check(): void {
    if (this.disposed) throw new LeptonError("DISPOSED", "this ILP engine was disposed; create a new one");
  }
}
