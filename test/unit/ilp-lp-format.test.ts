import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/model/compile.js";
import { randomGap } from "../../src/solve/ilp/gap-generators.js";
import { gapModel } from "../../src/solve/ilp/gap-model.js";
import { toLpFormat } from "../../src/solve/ilp/lp-format.js";
import { ModelBuilder } from "../../src/solve/ilp/model.js";
import { placementModel } from "../../src/solve/ilp/placement-model.js";
import { solveMilpHere } from "../../src/solve/ilp/solve.js";
import { solveWithHighs } from "../helpers/ilp-highs.js";
import { makeScenario } from "../helpers/scenarios.js";

describe("CPLEX LP export", () => {
  it("round-trips a GAP model through HiGHS to our optimum", async () => {
    for (const sense of ["min", "max"] as const) {
      const model = gapModel(randomGap("C", 3, 10, 2), sense);
      const ours = await solveMilpHere(model);
      const ref = await solveWithHighs(model);
      expect(ref.status).toBe("Optimal");
      expect(ref.objective).toBeCloseTo(ours.objective as number, 6);
    }
  });

  it("round-trips a placement model", async () => {
    const { model } = placementModel(compileScenario(makeScenario({ tasks: 5, nodes: 3, slots: 4, seed: 3 })));
    const ours = await solveMilpHere(model);
    const ref = await solveWithHighs(model);
    expect(ours.status).toBe(ref.status === "Optimal" ? "optimal" : "infeasible");
    if (ref.status === "Optimal") expect(Math.abs((ref.objective as number) - (ours.objective as number))).toBeLessThan(1e-6);
  });

  it("writes every bound and row kind, sanitises names and keeps lines short", () => {
    const b = new ModelBuilder("kinds", "min");
    const x = b.addVar("3 bad name!", 1.5, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false);
    const y = b.addVar("e1", -2, -3, 4, true);
    const z = b.addVar("z", 0.1, 2, 2, false);
    const w = b.addBinary("w", 1);
    b.addRow("range", [x, y], [1, 1], -1, 5);
    b.addRow("eq", [y, z, w], [2, -1, 1], 3, 3);
    b.addRow("ge", [x], [1], 0, Number.POSITIVE_INFINITY);
    b.objOffset = 7;
    const text = toLpFormat(b.build());
    expect(text).toContain("range_lo:");
    expect(text).toContain("range_up:");
    expect(text).toContain("x_3_bad_name_ free");
    expect(text).toContain("-3 <= x_e1 <= 4");
    expect(text).toContain("z = 2");
    expect(text).toMatch(/Generals\n x_e1/);
    expect(text).toMatch(/Binaries\n w/);
    expect(text).toContain("+ 7");
    const long = toLpFormat(gapModel(randomGap("C", 10, 60, 1), "max"));
    for (const line of long.split("\n")) expect(line.length).toBeLessThan(255);
  });
});
