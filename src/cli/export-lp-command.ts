import { writeFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { compileScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import { readScenarioFile } from "../model/read-scenario.js";
import { parseGap } from "../problems/gap.js";
import { gapModel } from "../solve/ilp/gap-model.js";
import { toLpFormat } from "../solve/ilp/lp-format.js";
import type { MilpModel } from "../solve/ilp/model.js";
import { placementModel } from "../solve/ilp/placement-model.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { readInstanceFile } from "./solve-options.js";

export const exportLpCommand: Command = {
  name: "export-lp",
  usage: "lepton export-lp FILE [--sense min|max] [--instance K] [--out model.lp]",
  summary:
    "write the exact model of a GAP file (OR-Library/Yagiura) or a scenario (.json) in CPLEX LP format, for HiGHS, CBC, Gurobi",
  async run(argv, io) {
    const { positional, options } = parseArgs(argv, { sense: "string", instance: "integer", out: "string" }, "export-lp");
    if (positional.length !== 1) throw io.usageError("give exactly one FILE (a GAP instance file or a scenario .json)");
    const file = positional[0];
    let model: MilpModel;
    if (extname(file).toLowerCase() === ".json") {
      if (options.sense !== undefined || options.instance !== undefined) {
        throw io.usageError("--sense and --instance apply to GAP files only; a scenario is always minimised");
      }
      const pm = placementModel(compileScenario(await readScenarioFile(file)));
      if (pm.unplaceable.length > 0) {
        io.err(
          `export-lp: note: ${pm.unplaceable.length} task(s) have no node within their latency SLO; the model is infeasible`,
        );
      }
      model = pm.model;
    } else {
      const sense = (options.sense ?? "min") as string;
      if (sense !== "min" && sense !== "max") throw io.usageError(`--sense must be min or max (got "${sense}")`);
      const instances = parseGap(await readInstanceFile(file), basename(file, extname(file)));
      const k = options.instance as number | undefined;
      if (k === undefined && instances.length > 1) {
        throw new LeptonError(
          "INVALID_INPUT",
          `${file} holds ${instances.length} instances; choose one with --instance K (1 to ${instances.length})`,
        );
      }
      const index = (k ?? 1) - 1;
      if (!(index >= 0 && index < instances.length)) {
        throw new LeptonError("INVALID_INPUT", `--instance must be from 1 to ${instances.length} (got ${k})`);
      }
      model = gapModel(instances[index], sense);
    }
    const text = toLpFormat(model);
    if (options.out !== undefined) {
      try {
        await writeFile(options.out as string, text);
      } catch (e) {
        throw new LeptonError("FILE_UNREADABLE", `cannot write ${options.out}: ${(e as Error).message}`);
      }
      io.err(`export-lp: wrote ${model.colNames.length} columns, ${model.rowNames.length} rows to ${options.out}`);
    } else io.out(text.trimEnd());
    return 0;
  },
};
