import { LeptonError, type ValidationIssue } from "../../model/errors.js";

/**
 * A mixed-integer linear program in column form:
 * optimise cost'x + objOffset subject to rowLo <= A x <= rowUp, lb <= x <= ub, x_j integer where
 * isInt[j] = 1. A is stored column-wise (CSC). Infinite bounds are +-Infinity.
 */
export interface MilpModel {
  name: string;
  sense: "min" | "max";
  colNames: string[];
  cost: Float64Array;
  lb: Float64Array;
  ub: Float64Array;
  isInt: Uint8Array;
  rowNames: string[];
  rowLo: Float64Array;
  rowUp: Float64Array;
  colStart: Int32Array;
  rowIdx: Int32Array;
  val: Float64Array;
  objOffset: number;
}

/** Builds a `MilpModel` row by row; `build()` converts to column form and validates. */
export class ModelBuilder {
  private readonly cols: { name: string; cost: number; lb: number; ub: number; int: boolean }[] = [];
  private readonly rows: { name: string; cols: number[]; vals: number[]; lo: number; up: number }[] = [];
  objOffset = 0;

  constructor(
    readonly name: string,
    readonly sense: "min" | "max",
  ) {}

  get columnCount(): number {
    return this.cols.length;
  }

  /** Adds a column and returns its index. */
  addVar(name: string, cost: number, lb: number, ub: number, integer: boolean): number {
    this.cols.push({ name, cost, lb, ub, int: integer });
    return this.cols.length - 1;
  }

  addBinary(name: string, cost: number): number {
    return this.addVar(name, cost, 0, 1, true);
  }

  /** Adds lo <= sum vals[k] x[cols[k]] <= up (use +-Infinity for one-sided rows). */
  addRow(name: string, cols: number[], vals: number[], lo: number, up: number): number {
    this.rows.push({ name, cols, vals, lo, up });
    return this.rows.length - 1;
  }

  build(): MilpModel {
    const n = this.cols.length;
    const count = new Int32Array(n + 1);
    for (const r of this.rows) for (const j of r.cols) count[j + 1]++;
    for (let j = 0; j < n; j++) count[j + 1] += count[j];
    const nnz = count[n];
    const rowIdx = new Int32Array(nnz);
    const val = new Float64Array(nnz);
    const fill = count.slice(0, n);
    this.rows.forEach((r, i) => {
      r.cols.forEach((j, k) => {
        if (!(j >= 0 && j < n)) throw new LeptonError("INTERNAL", `row ${r.name}: column ${j} does not exist`);
        const at = fill[j]++;
        rowIdx[at] = i;
        val[at] = r.vals[k];
      });
    });
    const model: MilpModel = {
      name: this.name,
      sense: this.sense,
      colNames: this.cols.map((c) => c.name),
      cost: Float64Array.from(this.cols, (c) => c.cost),
      lb: Float64Array.from(this.cols, (c) => c.lb),
      ub: Float64Array.from(this.cols, (c) => c.ub),
      isInt: Uint8Array.from(this.cols, (c) => (c.int ? 1 : 0)),
      rowNames: this.rows.map((r) => r.name),
      rowLo: Float64Array.from(this.rows, (r) => r.lo),
      rowUp: Float64Array.from(this.rows, (r) => r.up),
      colStart: count,
      rowIdx,
      val,
      objOffset: this.objOffset,
    };
    validateModel(model);
    return model;
  }
}

/** Checks a model's shape and numbers; throws INVALID_INPUT listing every problem with its field path. */
export function validateModel(model: MilpModel): void {
  const issues: ValidationIssue[] = [];
  const n = model.cost?.length ?? 0;
  const m = model.rowLo?.length ?? 0;
  const need = (path: string, ok: boolean, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  need("sense", model.sense === "min" || model.sense === "max", `must be "min" or "max" (got ${JSON.stringify(model.sense)})`);
  need("lb", model.lb?.length === n, `must have one entry per column (${n})`);
  need("ub", model.ub?.length === n, `must have one entry per column (${n})`);
  need("isInt", model.isInt?.length === n, `must have one entry per column (${n})`);
  need("colNames", model.colNames?.length === n, `must have one name per column (${n})`);
  need("rowUp", model.rowUp?.length === m, `must have one entry per row (${m})`);
  need("rowNames", model.rowNames?.length === m, `must have one name per row (${m})`);
  need("colStart", model.colStart?.length === n + 1, `must have ${n + 1} entries (columns + 1)`);
  if (issues.length === 0) {
    const nnz = model.colStart[n];
    need(
      "rowIdx",
      model.rowIdx.length === nnz && model.val.length === nnz,
      `rowIdx and val must have colStart[n] = ${nnz} entries`,
    );
    for (let j = 0; j < n && issues.length < 20; j++) {
      if (!Number.isFinite(model.cost[j])) issues.push({ path: `cost[${j}]`, message: `must be finite (got ${model.cost[j]})` });
      if (Number.isNaN(model.lb[j]) || Number.isNaN(model.ub[j]) || model.lb[j] > model.ub[j]) {
        issues.push({
          path: `lb[${j}]`,
          message: `bounds of ${model.colNames[j]} must satisfy lb <= ub (got ${model.lb[j]}, ${model.ub[j]})`,
        });
      }
      if (model.colStart[j] > model.colStart[j + 1]) issues.push({ path: `colStart[${j}]`, message: "must not decrease" });
    }
    for (let p = 0; p < model.rowIdx.length && issues.length < 20; p++) {
      if (!(model.rowIdx[p] >= 0 && model.rowIdx[p] < m))
        issues.push({ path: `rowIdx[${p}]`, message: `must be a row from 0 to ${m - 1}` });
      if (!Number.isFinite(model.val[p])) issues.push({ path: `val[${p}]`, message: "must be finite" });
    }
    for (let i = 0; i < m && issues.length < 20; i++) {
      if (Number.isNaN(model.rowLo[i]) || Number.isNaN(model.rowUp[i]) || model.rowLo[i] > model.rowUp[i]) {
        issues.push({
          path: `rowLo[${i}]`,
          message: `row ${model.rowNames[i]} needs rowLo <= rowUp (got ${model.rowLo[i]}, ${model.rowUp[i]})`,
        });
      }
    }
  }
  if (issues.length > 0) throw LeptonError.fromIssues("INVALID_INPUT", `model ${model.name ?? "?"}`, issues);
}
