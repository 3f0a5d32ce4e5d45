import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { readScenarioFile } from "../model/read-scenario.js";
import { TIERS } from "../model/types.js";
import { writePlanReport } from "../report/html-report.js";
import { type Plan, planScenario } from "../solve/plan.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { fixed, ms, percent, row } from "./format.js";
import { runOptions } from "./solve-options.js";

/** The bundled default scenario, resolved from dist/cli or src/cli alike. */
export const DEFAULT_SCENARIO = fileURLToPath(new URL("../../examples/default.json", import.meta.url));

export const planCommand: Command = {
  name: "plan",
  usage:
    "lepton plan [scenario.json] [--out plan.json] [--json] [--seed N] [--report report.html] [--solver greedy|ga] [--time-limit S] [--generations N] [--threads N]",
  summary: "place every task of a scenario and report energy, carbon, cost and SLOs",
  async run(argv, io) {
    const { positional, options } = parseArgs(
      argv,
      {
        out: "string",
        json: "flag",
        seed: "integer",
        report: "string",
        solver: "string",
        "time-limit": "number",
        generations: "integer",
        threads: "integer",
      },
      "plan",
    );
    const solver = (options.solver ?? "greedy") as string;
    if (solver !== "greedy" && solver !== "ga") throw io.usageError(`plan: --solver must be greedy or ga (got "${solver}")`);
    const ga = solver === "ga" ? runOptions(options, "plan") : undefined;
    if (positional.length > 1) throw io.usageError("plan takes at most one scenario file");
    const file = positional[0] ?? DEFAULT_SCENARIO;
    const scenario = await readScenarioFile(file);
    const plan = await planScenario(scenario, {
      seed: options.seed as number | undefined,
      solver,
      timeLimitMs: ga?.timeLimitMs,
      generations: ga?.generations,
      threads: ga?.threads,
    });
    if (options.out) await writeFile(options.out as string, `${JSON.stringify(plan, null, 1)}\n`);
    if (options.report)
      await writePlanReport(options.report as string, scenario, { seed: options.seed as number | undefined, plan });
    if (options.json) io.out(JSON.stringify(plan));
    else
      io.out(
        formatPlanSummary(
          plan,
          scenario.nodes.length,
          scenario.sites.length,
          scenario.horizon,
          options.out as string | undefined,
        ) + (options.report ? `\n  report     ${options.report}` : ""),
      );
    return plan.evaluation.feasible ? 0 : 1;
  },
};

export function formatPlanSummary(
  plan: Plan,
  nodes: number,
  sites: number,
  horizon: { slots: number; slotMinutes: number },
  out?: string,
): string {
  const e = plan.evaluation;
  const tierText = (f: (t: (typeof TIERS)[number]) => string) => TIERS.map((t) => `${t} ${f(t)}`).join(" · ");
  const lines = [
    `Lepton plan: ${plan.scenario}`,
    row(
      "scenario",
      `${plan.assignments.length} tasks, ${nodes} nodes, ${sites} sites, ${horizon.slots} slots x ${horizon.slotMinutes} min`,
    ),
    row("solver", `${plan.solver} in ${ms(plan.timeMs)}`),
    row("tasks", `${tierText((t) => `${e.tiers[t].tasks} on ${e.tiers[t].nodesUsed} nodes`)} · unplaced ${e.unplaced.length}`),
    row("SLO", `${e.sloViolations.length} violations · mean latency ${fixed(e.meanLatencyMs, 2)} ms`),
    row("capacity", `${e.capacityViolations.length} violations`),
    row("energy", `${fixed(e.energyKWh)} kWh (${tierText((t) => fixed(e.tiers[t].energyKWh))})`),
    row("carbon", `${fixed(e.carbonKg)} kg CO2e (${tierText((t) => fixed(e.tiers[t].carbonKg))})`),
    row("cost", `$${fixed(e.costUsd, 2)}`),
    row(
      "peak CPU",
      tierText((t) => percent(e.tiers[t].peakCpuUtilisation)),
    ),
    row("objective", `${fixed(e.objective, 2)}${e.penalty > 0 ? ` + infeasibility penalty ${fixed(e.penalty, 0)}` : ""}`),
  ];
  for (const u of plan.unplaced.slice(0, 10)) lines.push(`  unplaced   ${u.task}: ${u.reason}`);
  if (plan.unplaced.length > 10) lines.push(`  unplaced   … and ${plan.unplaced.length - 10} more (see --out)`);
  if (out) lines.push(row("written", out));
  return lines.join("\n");
}
