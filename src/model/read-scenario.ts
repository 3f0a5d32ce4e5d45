import { readFile } from "node:fs/promises";
import { LeptonError } from "./errors.js";
import type { Scenario } from "./types.js";
import { assertValidScenario } from "./validate.js";

/**
 * Reads and validates a scenario file (Node only). Every failure is a `LeptonError` whose message
 * names the file and the fix: FILE_NOT_FOUND, FILE_UNREADABLE, INVALID_JSON or INVALID_SCENARIO.
 */
export async function readScenarioFile(path: string): Promise<Scenario> {
  return assertValidScenario(await readJsonFile(path, "scenario"));
}

/** Reads a JSON file, turning I/O and syntax errors into actionable `LeptonError`s. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") {
      throw new LeptonError("FILE_NOT_FOUND", `${path}: no such file; check the ${what} path`);
    }
    if (err.code === "EISDIR") throw new LeptonError("FILE_UNREADABLE", `${path}: is a directory; give a ${what} JSON file`);
    throw new LeptonError("FILE_UNREADABLE", `${path}: cannot read the ${what} file (${err.code ?? err.message})`);
  }
  return parseJson(text, path);
}

/** JSON.parse with the error position given as line and column. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = "";
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const col = offset - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${col}`;
    }
    throw new LeptonError("INVALID_JSON", `${source}: not valid JSON${where} (${msg}); fix the syntax and try again`);
  }
}
