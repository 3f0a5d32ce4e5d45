import { LeptonError } from "../model/errors.js";

/** Declares a command's options: name -> kind. Flags take no value; the others take one. */
export type OptionSpec = Record<string, "flag" | "string" | "integer" | "number">;

export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | number | boolean | undefined>;
}

/**
 * Parses `--name value`, `--name=value` and bare flags against a spec. Unknown options and bad
 * values are `INVALID_INPUT` errors that name the option and the fix.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec, command: string): ParsedArgs {
  const positional: string[] = [];
  const options: ParsedArgs["options"] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const kind = spec[name];
    if (!kind) {
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(", ");
      throw new LeptonError("INVALID_INPUT", `${command}: unknown option --${name}; options are: ${known}`);
    }
    if (kind === "flag") {
      if (eq >= 0) throw new LeptonError("INVALID_INPUT", `${command}: --${name} takes no value`);
      options[name] = true;
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (raw === undefined || (eq < 0 && raw.startsWith("--"))) {
      throw new LeptonError("INVALID_INPUT", `${command}: --${name} needs a value`);
    }
    options[name] = convert(raw, kind, name, command);
  }
  return { positional, options };
}

function convert(raw: string, kind: "string" | "integer" | "number", name: string, command: string): string | number {
  if (kind === "string") return raw;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || (kind === "integer" && !Number.isInteger(n))) {
    const what = kind === "integer" ? "an integer" : "a number";
    throw new LeptonError("INVALID_INPUT", `${command}: --${name} must be ${what} (got "${raw}")`);
  }
  return n;
}
