import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { LeptonError } from "../../src/model/errors.js";
import { IlpEngine } from "../../src/solve/ilp/engine.js";
import { solveGapIlp } from "../../src/solve/ilp/gap.js";
import { randomGap } from "../../src/solve/ilp/gap-generators.js";
import { gapModel } from "../../src/solve/ilp/gap-model.js";
import { ModelBuilder } from "../../src/solve/ilp/model.js";
import { solveMilpHere } from "../../src/solve/ilp/solve.js";
import { IlpSolver } from "../../src/solve/ilp/solver.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      interactive: false,
      usageError: (m: string) => new LeptonError("INVALID_INPUT", m),
    },
  };
}

describe("ILP solver facade", () => {
  it("solves a GAP on a worker thread and returns the lepton gap result shape", async () => {
    const inst = randomGap("C", 3, 12, 4);
    const res = await solveGapIlp(inst, { sense: "min" });
    expect(res.status).toBe("optimal");
    expect(res.bound).toBe(res.objective);
    expect(res.assignment).toHaveLength(12);
    expect(res.solver).toBe("ilp");
  });

  it("keeps the event loop free and stops on abort with the best solution so far", async () => {
    // A large type-D instance does not close quickly: abort it mid-search.
    const inst = randomGap("D", 20, 200, 1);
    const solver = new IlpSolver(1);
    try {
      const ac = new AbortController();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const progress: number[] = [];
      setTimeout(() => ac.abort(), 1500);
      const res = await solveGapIlp(inst, { sense: "min", solver, signal: ac.signal, onProgress: (p) => progress.push(p.nodes) });
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(10);
      expect(["feasible", "optimal"]).toContain(res.status);
      expect(res.objective).not.toBeNull();
      if (res.status === "feasible") expect(res.bound as number).toBeLessThanOrEqual(res.objective as number);
    } finally {
      await solver.destroy();
    }
  });

  it("rejects bad options and models with the field named", async () => {
    const model = gapModel(randomGap("C", 2, 3, 1), "min");
    await expect(solveMilpHere(model, { timeLimitMs: -1 })).rejects.toThrow(/timeLimitMs/);
    await expect(solveGapIlp(randomGap("C", 2, 3, 1), { sense: "up" as "min" })).rejects.toThrow(/sense/);
    await expect(solveGapIlp(randomGap("C", 2, 3, 1), { sense: "min", incumbent: [0] })).rejects.toThrow(/incumbent/);
    const b = new ModelBuilder("bad", "min");
    b.addVar("x", 1, 2, 1, false);
    expect(() => b.build()).toThrow(/lb\[0\]/);
  });

  it("uses a feasible incumbent and ignores an infeasible one", async () => {
    const model = gapModel(randomGap("C", 2, 4, 9), "min");
    const engine = await IlpEngine.create(model);
    try {
      expect(engine.offer(new Float64Array(model.cost.length))).toBe(false);
      const x = new Float64Array(model.cost.length);
      for (let j = 0; j < 4; j++) x[j] = 1; // all jobs on agent 0: over capacity
      expect(engine.offer(x)).toBe(false);
    } finally {
      engine.dispose();
    }
    expect(() => engine.bound()).toThrow(/disposed/);
  });

  it("keeps memory flat over many solves (one instance per solve, released)", async () => {
    const model = gapModel(randomGap("C", 3, 10, 3), "max");
    const before = process.memoryUsage().rss;
    for (let k = 0; k < 60; k++) await solveMilpHere(model);
    global.gc?.();
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describe("lepton export-lp", () => {
  const file = new URL("../fixtures/ilp-gap-small.txt", import.meta.url);
  it("writes a GAP instance in LP format and exits 0", async () => {
    const o = io();
    expect(await runCli(["export-lp", file.pathname, "--sense", "max"], o.io)).toBe(0);
    const text = o.out.join("\n");
    expect(text).toMatch(/^\\ ilp-gap-small/);
    expect(text).toContain("Maximize");
    expect(text).toContain("Binaries");
    expect(readFileSync(file, "utf8")).toContain("2 3");
  });

  it("exits 2 with the option named on bad input", async () => {
    const o = io();
    expect(await runCli(["export-lp", file.pathname, "--sense", "up"], o.io)).toBe(2);
    expect(o.err.join("\n")).toMatch(/--sense/);
    const o2 = io();
    expect(await runCli(["export-lp", file.pathname, "--instance", "3"], o2.io)).toBe(2);
    expect(o2.err.join("\n")).toMatch(/--instance/);
    const o3 = io();
    expect(await runCli(["export-lp", "/nonexistent.txt"], o3.io)).toBe(2);
  });

  it("lepton gap --solver ilp proves the optimum", async () => {
    const o = io();
    expect(await runCli(["gap", file.pathname, "--solver", "ilp", "--json", "--time-limit", "5"], o.io)).toBe(0);
    const r = JSON.parse(o.out[0]);
    expect(r.status).toBe("optimal");
    expect(r.bound).toBe(r.objective);
    expect(r.objective).toBe(6);
  });
});
