import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IlpEngine } from "../../src/solve/ilp/engine.js";
import { ModelBuilder } from "../../src/solve/ilp/model.js";
import { solveMilpHere } from "../../src/solve/ilp/solve.js";
import { solveWithHighs } from "../helpers/ilp-highs.js";

/** Random general models: free, bounded, negative and one-sided columns; <=, >=, = and ranged rows. */
const modelArb = (integer: boolean) =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 6 }),
      m: fc.integer({ min: 1, max: 5 }),
      seed: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 200, maxLength: 200 }),
      sense: fc.constantFrom("min" as const, "max" as const),
    })
    .map(({ n, m, seed, sense }) => {
      let k = 0;
      const next = () => seed[k++ % seed.length];
      const b = new ModelBuilder("random", sense);
      for (let j = 0; j < n; j++) {
        const kind = Math.abs(next()) % 5;
        const lo = kind === 0 ? Number.NEGATIVE_INFINITY : kind === 1 ? next() : 0;
        const up =
          kind === 2
            ? Number.POSITIVE_INFINITY
            : kind === 0 && next() > 0
              ? Number.POSITIVE_INFINITY
              : Math.max(lo, 0) + Math.abs(next());
        b.addVar(`v${j}`, next(), lo, Math.max(lo, up), integer && j % 2 === 0);
      }
      for (let i = 0; i < m; i++) {
        const cols: number[] = [];
        const vals: number[] = [];
        for (let j = 0; j < n; j++) {
          const a = next();
          if (a !== 0) {
            cols.push(j);
            vals.push(a);
          }
        }
        const kind = Math.abs(next()) % 4;
        const r = next() * 3;
        const lo = kind === 0 ? Number.NEGATIVE_INFINITY : r;
        const up = kind === 1 ? Number.POSITIVE_INFINITY : kind === 2 ? r : r + Math.abs(next()) * 2;
        b.addRow(`r${i}`, cols, vals, lo, up);
      }
      return b.build();
    });

const STATUS: Record<string, string> = { Optimal: "optimal", Infeasible: "infeasible", Unbounded: "unbounded" };

describe("bounded simplex (LP relaxation)", () => {
  it("agrees with HiGHS on random LPs: optimal value, infeasible or unbounded", async () => {
    await fc.assert(
      fc.asyncProperty(modelArb(false), async (model) => {
        const ref = await solveWithHighs(model, { presolve: "off" });
        if (!(ref.status in STATUS)) return; // "Primal infeasible or unbounded": no single verdict to compare
        const engine = await IlpEngine.create(model);
        try {
          const lp = engine.solveRelaxation();
          expect(lp.status).toBe(STATUS[ref.status]);
          if (ref.status === "Optimal") {
            expect(Math.abs(lp.objective - (ref.objective as number))).toBeLessThanOrEqual(
              1e-6 * Math.max(1, Math.abs(ref.objective as number)),
            );
          }
        } finally {
          engine.dispose();
        }
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it("agrees with HiGHS on random bounded MILPs with general integers", async () => {
    await fc.assert(
      fc.asyncProperty(modelArb(true), async (model) => {
        // Keep to bounded columns so the MILP verdict is unambiguous.
        for (let j = 0; j < model.lb.length; j++) {
          if (!Number.isFinite(model.lb[j])) model.lb[j] = -20;
          if (!Number.isFinite(model.ub[j])) model.ub[j] = 20;
        }
        const ref = await solveWithHighs(model);
        const ours = await solveMilpHere(model);
        if (ref.status === "Infeasible") expect(ours.status).toBe("infeasible");
        else {
          expect(ref.status).toBe("Optimal");
          expect(ours.status).toBe("optimal");
          expect(Math.abs((ours.objective as number) - (ref.objective as number))).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(ref.objective as number)),
          );
        }
      }),
      { numRuns: 150, seed: 4 },
    );
  });

  it("reports an unbounded relaxation as unbounded", async () => {
    const b = new ModelBuilder("unbounded", "max");
    const x = b.addVar("x", 1, 0, Number.POSITIVE_INFINITY, false);
    const y = b.addVar("y", 1, 0, Number.POSITIVE_INFINITY, true);
    b.addRow("c", [x, y], [1, -1], 0, Number.POSITIVE_INFINITY);
    const res = await solveMilpHere(b.build());
    expect(res.status).toBe("unbounded");
  });
});
