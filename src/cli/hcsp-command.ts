import { basename } from "node:path";
import { type HcspInstance, type HcspResult, makespan, parseHcsp } from "../problems/hcsp.js";
import { solveHcspGa } from "../solve/ga/hcsp.js";
import { createGaPool } from "../runtime/ga-pool.js";
import type { GaPool } from "../solve/ga/island-model.js";
import { minMin } from "../solve/heuristics/min-min.js";
import { parseArgs } from "./args.js";
import type { Command, CommandIO } from "./command.js";
import { ms } from "./format.js";
import { progressPrinter, type RunOptions, readInstanceFile, RUN_OPTION_SPEC, runOptions } from "./solve-options.js";

const SOLVERS = ["ga", "minmin"] as const;
type HcspSolver = (typeof SOLVERS)[number];

export const hcspCommand: Command = {
  name: "hcsp",
  usage:
    "lepton hcsp FILE... [--machines 16] [--solver ga|minmin] [--time-limit S] [--generations N] [--seed N] [--threads N] [--json]",
  summary: "minimise the makespan of independent tasks on heterogeneous machines (Braun et al. ETC files)",
  async run(argv, io) {
    const { positional, options } = parseArgs(argv, { machines: "integer", ...RUN_OPTION_SPEC }, "hcsp");
    if (positional.length === 0) throw io.usageError("hcsp: give at least one ETC FILE");
    const machines = (options.machines as number | undefined) ?? 16;
    if (machines < 1 || machines > 4096) throw io.usageError(`hcsp: --machines must be between 1 and 4096 (got ${machines})`);
    const solver = (options.solver ?? "ga") as string;
    if (!(SOLVERS as readonly string[]).includes(solver)) {
      throw io.usageError(`hcsp: --solver must be one of ${SOLVERS.join(", ")} (got "${solver}")`);
    }
    const run = runOptions(options, "hcsp");
    const instances: HcspInstance[] = [];
    for (const file of positional) instances.push(parseHcsp(await readInstanceFile(file), basename(file), machines));
    if (!options.json) io.out(header());
    const pool = solver === "ga" ? createGaPool(run.threads) : undefined;
    try {
      for (const inst of instances) {
        const result = await solveOne(inst, solver as HcspSolver, run, io, pool);
        io.out(options.json ? JSON.stringify(result) : line(result));
      }
    } finally {
      await pool?.destroy();
    }
    return 0;
  },
};

async function solveOne(
  inst: HcspInstance,
  solver: HcspSolver,
  run: RunOptions,
  io: CommandIO,
  pool: GaPool | undefined,
): Promise<HcspResult> {
  const t0 = performance.now();
  const base = { instance: inst.name, tasks: inst.tasks, machines: inst.machines, solver };
  if (solver === "minmin") {
    const r = minMin(inst);
    const assignment = Array.from(r.assignment);
    return { ...base, makespan: makespan(inst, assignment), timeMs: performance.now() - t0, assignment };
  }
  const r = await solveHcspGa(inst, {
    seed: run.seed,
    threads: run.threads,
    timeLimitMs: run.timeLimitMs,
    generations: run.generations,
    onProgress: progressPrinter(io, inst.name),
    pool,
  });
  if (io.interactive) process.stderr.write("\r\x1b[K");
  return { ...base, makespan: r.makespan, timeMs: performance.now() - t0, assignment: r.assignment };
}

function header(): string {
  return `${"instance".padEnd(14)} ${"tasks x machines".padEnd(17)} ${"solver".padEnd(7)} ${"makespan".padStart(14)} ${"time".padStart(10)}`;
}

function line(r: HcspResult): string {
  return `${r.instance.padEnd(14)} ${`${r.tasks} x ${r.machines}`.padEnd(17)} ${r.solver.padEnd(7)} ${r.makespan.toFixed(3).padStart(14)} ${ms(r.timeMs).padStart(10)}`;
}
