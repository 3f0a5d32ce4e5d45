import { readFile } from "node:fs/promises";
import { LeptonError } from "../model/errors.js";
import type { OptionSpec } from "./args.js";
import type { CommandIO } from "./command.js";
import { ms } from "./format.js";

/** The options every benchmark-problem command (`gap`, `hcsp`) takes, for `parseArgs`. */
export const RUN_OPTION_SPEC: OptionSpec = {
  solver: "string",
  "time-limit": "number",
  generations: "integer",
  seed: "integer",
  threads: "integer",
  json: "flag",
};

/** Options shared by the benchmark-problem commands (`gap`, `hcsp`). */
export interface RunOptions {
  seed: number;
  threads: number;
  timeLimitMs: number | undefined;
  generations: number | undefined;
}

/** Validates `--seed --threads --time-limit --generations`; defaults to a 10 s limit when neither is given. */
export function runOptions(options: Record<string, unknown>, command: string): RunOptions {
  const seed = (options.seed as number | undefined) ?? 1;
  const threads = (options.threads as number | undefined) ?? 2;
  const timeLimit = options["time-limit"] as number | undefined;
  const generations = options.generations as number | undefined;
  if (threads < 1 || threads > 64) {
    throw new LeptonError("INVALID_INPUT", `${command}: --threads must be between 1 and 64 (got ${threads})`);
  }
  if (timeLimit !== undefined && !(timeLimit > 0)) {
    throw new LeptonError("INVALID_INPUT", `${command}: --time-limit must be a positive number of seconds (got ${timeLimit})`);
  }
  if (generations !== undefined && generations < 1) {
    throw new LeptonError("INVALID_INPUT", `${command}: --generations must be a positive integer (got ${generations})`);
  }
  if (seed < 0 || seed > 0xffffffff) {
    throw new LeptonError("INVALID_INPUT", `${command}: --seed must be between 0 and 4294967295 (got ${seed})`);
  }
  return {
    seed,
    threads,
    timeLimitMs: timeLimit !== undefined ? timeLimit * 1000 : generations === undefined ? 10_000 : undefined,
    generations,
  };
}

/** Reads an instance file with errors that name the file. */
export async function readInstanceFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new LeptonError("FILE_NOT_FOUND", `${file}: no such file`);
    throw new LeptonError("FILE_UNREADABLE", `${file}: cannot read (${(e as Error).message})`);
  }
}

/** A progress callback that redraws one stderr line, only when stderr is a terminal. */
export function progressPrinter(
  io: CommandIO,
  name: string,
): ((p: { best: number; generations: number; elapsedMs: number }) => void) | undefined {
  if (!io.interactive) return undefined;
  return (p) => process.stderr.write(`\r${name}: best ${p.best} · generation ${p.generations} · ${ms(p.elapsedMs)}   \x1b[K`);
}
