import { writeFile } from "node:fs/promises";
import { compileScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import { readScenarioFile } from "../model/read-scenario.js";
import { writeSimulationReport } from "../report/html-report.js";
import { readEventsFile } from "../sim/read-events.js";
import { POLICIES } from "../sim/scheduler.js";
import { simulate } from "../sim/simulator.js";
import type { PolicyName, SimResult } from "../sim/types.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { fixed, ms, row } from "./format.js";
import { DEFAULT_SCENARIO } from "./plan-command.js";

export const simulateCommand: Command = {
  name: "simulate",
  usage:
    "lepton simulate [scenario.json] [--policy consolidate|greedy|ga|ilp|spread] [--events events.json] [--seed N] [--json] [--out timeline.json] [--report report.html]",
  summary: "run the online scheduler tick by tick through load, failures and spikes; report energy, SLOs, migrations, failovers",
  async run(argv, io) {
    const { positional, options } = parseArgs(
      argv,
      { policy: "string", events: "string", seed: "integer", json: "flag", out: "string", report: "string" },
      "simulate",
    );
    if (positional.length > 1) throw io.usageError("simulate takes at most one scenario file");
    const policy = (options.policy as string | undefined) ?? "consolidate";
    if (!POLICIES.includes(policy as PolicyName)) {
      throw new LeptonError("INVALID_INPUT", `--policy must be one of ${POLICIES.join(", ")} (got "${policy}")`);
    }
    const scenario = await readScenarioFile(positional[0] ?? DEFAULT_SCENARIO);
    let events: unknown;
    if (options.events !== undefined) {
      const file = options.events as string;
      try {
        events = await readEventsFile(file, compileScenario(scenario));
      } catch (e) {
        if (e instanceof LeptonError && e.code === "INVALID_EVENTS")
          throw new LeptonError(e.code, `${file}: ${e.message}`, e.issues);
        throw e;
      }
    }
    const result = await simulate(scenario, {
      policy: policy as PolicyName,
      seed: (options.seed as number | undefined) ?? 1,
      events,
    });
    const full = { ...result.summary, timeline: result.timeline };
    if (options.report) {
      // The report shows the run next to the spread baseline under the same seed and events.
      const seed = (options.seed as number | undefined) ?? 1;
      const baseline = policy === "spread" ? [] : [await simulate(scenario, { policy: "spread", seed, events })];
      await writeSimulationReport(options.report as string, scenario, [result, ...baseline], { seed });
    }
    if (options.out) {
      const out = options.out as string;
      try {
        await writeFile(out, `${JSON.stringify(full, null, 1)}\n`);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new LeptonError(
          "FILE_UNREADABLE",
          `--out ${out}: cannot write the timeline (${err.code ?? err.message}); check the directory exists`,
        );
      }
    }
    if (options.json) io.out(JSON.stringify(full));
    else
      io.out(
        formatSimSummary(result, options.out as string | undefined) + (options.report ? `\n  report     ${options.report}` : ""),
      );
    const s = result.summary;
    return s.tasksLost > 0 || s.tasksRejected > 0 ? 1 : 0;
  },
};

/** Terminal summary of a simulation. */
export function formatSimSummary(result: SimResult, out?: string): string {
  const s = result.summary;
  const lines = [
    `Lepton simulate: ${s.scenario}`,
    row("policy", `${s.policy} · seed ${s.seed} · ${s.ticks} ticks in ${ms(s.runtimeMs)}`),
    row(
      "tasks",
      `${s.tasksSubmitted} submitted: ${s.tasksCompleted} completed, ${s.tasksRunning} running, ${s.tasksQueued} queued, ${s.tasksRejected} rejected · lost ${s.tasksLost}`,
    ),
    row("SLO", `${s.sloViolationSlots} violation slots · ${s.overloadNodeTicks} overloaded node-ticks`),
    row("energy", `${fixed(s.energyKWh, 2)} kWh`),
    row("carbon", `${fixed(s.carbonKg, 2)} kg CO2e`),
    row("cost", `$${fixed(s.costUsd, 2)}`),
    row("moves", `${s.migrations} migrations · ${s.tasksShifted} deferrable tasks shifted to low-carbon slots`),
    row(
      "failures",
      `${s.nodeFailures} node failures · ${s.failoversCompleted} failovers · max failover wait ${s.maxFailoverTicks} ticks`,
    ),
  ];
  for (const r of s.rejections.slice(0, 10)) lines.push(`  rejected   ${r.task}: ${r.reason}`);
  if (s.rejections.length > 10) lines.push(`  rejected   … and ${s.rejections.length - 10} more (see --json)`);
  if (out) lines.push(row("written", out));
  return lines.join("\n");
}
