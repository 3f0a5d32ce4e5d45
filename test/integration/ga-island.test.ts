import { afterAll, describe, expect, it } from "vitest";
import { LeptonError } from "../../src/model/errors.js";
import { gapObjective } from "../../src/problems/gap.js";
import { makespan } from "../../src/problems/hcsp.js";
import { solveGapGa } from "../../src/solve/ga/gap.js";
import { solveHcspGa } from "../../src/solve/ga/hcsp.js";
import { createGaPool } from "../../src/runtime/ga-pool.js";
import { runIslandGa } from "../../src/solve/ga/island-model.js";
import { gapGreedy } from "../../src/solve/heuristics/gap-greedy.js";
import { minMin } from "../../src/solve/heuristics/min-min.js";
import { randomGap } from "../../src/solve/ilp/gap-generators.js";
import { planScenario } from "../../src/solve/plan.js";
import { makeGap, makeHcsp } from "../helpers/ga-instances.js";
import { makeScenario } from "../helpers/scenarios.js";

// Real piscina pools over the built workers (dist/runtime/ga-worker.js; `npm test` builds first).
const pools = [1, 2, 4].map((t) => createGaPool(t));
afterAll(async () => {
  for (const p of pools) await p.destroy();
});

describe("island GA on worker threads", () => {
  it("same seed and generation budget give the identical GAP result with 1, 2 and 4 threads", async () => {
    const inst = makeGap(5, 40, 3);
    const runs = await Promise.all(
      pools.map((pool) =>
        solveGapGa(inst, { seed: 7, generations: 300, pool, migrationInterval: 50, population: 20, restartAfter: 40 }),
      ),
    );
    // The MIP neighbourhood runs at each migration point (seeded, node-limited) and is part of it.
    expect(runs[0].neighbourhoodImprovements).toBeGreaterThan(0);
    for (const r of runs.slice(1)) {
      expect(r.assignment).toEqual(runs[0].assignment);
      expect(r.objective).toBe(runs[0].objective);
      expect(r.neighbourhoodImprovements).toBe(runs[0].neighbourhoodImprovements);
      expect(r.generations).toBe(300);
    }
    // ... and a different seed explores differently (the seed is really used).
    const other = await solveGapGa(inst, { seed: 8, generations: 300, pool: pools[1], migrationInterval: 50, population: 20 });
    expect(other.generations).toBe(300);
  });

  it("same seed and generation budget give the identical HCSP result with 1, 2 and 4 threads", async () => {
    const inst = makeHcsp(60, 4, 2);
    const runs = await Promise.all(pools.map((pool) => solveHcspGa(inst, { seed: 3, generations: 200, pool })));
    for (const r of runs.slice(1)) expect(r.assignment).toEqual(runs[0].assignment);
    expect(runs[0].makespan).toBeLessThanOrEqual(minMin(inst).makespan + 1e-9);
  });

  it("returns feasible GAP assignments that conserve jobs and beat or match the greedy warm start", async () => {
    for (const seed of [1, 2, 3]) {
      const inst = makeGap(4, 30, seed);
      const res = await solveGapGa(inst, { seed, generations: 200, pool: pools[1] });
      expect(res.assignment).toHaveLength(inst.jobs);
      for (const a of res.assignment) expect(Number.isInteger(a) && a >= 0 && a < inst.agents).toBe(true);
      const check = gapObjective(inst, res.assignment);
      expect(check.feasible).toBe(true);
      expect(res.feasible).toBe(true);
      expect(check.objective).toBe(res.objective);
      expect(res.bound).toBeLessThanOrEqual(res.objective);
      const greedy = gapGreedy(inst);
      if (greedy.feasible) expect(res.objective).toBeLessThanOrEqual(greedy.objective);
    }
  });

  it("maximisation solves the negated problem and reports profits", async () => {
    const inst = makeGap(3, 20, 5);
    const min = await solveGapGa(inst, { sense: "min", generations: 100, pool: pools[1] });
    const max = await solveGapGa(inst, { sense: "max", generations: 100, pool: pools[1] });
    expect(max.objective).toBeGreaterThan(min.objective);
    expect(max.bound).toBeGreaterThanOrEqual(max.objective);
    expect(gapObjective(inst, max.assignment).feasible).toBe(true);
  });

  it("scenario placement: the GA plan, re-scored by evaluatePlan, is never worse than greedy", async () => {
    for (const seed of [1, 2]) {
      const scenario = makeScenario({ tasks: 16, nodes: 5, seed });
      const greedy = await planScenario(scenario, { seed });
      const ga = await planScenario(scenario, { seed, solver: "ga", generations: 40, threads: 1 });
      expect(ga.solver).toBe("ga");
      expect(ga.assignments).toHaveLength(16);
      expect(ga.evaluation.weightedTotal).toBeLessThanOrEqual(greedy.evaluation.weightedTotal + 1e-9);
    }
  });

  it("a time limit holds even when one island initialisation alone would take several times longer", async () => {
    // 40 x 800 of type D: the ejection-chain descents that polish the warm starts take about 9 s
    // here; the kernel's deadline stops them, so a 1.5 s limit returns in about 1.5 s.
    const inst = randomGap("D", 40, 800, 1);
    const t0 = performance.now();
    const res = await solveGapGa(inst, { timeLimitMs: 1500, pool: pools[1] });
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(res.timeMs).toBeLessThan(4000);
    expect(gapObjective(inst, res.assignment).feasible).toBe(true);
  });

  it("abort stops a long MIP neighbourhood step inside the workers", async () => {
    // 10 agents x 400 jobs of type D: one neighbourhood sub-problem takes a few hundred ms, and 200
    // per island per migration point would take minutes; the abort must not wait for them.
    const inst = randomGap("D", 10, 400, 5);
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 1500);
    const res = await solveGapGa(inst, {
      generations: 1000,
      migrationInterval: 2,
      mipNeighbourhood: { iterations: 200 },
      pool: pools[1],
      signal: ac.signal,
    });
    expect(res.stoppedBy).toBe("abort");
    expect(performance.now() - t0).toBeLessThan(6000);
    expect(gapObjective(inst, res.assignment).feasible).toBe(true);
  });

  it("abort returns the best found so far", async () => {
    const inst = makeHcsp(120, 8, 4);
    const ac = new AbortController();
    let events = 0;
    const res = await solveHcspGa(inst, {
      timeLimitMs: 60_000,
      pool: pools[1],
      signal: ac.signal,
      onProgress: () => {
        if (++events === 2) ac.abort();
      },
    });
    expect(res.stoppedBy).toBe("abort");
    expect(res.assignment).toHaveLength(inst.tasks);
    expect(res.makespan).toBeCloseTo(makespan(inst, res.assignment), 6);
    expect(res.makespan).toBeLessThanOrEqual(minMin(inst).makespan + 1e-9);
  });

  it("rejects bad input with typed errors before any work starts", async () => {
    const inst = makeGap(3, 10, 1);
    await expect(solveGapGa(inst, { sense: "up" as "min", pool: pools[0] })).rejects.toThrow(/sense/);
    await expect(
      runIslandGa(
        { kind: "gap", m: 2, n: 3, cost: new Float64Array(5), resource: new Float64Array(6), capacity: new Float64Array(2) },
        [],
      ),
    ).rejects.toThrow(/cost: must have m\*n = 6 values/);
    await expect(
      runIslandGa({ kind: "hcsp", m: 2, n: 2, cost: new Float64Array([1, 2, 3, Number.NaN]) }, [], { pool: pools[0] }),
    ).rejects.toThrow(LeptonError);
    await expect(
      runIslandGa({ kind: "hcsp", m: 2, n: 2, cost: new Float64Array([1, 2, 3, 4]) }, [Int32Array.of(0, 5)], { pool: pools[0] }),
    ).rejects.toThrow(/warmStarts\[0\]/);
    await expect(
      runIslandGa({ kind: "hcsp", m: 2, n: 2, cost: new Float64Array([1, 2, 3, 4]) }, [], { pool: pools[0], population: 1 }),
    ).rejects.toThrow(/population/);
    const hcsp = { name: "h", tasks: 2, machines: 2, etc: new Float64Array([1, 2, 3, 4]) };
    await expect(solveGapGa(inst, { pool: pools[0], mipNeighbourhood: { iterations: 0 } })).rejects.toThrow(
      /mipNeighbourhood.iterations must be a positive integer/,
    );
    await expect(solveGapGa(inst, { pool: pools[0], mipNeighbourhood: { iterations: 4, agents: 99 } })).rejects.toThrow(
      /mipNeighbourhood.agents must be an integer from 2 to m/,
    );
    await expect(solveHcspGa(hcsp, { pool: pools[0], directShare: 0 })).rejects.toThrow(/directShare/);
    await expect(solveHcspGa(hcsp, { pool: pools[0], decisionRounds: 1.5 })).rejects.toThrow(/decisionRounds/);
  });
});
