import { LeptonError } from "../model/errors.js";

/** What a solver knows about its own run when it asks whether to stop. */
export interface SearchState {
  /** Milliseconds since the solve started. */
  elapsedMs: number;
  /** Generations (or steps, or nodes) done so far. */
  generations: number;
  /** Best objective so far, in the minimisation sense; +Infinity before the first solution. */
  best: number;
  /** Generation count at the last strict improvement of `best`. */
  lastImprovementGeneration: number;
  /** Elapsed milliseconds at the last strict improvement of `best`. */
  lastImprovementMs: number;
}

/**
 * One stopping rule, or a combination of rules (Timefold's composable termination): `done`
 * answers for the current state; `generationCap` is the hard generation budget the rule implies
 * (Infinity if none), so a solver can stop exactly on it, which is what makes a generation-limited
 * run reproducible whatever the thread count.
 */
export interface Termination {
  readonly description: string;
  done(s: SearchState): boolean;
  generationCap(): number;
}

function positive(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new LeptonError("INVALID_INPUT", `${what} must be a positive finite number (got ${value})`);
  }
}

/** Stops once `ms` milliseconds have passed. */
export function timeLimit(ms: number): Termination {
  positive(ms, "time limit");
  return { description: `time ${ms} ms`, done: (s) => s.elapsedMs >= ms, generationCap: () => Number.POSITIVE_INFINITY };
}

/** Stops after exactly `n` generations. */
export function generationLimit(n: number): Termination {
  positive(n, "generation limit");
  if (!Number.isInteger(n)) throw new LeptonError("INVALID_INPUT", `generation limit must be an integer (got ${n})`);
  return { description: `${n} generations`, done: (s) => s.generations >= n, generationCap: () => n };
}

/** Stops when the best has not improved for `generations` generations and/or `ms` milliseconds. */
export function stagnation(limit: { generations?: number; ms?: number }): Termination {
  if (limit.generations === undefined && limit.ms === undefined) {
    throw new LeptonError("INVALID_INPUT", "stagnation needs generations or ms");
  }
  if (limit.generations !== undefined) positive(limit.generations, "stagnation generations");
  if (limit.ms !== undefined) positive(limit.ms, "stagnation ms");
  return {
    description: `stagnation ${limit.generations ?? "-"} generations / ${limit.ms ?? "-"} ms`,
    done: (s) =>
      (limit.generations !== undefined && s.generations - s.lastImprovementGeneration >= limit.generations) ||
      (limit.ms !== undefined && s.elapsedMs - s.lastImprovementMs >= limit.ms),
    generationCap: () => Number.POSITIVE_INFINITY,
  };
}

/** Stops as soon as the best (minimisation sense) reaches `value` (e.g. a known optimum or bound). */
export function targetObjective(value: number): Termination {
  if (Number.isNaN(value)) throw new LeptonError("INVALID_INPUT", "target objective must be a number");
  return { description: `target ${value}`, done: (s) => s.best <= value, generationCap: () => Number.POSITIVE_INFINITY };
}

/** Stops when any rule says stop. */
export function anyOf(...rules: Termination[]): Termination {
  if (rules.length === 0) throw new LeptonError("INVALID_INPUT", "anyOf needs at least one termination rule");
  return {
    description: rules.map((r) => r.description).join(" or "),
    done: (s) => rules.some((r) => r.done(s)),
    generationCap: () => Math.min(...rules.map((r) => r.generationCap())),
  };
}

/** Stops when every rule says stop. */
export function allOf(...rules: Termination[]): Termination {
  if (rules.length === 0) throw new LeptonError("INVALID_INPUT", "allOf needs at least one termination rule");
  return {
    description: rules.map((r) => r.description).join(" and "),
    done: (s) => rules.every((r) => r.done(s)),
    generationCap: () => Math.max(...rules.map((r) => r.generationCap())),
  };
}

/** Tracks a run's `SearchState` for a solver loop. */
export class SearchClock {
  private readonly t0 = performance.now();
  readonly state: SearchState = {
    elapsedMs: 0,
    generations: 0,
    best: Number.POSITIVE_INFINITY,
    lastImprovementGeneration: 0,
    lastImprovementMs: 0,
  };

  /** Records progress; returns true when `best` strictly improved. */
  update(generations: number, best: number): boolean {
    const s = this.state;
    s.elapsedMs = performance.now() - this.t0;
    s.generations = generations;
    if (best < s.best) {
      s.best = best;
      s.lastImprovementGeneration = generations;
      s.lastImprovementMs = s.elapsedMs;
      return true;
    }
    return false;
  }

  tick(): SearchState {
    this.state.elapsedMs = performance.now() - this.t0;
    return this.state;
  }
}

/**
 * Builds the usual CLI/API combination: any of time limit, generation limit, stagnation and target
 * that is given. With none given, `fallback` applies.
 */
export function terminationFrom(
  spec: { timeLimitMs?: number; generations?: number; stagnationGenerations?: number; target?: number },
  fallback: Termination,
): Termination {
  const rules: Termination[] = [];
  if (spec.timeLimitMs !== undefined) rules.push(timeLimit(spec.timeLimitMs));
  if (spec.generations !== undefined) rules.push(generationLimit(spec.generations));
  if (spec.stagnationGenerations !== undefined) rules.push(stagnation({ generations: spec.stagnationGenerations }));
  if (spec.target !== undefined) rules.push(targetObjective(spec.target));
  return rules.length === 0 ? fallback : rules.length === 1 ? rules[0] : anyOf(...rules);
}
