import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GapInstance } from "../../src/problems/gap.js";
import { gapObjective } from "../../src/problems/gap.js";
import { randomGap } from "../../src/solve/ilp/gap-generators.js";
import { gapModel, gapXToAssignment } from "../../src/solve/ilp/gap-model.js";
import { solveMilpHere } from "../../src/solve/ilp/solve.js";
import { solveWithHighs } from "../helpers/ilp-highs.js";

/** Small GAP instances with a tightness knob: below ~0.5 many are infeasible. */
const gapArb = fc
  .record({
    m: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 9 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    tight: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
  })
  .map(({ m, n, seed, tight }): GapInstance => {
    const inst = randomGap("C", m, n, seed);
    const capacity = inst.capacity.map((b) => Math.max(0, Math.floor((b / 0.8) * tight)));
    return { ...inst, capacity };
  });

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe("ILP on random GAP instances", () => {
  it("proves the same optimum as HiGHS (min and max), or infeasibility when HiGHS does", async () => {
    await fc.assert(
      fc.asyncProperty(gapArb, fc.constantFrom("min" as const, "max" as const), async (inst, sense) => {
        const model = gapModel(inst, sense);
        const ours = await solveMilpHere(model);
        const ref = await solveWithHighs(model);
        if (ref.status === "Infeasible") {
          expect(ours.status).toBe("infeasible");
          return;
        }
        expect(ref.status).toBe("Optimal");
        expect(ours.status).toBe("optimal");
        expect(close(ours.objective as number, ref.objective as number)).toBe(true);
        const check = gapObjective(inst, gapXToAssignment(inst, ours.x as number[]));
        expect(check.feasible).toBe(true);
        expect(close(check.objective, ours.objective as number)).toBe(true);
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it("never reports a bound that crosses the optimum, even when stopped early", async () => {
    await fc.assert(
      fc.asyncProperty(
        gapArb,
        fc.constantFrom("min" as const, "max" as const),
        fc.integer({ min: 1, max: 3 }),
        async (inst, sense, nodes) => {
          const model = gapModel(inst, sense);
          const ref = await solveWithHighs(model);
          if (ref.status !== "Optimal") return;
          const early = await solveMilpHere(model, { nodeLimit: nodes });
          const opt = ref.objective as number;
          if (early.bound !== null) {
            if (sense === "min") expect(early.bound).toBeLessThanOrEqual(opt + 1e-6);
            else expect(early.bound).toBeGreaterThanOrEqual(opt - 1e-6);
          }
          if (early.objective !== null) {
            if (sense === "min") expect(early.objective).toBeGreaterThanOrEqual(opt - 1e-6);
            else expect(early.objective).toBeLessThanOrEqual(opt + 1e-6);
          }
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });

  it("matches HiGHS on the standard random types C, D and E", async () => {
    for (const type of ["C", "D", "E"] as const) {
      for (let seed = 1; seed <= 3; seed++) {
        const inst = randomGap(type, 3, 12, seed);
        const model = gapModel(inst, "min");
        const [ours, ref] = await Promise.all([solveMilpHere(model), solveWithHighs(model)]);
        expect(ours.status, inst.name).toBe(ref.status === "Optimal" ? "optimal" : "infeasible");
        if (ref.status === "Optimal") expect(close(ours.objective as number, ref.objective as number), inst.name).toBe(true);
      }
    }
  });

  it("is deterministic: the same model gives the same optimum, nodes and assignment", async () => {
    const model = gapModel(randomGap("D", 3, 12, 7), "min");
    const a = await solveMilpHere(model);
    const b = await solveMilpHere(model);
    expect(b.objective).toBe(a.objective);
    expect(b.nodes).toBe(a.nodes);
    expect(b.x).toEqual(a.x);
  });
});
