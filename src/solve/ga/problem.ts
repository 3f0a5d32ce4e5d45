import { LeptonError } from "../../model/errors.js";

/**
 * What the GA engine optimises, as flat arrays (minimisation). `gap`: agents m x jobs n, cost and
 * resource row-major by agent, capacities per agent. `hcsp`: tasks n on machines m, `cost` is the
 * ETC matrix row-major by task (etc[t*m + machine]); there are no capacities.
 */
export type GaProblem =
  | { kind: "gap"; m: number; n: number; cost: Float64Array; resource: Float64Array; capacity: Float64Array }
  | { kind: "hcsp"; m: number; n: number; cost: Float64Array };

/** Checks sizes and values before anything reaches a worker or a kernel. */
export function assertGaProblem(p: GaProblem, what: string): void {
  const fail = (field: string, msg: string) => {
    throw new LeptonError("INVALID_INPUT", `${what}.${field}: ${msg}`);
  };
  if (!Number.isInteger(p.m) || p.m < 1) fail("m", `must be a positive integer (got ${p.m})`);
  if (!Number.isInteger(p.n) || p.n < 1) fail("n", `must be a positive integer (got ${p.n})`);
  if (p.m * p.n > 50_000_000) fail("n", `m x n = ${p.m * p.n} is too large for the GA (max 5e7)`);
  if (p.cost.length !== p.m * p.n) fail("cost", `must have m*n = ${p.m * p.n} values (got ${p.cost.length})`);
  const finite = (a: Float64Array, field: string) => {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) fail(`${field}[${i}]`, `must be finite (got ${a[i]})`);
  };
  finite(p.cost, "cost");
  if (p.kind === "gap") {
    if (p.resource.length !== p.m * p.n) fail("resource", `must have m*n = ${p.m * p.n} values (got ${p.resource.length})`);
    if (p.capacity.length !== p.m) fail("capacity", `must have m = ${p.m} values (got ${p.capacity.length})`);
    finite(p.resource, "resource");
    finite(p.capacity, "capacity");
  } else {
    for (let i = 0; i < p.cost.length; i++) if (p.cost[i] < 0) fail(`cost[${i}]`, `must be non-negative (got ${p.cost[i]})`);
  }
}
