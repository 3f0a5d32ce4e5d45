import { RESOURCE_COUNT } from "../model/types.js";
import type { MoveReason } from "./types.js";

const R = RESOURCE_COUNT;
const EPS = 1e-4;

/** A move in index form, before it is named for the caller. */
export interface PlannedMove {
  task: number;
  from: number;
  to: number;
  reason: MoveReason;
  detail: string;
}

/**
 * Orders moves toward a target placement so that capacity holds after every step: a move runs only
 * once its target has room for the task while the source still holds it (live migration keeps both
 * copies until the switch). Passes repeat while any pending move became possible, so a chain
 * "A leaves n, then B enters n" is found in any input order. Moves that never become possible (a
 * cycle of full nodes, or beyond `budget`) are left out; the caller counts them as deferred.
 * `reserved` ((n*span + h)*R + r, per slot h of the window) is updated in place to the state after
 * the returned moves; `usable` is per node and resource (n*R + r); `resOf` gives a task's span*R row.
 */
export function orderMoves(
  wanted: readonly PlannedMove[],
  reserved: Float64Array,
  usable: Float64Array,
  budget: number,
  resOf: (task: number) => Float64Array,
  span = 1,
): PlannedMove[] {
  const WR = span * R;
  const pending = wanted.slice();
  const out: PlannedMove[] = [];
  let progress = true;
  while (progress && pending.length > 0 && out.length < budget) {
    progress = false;
    for (let i = 0; i < pending.length && out.length < budget; i++) {
      const m = pending[i];
      const res = resOf(m.task);
      let fits = true;
      for (let j = 0; j < WR; j++) if (reserved[m.to * WR + j] + res[j] > usable[m.to * R + (j % R)] + EPS) fits = false;
      if (!fits) continue;
      for (let j = 0; j < WR; j++) {
        reserved[m.to * WR + j] += res[j];
        reserved[m.from * WR + j] -= res[j];
      }
      out.push(m);
      pending.splice(i, 1);
      i--;
      progress = true;
    }
  }
  return out;
}
