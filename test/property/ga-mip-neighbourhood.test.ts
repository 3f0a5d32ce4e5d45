import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gapObjective } from "../../src/problems/gap.js";
import { chromosomeHash } from "../../src/solve/ga/island-state.js";
import { GaKernel } from "../../src/solve/ga/kernel.js";
import { defaultSubsetAgents, mipNeighbourhoodSearch } from "../../src/solve/ga/mip-neighbourhood.js";
import { gapGreedy } from "../../src/solve/heuristics/gap-greedy.js";
import { gapModel } from "../../src/solve/ilp/gap-model.js";
import { randomGap } from "../../src/solve/ilp/gap-generators.js";
import { solveWithHighs } from "../helpers/ilp-highs.js";

const asProblem = (inst: ReturnType<typeof randomGap>) => ({
  kind: "gap" as const,
  m: inst.agents,
  n: inst.jobs,
  cost: inst.cost,
  resource: inst.resource,
  capacity: inst.capacity,
});

/** Type D instances (tight, costs inversely correlated with resources) with a feasible greedy start. */
const startArb = fc
  .record({
    m: fc.integer({ min: 2, max: 5 }),
    n: fc.integer({ min: 4, max: 14 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ m, n, seed }) => {
    const inst = randomGap("D", m, n, seed);
    // Loosen capacities a little so the greedy start is usually feasible.
    const loose = { ...inst, capacity: inst.capacity.map((b) => Math.ceil(b * 1.25)) };
    return { inst: loose, start: gapGreedy(loose).assignment };
  })
  .filter(({ inst, start }) => gapObjective(inst, start).feasible);

describe("agent-subset MIP neighbourhood (GAP)", () => {
  it("keeps the assignment feasible, conserves jobs, never worsens, and is reproducible per seed", async () => {
    await fc.assert(
      fc.asyncProperty(startArb, fc.integer({ min: 0, max: 1000 }), async ({ inst, start }, seed) => {
        const problem = asProblem(inst);
        const before = gapObjective(inst, start);
        const res = await mipNeighbourhoodSearch(problem, start, { iterations: 4, seed });
        const after = gapObjective(inst, Array.from(res.assignment));
        expect(res.assignment).toHaveLength(inst.jobs);
        expect(after.feasible).toBe(true);
        expect(after.objective).toBeCloseTo(res.objective, 9);
        expect(res.objective).toBeLessThanOrEqual(before.objective + 1e-9);
        const again = await mipNeighbourhoodSearch(problem, start, { iterations: 4, seed });
        expect(Array.from(again.assignment)).toEqual(Array.from(res.assignment));
      }),
      { numRuns: 25 },
    );
  });

  it("with every agent in the subset, one sub-problem reaches the optimum HiGHS proves", async () => {
    await fc.assert(
      fc.asyncProperty(startArb, async ({ inst, start }) => {
        const ref = await solveWithHighs(gapModel(inst, "min"));
        expect(ref.status).toBe("Optimal");
        const res = await mipNeighbourhoodSearch(asProblem(inst), start, {
          iterations: 1,
          agents: inst.agents,
          nodeLimit: 1e6,
          seed: 1,
        });
        expect(res.objective).toBeCloseTo(ref.objective as number, 6);
      }),
      { numRuns: 15 },
    );
  });

  it("does not grow memory over many sub-problems (one released kernel instance each)", async () => {
    const inst = randomGap("D", 6, 30, 11);
    const problem = asProblem({ ...inst, capacity: inst.capacity.map((b) => Math.ceil(b * 1.25)) });
    const start = gapGreedy({ ...inst, capacity: problem.capacity }).assignment;
    await mipNeighbourhoodSearch(problem, start, { iterations: 50, agents: 3, seed: 1 });
    const before = process.memoryUsage().rss;
    await mipNeighbourhoodSearch(problem, start, { iterations: 600, agents: 3, seed: 2 });
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it("rejects an overloaded start with the agent named", async () => {
    const inst = randomGap("D", 3, 12, 5);
    const allOnOne = new Array(inst.jobs).fill(0);
    await expect(mipNeighbourhoodSearch(asProblem(inst), allOnOne, { iterations: 1, seed: 1 })).rejects.toThrow(
      /overloads agent 0/,
    );
  });

  it("sizes subsets for about 250 binaries", () => {
    expect(defaultSubsetAgents(20, 100)).toBe(7);
    expect(defaultSubsetAgents(5, 200)).toBe(3);
    expect(defaultSubsetAgents(2, 400)).toBe(2);
    expect(defaultSubsetAgents(80, 100)).toBe(14);
  });

  it("hashes chromosomes exactly as the kernel, so duplicate checks agree across the boundary", async () => {
    const inst = randomGap("C", 4, 25, 9);
    const kernel = await GaKernel.create(asProblem(inst));
    try {
      const P = 6;
      const genes = new Int32Array(P * inst.jobs + 4);
      const meta = new Float64Array(3 * P + 2 + inst.agents);
      genes.set(gapGreedy(inst).assignment);
      kernel.wasm.setLocalSearch(0, 0);
      kernel.withIsland(genes, meta, (g, m) => kernel.wasm.initIsland(g, m, P, 1, 3));
      for (let q = 0; q < P; q++)
        expect(meta[2 * P + q]).toBe(chromosomeHash(genes.subarray(q * inst.jobs, (q + 1) * inst.jobs)));
    } finally {
      kernel.dispose();
    }
  });
});
