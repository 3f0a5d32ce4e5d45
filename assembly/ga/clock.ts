// A wall-clock deadline for time-limited runs: the descents check it so one long improvement (an
// ejection-chain pass on 80 x 1600 costs about a second) cannot run past the caller's time limit.
// Without a deadline (Infinity, the default, and always under a generation budget) the clock is
// never read, so deterministic runs stay deterministic.

@external("env", "now")
declare function now(): f64;

let deadline: f64 = Infinity;

/** Sets the deadline in the host's performance.now() milliseconds; Infinity for none. */
export function setDeadline(ms: f64): void {
  deadline = ms;
}

/** True once the deadline has passed (never when there is none). */
@inline export function pastDeadline(): bool {
  return deadline < Infinity && now() >= deadline;
}
