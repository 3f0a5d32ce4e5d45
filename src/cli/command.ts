import type { LeptonError } from "../model/errors.js";

/** Where a command writes; tests pass their own. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress lines are shown only then. */
  interactive: boolean;
  usageError(message: string): LeptonError;
}

/** One `lepton <name>` subcommand; returns the exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}
