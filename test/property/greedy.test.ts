import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoadModel } from "../../src/kernels/load-model.js";
import { compileScenario } from "../../src/model/compile.js";
import { evaluatePlan } from "../../src/solve/evaluate.js";
import { greedyPlacement } from "../../src/solve/greedy.js";
import { makeScenario } from "../helpers/scenarios.js";

describe("greedy placement laws", () => {
  it("places or explains every task, and what it places is feasible", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          tasks: fc.integer({ min: 1, max: 120 }),
          nodes: fc.integer({ min: 1, max: 8 }),
          sites: fc.integer({ min: 1, max: 4 }),
          slots: fc.integer({ min: 1, max: 24 }),
        }),
        async (shape) => {
          const c = compileScenario(makeScenario(shape));
          const { assignment, unplaced } = greedyPlacement(c);
          // Conservation: every task is placed exactly once or reported, never both, never neither.
          const placed = Array.from(assignment.node).filter((n) => n >= 0).length;
          expect(placed + unplaced.length).toBe(c.taskCount);
          for (const u of unplaced) expect(assignment.node[c.taskIndex.get(u.task) as number]).toBe(-1);
          const model = await LoadModel.create(c, assignment.start);
          try {
            const e = evaluatePlan(model, assignment);
            expect(e.capacityViolations).toEqual([]);
            expect(e.sloViolations).toEqual([]);
          } finally {
            model.dispose();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is deterministic", () => {
    const c = compileScenario(makeScenario({ tasks: 80, nodes: 6 }));
    expect(greedyPlacement(c)).toEqual(greedyPlacement(c));
  });
});
