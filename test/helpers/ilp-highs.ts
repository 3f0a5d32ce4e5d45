import type { MilpModel } from "../../src/solve/ilp/model.js";
import { toLpFormat } from "../../src/solve/ilp/lp-format.js";

type Highs = { solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number | null } };
let highs: Promise<Highs> | undefined;

/**
 * HiGHS (npm `highs`, WASM) solving our model through its CPLEX LP export: the reference. For pure
 * LPs pass `{ presolve: "off" }`: HiGHS's presolve reports some unbounded LPs as "Infeasible".
 */
export async function solveWithHighs(
  model: MilpModel,
  options: Record<string, unknown> = {},
): Promise<{ status: string; objective: number | null }> {
  highs ??= import("highs").then((m) => (m.default as unknown as () => Promise<Highs>)());
  const h = await highs;
  const r = h.solve(toLpFormat(model), { mip_rel_gap: 0, mip_abs_gap: 1e-9, ...options });
  return { status: r.Status, objective: r.ObjectiveValue };
}
