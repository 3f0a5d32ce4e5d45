/** One problem found in user input: where it is and how to fix it. */
export interface ValidationIssue {
  /** JSON path of the offending field, e.g. `nodes[3].capacity.cpu`. */
  path: string;
  /** What is wrong and what to do, e.g. `must be a positive number (got -4)`. */
  message: string;
}

export type LeptonErrorCode =
  | "INVALID_SCENARIO"
  | "INVALID_INPUT"
  | "INVALID_EVENTS"
  | "FILE_NOT_FOUND"
  | "FILE_UNREADABLE"
  | "INVALID_JSON"
  | "INFEASIBLE"
  | "DISPOSED"
  | "ABORTED"
  | "WASM_LOAD_FAILED"
  | "INTERNAL";

/** Every error Lepton raises on purpose; `code` is stable, `message` is for people. */
export class LeptonError extends Error {
  readonly code: LeptonErrorCode;
  readonly issues: readonly ValidationIssue[];

  constructor(code: LeptonErrorCode, message: string, issues: readonly ValidationIssue[] = []) {
    super(message);
    this.name = "LeptonError";
    this.code = code;
    this.issues = issues;
  }

  /** Builds the error for a list of validation issues, one line per issue. */
  static fromIssues(code: LeptonErrorCode, what: string, issues: readonly ValidationIssue[]): LeptonError {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    const noun = issues.length === 1 ? "problem" : "problems";
    return new LeptonError(code, `${what}: ${issues.length} ${noun}\n${lines.join("\n")}`, issues);
  }
}

export function isLeptonError(e: unknown): e is LeptonError {
  return e instanceof LeptonError;
}
