import { basename, extname } from "node:path";
import { type GapInstance, type GapResult, type GapSense, gapObjective, parseGap } from "../problems/gap.js";
import { solveGapGa } from "../solve/ga/gap.js";
import { createGaPool } from "../runtime/ga-pool.js";
import type { GaPool } from "../solve/ga/island-model.js";
import { gapGreedy } from "../solve/heuristics/gap-greedy.js";
import { solveGapIlp } from "../solve/ilp/gap.js";
import { IlpSolver } from "../solve/ilp/solver.js";
import { parseArgs } from "./args.js";
import type { Command, CommandIO } from "./command.js";
import { ms } from "./format.js";
import { progressPrinter, type RunOptions, readInstanceFile, RUN_OPTION_SPEC, runOptions } from "./solve-options.js";

const SOLVERS = ["ga", "greedy", "ilp", "auto"] as const;
type GapSolver = (typeof SOLVERS)[number];

export const gapCommand: Command = {
  name: "gap",
  usage:
    "lepton gap FILE... [--sense min|max] [--solver ga|greedy|ilp|auto] [--time-limit S] [--generations N] [--seed N] [--threads N] [--json]",
  summary: "solve Generalized Assignment Problem instances (OR-Library / Yagiura format)",
  async run(argv, io) {
    const { positional, options } = parseArgs(argv, { sense: "string", ...RUN_OPTION_SPEC }, "gap");
    if (positional.length === 0) throw io.usageError("gap: give at least one instance FILE");
    const sense = (options.sense ?? "min") as string;
    if (sense !== "min" && sense !== "max") {
      throw io.usageError(`gap: --sense must be min or max (got "${sense}")`);
    }
    const solver = (options.solver ?? "ga") as string;
    if (!(SOLVERS as readonly string[]).includes(solver)) {
      throw io.usageError(`gap: --solver must be one of ${SOLVERS.join(", ")} (got "${solver}")`);
    }
    const run = runOptions(options, "gap");
    // Read and parse everything first, so a bad file fails before any long solve starts.
    const instances: GapInstance[] = [];
    for (const file of positional) instances.push(...parseGap(await readInstanceFile(file), basename(file, extname(file))));
    let allFeasible = true;
    let headerShown = Boolean(options.json);
    // One worker pool for every instance: workers start once per command, not once per instance.
    const pool = solver === "ga" || solver === "auto" ? createGaPool(run.threads) : undefined;
    const ilp = solver === "ilp" || solver === "auto" ? new IlpSolver(1) : undefined;
    try {
      for (const inst of instances) {
        const result = await solveOne(inst, sense, solver as GapSolver, run, io, pool, ilp);
        if (result.status === "infeasible" || result.status === "unknown") allFeasible = false;
        if (!headerShown) {
          io.out(header());
          headerShown = true;
        }
        io.out(options.json ? JSON.stringify(result) : line(result));
      }
    } finally {
      await pool?.destroy();
      await ilp?.destroy();
    }
    return allFeasible ? 0 : 1;
  },
};

async function solveOne(
  inst: GapInstance,
  sense: GapSense,
  solver: GapSolver,
  run: RunOptions,
  io: CommandIO,
  pool: GaPool | undefined,
  ilp?: IlpSolver,
): Promise<GapResult> {
  const t0 = performance.now();
  switch (solver) {
    case "greedy": {
      const cost = sense === "min" ? inst.cost : inst.cost.map((c) => -c);
      const g = gapGreedy(inst, cost);
      const assignment = Array.from(g.assignment);
      const { objective, feasible } = gapObjective(inst, assignment);
      return {
        instance: inst.name,
        m: inst.agents,
        n: inst.jobs,
        solver,
        status: feasible ? "feasible" : "unknown",
        objective: feasible ? objective : null,
        bound: null,
        timeMs: performance.now() - t0,
        assignment,
      };
    }
    case "ga": {
      const res = await solveGapGa(inst, {
        sense,
        seed: run.seed,
        threads: run.threads,
        timeLimitMs: run.timeLimitMs,
        generations: run.generations,
        onProgress: progressPrinter(io, inst.name),
        pool,
      });
      if (io.interactive) process.stderr.write("\r\x1b[K");
      return {
        instance: inst.name,
        m: inst.agents,
        n: inst.jobs,
        solver,
        status: res.optimal ? "optimal" : res.feasible ? "feasible" : "unknown",
        objective: res.feasible ? res.objective : null,
        bound: res.bound,
        timeMs: performance.now() - t0,
        assignment: res.assignment,
      };
    }
    case "ilp":
    case "auto": {
      // auto: on instances too large to close quickly, the GA spends 40% of the budget first and
      // hands its best assignment to the ILP as the first incumbent.
      let incumbent: number[] | undefined;
      let left = run.timeLimitMs;
      if (solver === "auto" && inst.agents * inst.jobs > 4000) {
        const gaMs = (run.timeLimitMs ?? 10_000) * 0.4;
        const ga = await solveGapGa(inst, { sense, seed: run.seed, threads: run.threads, timeLimitMs: gaMs, pool });
        if (ga.feasible) incumbent = ga.assignment;
        left = run.timeLimitMs !== undefined ? Math.max(1, run.timeLimitMs - (performance.now() - t0)) : undefined;
      }
      const res = await solveGapIlp(inst, {
        sense,
        timeLimitMs: left,
        incumbent,
        solver: ilp,
        label: solver,
        onProgress: io.interactive
          ? (p) =>
              process.stderr.write(
                `\r${inst.name}: incumbent ${p.objective ?? "-"} · bound ${p.bound} · nodes ${p.nodes} · ${ms(p.elapsedMs)}   \x1b[K`,
              )
          : undefined,
      });
      if (io.interactive) process.stderr.write("\r\x1b[K");
      return { ...res, timeMs: performance.now() - t0 };
    }
  }
}

function header(): string {
  return `${"instance".padEnd(14)} ${"m x n".padEnd(10)} ${"solver".padEnd(7)} ${"status".padEnd(10)} ${"objective".padStart(12)} ${"time".padStart(10)}`;
}

function line(r: GapResult): string {
  return `${r.instance.padEnd(14)} ${`${r.m} x ${r.n}`.padEnd(10)} ${r.solver.padEnd(7)} ${r.status.padEnd(10)} ${String(r.objective ?? "-").padStart(12)} ${ms(r.timeMs).padStart(10)}`;
}
