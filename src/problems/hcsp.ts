import { LeptonError } from "../model/errors.js";

/**
 * Makespan scheduling of independent tasks on heterogeneous machines (R||Cmax), Braun et al. 2001:
 * etc[t*machines + m] is the expected time to compute task t on machine m.
 */
export interface HcspInstance {
  name: string;
  tasks: number;
  machines: number;
  etc: Float64Array;
}

/** One line of `lepton hcsp --json`. */
export interface HcspResult {
  instance: string;
  tasks: number;
  machines: number;
  solver: string;
  makespan: number;
  timeMs: number;
  assignment: number[];
}

/** Parses an ETC file: one number per line (CRLF or LF), line t*M + m = time of task t on machine m. */
export function parseHcsp(text: string, basename: string, machines: number): HcspInstance {
  const tokens = text.split(/\s+/).filter((s) => s.length > 0);
  const etc = new Float64Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const v = Number(tokens[i]);
    if (!Number.isFinite(v) || v < 0) {
      throw new LeptonError("INVALID_INPUT", `${basename}: line ${i + 1} "${tokens[i]}" is not a non-negative number`);
    }
    etc[i] = v;
  }
  if (etc.length === 0 || etc.length % machines !== 0) {
    throw new LeptonError(
      "INVALID_INPUT",
      `${basename}: ${etc.length} values is not a multiple of --machines ${machines}; check the file or --machines`,
    );
  }
  return { name: basename, tasks: etc.length / machines, machines, etc };
}

export function makespan(inst: HcspInstance, assignment: ArrayLike<number>): number {
  const load = new Float64Array(inst.machines);
  for (let t = 0; t < inst.tasks; t++) load[assignment[t]] += inst.etc[t * inst.machines + assignment[t]];
  return Math.max(...load);
}
