#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isLeptonError, LeptonError } from "../model/errors.js";
import { benchCommand } from "./bench-command.js";
import type { Command, CommandIO } from "./command.js";
import { exportLpCommand } from "./export-lp-command.js";
import { gapCommand } from "./gap-command.js";
import { hcspCommand } from "./hcsp-command.js";
import { planCommand } from "./plan-command.js";
import { simulateCommand } from "./simulate-command.js";

/** Every subcommand; each lives in its own file. */
export const COMMANDS: Command[] = [planCommand, gapCommand, hcspCommand, benchCommand, simulateCommand, exportLpCommand];

const EXIT_BAD_INPUT = 2;

function help(): string {
  const lines = ["Usage: lepton <command> [options]", "", "Commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push("", "Exit codes: 0 ok, 1 no feasible result, 2 bad input, 3 internal error.");
  return lines.join("\n");
}

/**
 * Runs the CLI and returns the exit code. Bad input of any kind exits 2 with the message on stderr;
 * stack traces are shown only for internal errors and only with LEPTON_DEBUG=1.
 */
export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(help());
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`lepton: unknown command "${name}"; commands are: ${COMMANDS.map((c) => c.name).join(", ")}`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`Usage: ${command.usage}\n  ${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isLeptonError(e) && e.code !== "INTERNAL") {
      // API-level errors may already name the command; say it once.
      const message = e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message;
      io.err(`lepton ${name}: ${message}`);
      return EXIT_BAD_INPUT;
    }
    io.err(`lepton ${name}: internal error: ${(e as Error).message}`);
    if (process.env.LEPTON_DEBUG === "1") io.err(String((e as Error).stack));
    return 3;
  }
}

export const processIO: CommandIO = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  interactive: Boolean(process.stderr.isTTY),
  usageError: (m) => new LeptonError("INVALID_INPUT", m),
};

function isMain(): boolean {
  try {
    return realpathSync(process.argv[1] ?? "") === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // A reader that closes early (`lepton gap ... | head`) is not an error: stop quietly, as Unix
  // tools do, instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  runCli(process.argv.slice(2), processIO).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`lepton: internal error: ${(e as Error).message}\n`);
      process.exitCode = 3;
    },
  );
}
