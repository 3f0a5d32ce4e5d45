import type { CompiledScenario } from "../model/compile.js";
import { LeptonError, type ValidationIssue } from "../model/errors.js";
import { RESOURCES, TASK_SCALES, TASK_TYPES, type Task } from "../model/types.js";

/**
 * Validates one task handed to the online scheduler (the same rules as a scenario's tasks, checked
 * against the fleet and the current tick) and throws `INVALID_INPUT` listing every problem with its
 * field path. `path` prefixes the paths (e.g. `events[3].task`).
 */
export function validateTask(
  task: unknown,
  c: CompiledScenario,
  now: number,
  known: ReadonlyMap<string, unknown>,
  path = "task",
): Task {
  const issues = taskIssues(task, c, now, known, path);
  if (issues.length > 0) throw LeptonError.fromIssues("INVALID_INPUT", "invalid task", issues);
  return task as Task;
}

const siteSets = new WeakMap<CompiledScenario, Set<string>>();

/** Site ids of a fleet, built once per compiled scenario (submit is a hot path). */
function siteIds(c: CompiledScenario): Set<string> {
  let set = siteSets.get(c);
  if (!set) {
    set = new Set(c.scenario.sites.map((s) => s.id));
    siteSets.set(c, set);
  }
  return set;
}

export function taskIssues(
  task: unknown,
  c: CompiledScenario,
  now: number,
  known: ReadonlyMap<string, unknown>,
  p: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (task === null || typeof task !== "object" || Array.isArray(task)) {
    add(p, `must be a task object { id, type, scale, origin, ... } (got ${JSON.stringify(task)})`);
    return issues;
  }
  const t = task as Record<string, unknown>;
  if (typeof t.id !== "string" || t.id === "") add(`${p}.id`, "must be a non-empty string");
  else if (known.has(t.id)) add(`${p}.id`, `"${t.id}" was already submitted; task ids must be unique`);
  if (!TASK_TYPES.includes(t.type as never))
    add(`${p}.type`, `must be one of ${TASK_TYPES.join(", ")} (got ${JSON.stringify(t.type)})`);
  if (!TASK_SCALES.includes(t.scale as never))
    add(`${p}.scale`, `must be one of ${TASK_SCALES.join(", ")} (got ${JSON.stringify(t.scale)})`);
  if (typeof t.origin !== "string" || !siteIds(c).has(t.origin)) {
    add(
      `${p}.origin`,
      `must be the id of a site of the fleet, e.g. "${c.scenario.sites[0].id}" (got ${JSON.stringify(t.origin)})`,
    );
  }
  if (t.demand !== undefined) {
    if (t.demand === null || typeof t.demand !== "object") add(`${p}.demand`, "must be an object of resource amounts");
    else {
      const d = t.demand as Record<string, unknown>;
      for (const k of Object.keys(d)) {
        if (!RESOURCES.includes(k as never)) add(`${p}.demand.${k}`, `is not a resource; use ${RESOURCES.join(", ")}`);
        else if (!(typeof d[k] === "number" && Number.isFinite(d[k]) && (d[k] as number) >= 0)) {
          add(`${p}.demand.${k}`, `must be a number >= 0 (got ${JSON.stringify(d[k])})`);
        }
      }
    }
  }
  if (t.latencySloMs !== undefined && !(typeof t.latencySloMs === "number" && t.latencySloMs > 0)) {
    add(`${p}.latencySloMs`, `must be a positive number of ms (got ${JSON.stringify(t.latencySloMs)})`);
  }
  let runLength = c.slots - now;
  if (t.window !== undefined) {
    const w = t.window as Record<string, unknown>;
    const S = c.slots;
    const int = (v: unknown) => typeof v === "number" && Number.isInteger(v);
    if (w === null || typeof w !== "object") add(`${p}.window`, "must be an object { start, end, durationSlots? }");
    else if (!int(w.start) || (w.start as number) < 0 || (w.start as number) >= S)
      add(`${p}.window.start`, `must be an integer slot in [0, ${S})`);
    else if (!int(w.end) || (w.end as number) <= (w.start as number) || (w.end as number) > S) {
      add(`${p}.window.end`, `must be an integer in (${w.start}, ${S}]`);
    } else {
      const span = (w.end as number) - (w.start as number);
      if (
        w.durationSlots !== undefined &&
        (!int(w.durationSlots) || (w.durationSlots as number) < 1 || (w.durationSlots as number) > span)
      ) {
        add(`${p}.window.durationSlots`, `must be an integer in [1, ${span}] (the window's length)`);
      }
      runLength = (w.durationSlots as number | undefined) ?? span;
    }
  }
  if (t.profile !== undefined) {
    if (!Array.isArray(t.profile)) add(`${p}.profile`, "must be an array of demand multipliers");
    else {
      const want = t.window === undefined ? c.slots : runLength;
      if (t.profile.length !== want) {
        add(
          `${p}.profile`,
          `must have ${want} values (${t.window === undefined ? "horizon.slots" : "window.durationSlots"}), got ${t.profile.length}`,
        );
      }
      t.profile.forEach((v, i) => {
        if (!(typeof v === "number" && Number.isFinite(v) && v >= 0))
          add(`${p}.profile[${i}]`, `must be a number >= 0 (got ${JSON.stringify(v)})`);
      });
    }
  }
  return issues;
}
