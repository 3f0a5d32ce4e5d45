import type { CompiledScenario } from "../model/compile.js";
import { LeptonError, type ValidationIssue } from "../model/errors.js";
import type { Task } from "../model/types.js";
import { taskIssues } from "./task-input.js";
import type { EventsFile, FailureModel, LoadModelOptions, SimEvent } from "./types.js";

const EVENT_TYPES = ["nodeDown", "nodeUp", "spike", "arrive", "depart"] as const;

/** Throws `INVALID_EVENTS` listing every problem with its field path, or returns the typed events file. */
export function assertValidEvents(input: unknown, c: CompiledScenario): EventsFile {
  const issues = validateEvents(input, c);
  if (issues.length > 0) throw LeptonError.fromIssues("INVALID_EVENTS", "invalid events", issues);
  const file = Array.isArray(input) ? { events: input } : (input as EventsFile);
  return { ...file, events: file.events ?? [] };
}

/**
 * Checks an events file against the scenario: either an array of events or
 * `{ events, failureModel?, load? }`. Every event needs an integer `tick` inside the horizon; node
 * events must name a node of the fleet and follow each node's state (no failure of a node already
 * down, no recovery of a node that is up); arrivals are full tasks with a new id; departures name a
 * task of the scenario or one that arrived earlier. Events of one tick apply in `eventOrder`.
 * Returns every problem at once.
 */
export function validateEvents(input: unknown, c: CompiledScenario): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  let events: unknown;
  if (Array.isArray(input)) events = input;
  else if (input !== null && typeof input === "object") {
    const o = input as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!["events", "failureModel", "load"].includes(k))
        add(k, "is not a field of an events file; use events, failureModel, load");
    }
    events = o.events ?? [];
    if (o.failureModel !== undefined && o.failureModel !== null) checkFailureModel(o.failureModel, add);
    if (o.load !== undefined) checkLoad(o.load, add);
  } else {
    add("(root)", `must be an array of events or an object { events, failureModel?, load? } (got ${JSON.stringify(input)})`);
    return issues;
  }
  if (!Array.isArray(events)) {
    add("events", "must be an array of events");
    return issues;
  }
  const S = c.slots;
  const nodeIds = c.scenario.nodes.map((n) => n.id);
  const siteIds = new Set(c.scenario.sites.map((s) => s.id));
  // Check ticks and shapes first, then replay node states in tick order (stable for equal ticks).
  const ok: { i: number; e: SimEvent }[] = [];
  events.forEach((ev, i) => {
    const p = `events[${i}]`;
    if (ev === null || typeof ev !== "object" || Array.isArray(ev)) {
      add(p, "must be an event object { tick, type, ... }");
      return;
    }
    const e = ev as Record<string, unknown>;
    let good = true;
    if (!(typeof e.tick === "number" && Number.isInteger(e.tick) && e.tick >= 0 && e.tick < S)) {
      add(`${p}.tick`, `must be an integer tick inside the horizon [0, ${S}) (got ${JSON.stringify(e.tick)})`);
      good = false;
    }
    if (!EVENT_TYPES.includes(e.type as never)) {
      add(`${p}.type`, `must be one of ${EVENT_TYPES.join(", ")} (got ${JSON.stringify(e.type)})`);
      return;
    }
    if (e.type === "nodeDown" || e.type === "nodeUp") {
      if (typeof e.node !== "string" || !c.nodeIndex.has(e.node)) {
        add(`${p}.node`, `unknown node ${JSON.stringify(e.node)}; nodes are e.g. ${nodeIds.slice(0, 3).join(", ")}`);
        good = false;
      }
    } else if (e.type === "spike") {
      if (typeof e.site !== "string")
        add(
          `${p}.site`,
          `must be the id of the site whose load spikes (got ${e.site === undefined ? "nothing" : JSON.stringify(e.site)})`,
        );
      else if (!siteIds.has(e.site))
        add(`${p}.site`, `unknown site ${JSON.stringify(e.site)}; sites are e.g. ${[...siteIds].slice(0, 3).join(", ")}`);
      if (!(typeof e.factor === "number" && e.factor > 0 && Number.isFinite(e.factor)))
        add(`${p}.factor`, "must be a positive number (load multiplier)");
      if (!(typeof e.ticks === "number" && Number.isInteger(e.ticks) && e.ticks >= 1))
        add(`${p}.ticks`, "must be an integer >= 1 (spike length)");
    } else if (e.type === "depart") {
      if (typeof e.task !== "string") {
        add(`${p}.task`, "must be the id of the task that departs");
        good = false;
      }
    }
    if (good) ok.push({ i, e: e as unknown as SimEvent });
  });
  ok.sort((a, b) => a.e.tick - b.e.tick || eventOrder(a.e) - eventOrder(b.e) || a.i - b.i);
  const downSince = new Map<string, { tick: number; i: number }>();
  const known = new Map<string, number>(c.scenario.tasks.map((t) => [t.id, 0]));
  for (const { i, e } of ok) {
    const p = `events[${i}]`;
    if (e.type === "nodeDown") {
      const d = downSince.get(e.node);
      if (d)
        add(
          p,
          `node "${e.node}" is already down at tick ${e.tick} (failed at tick ${d.tick} by events[${d.i}]); add a nodeUp before it`,
        );
      else downSince.set(e.node, { tick: e.tick, i });
    } else if (e.type === "nodeUp") {
      if (!downSince.has(e.node))
        add(p, `node "${e.node}" is not down at tick ${e.tick}; a nodeUp must follow a nodeDown of the same node`);
      else downSince.delete(e.node);
    } else if (e.type === "arrive") {
      issues.push(...taskIssues(e.task, c, e.tick, known, `${p}.task`));
      const t = e.task as Task | undefined;
      if (t && typeof t.id === "string") known.set(t.id, e.tick);
    } else if (e.type === "depart") {
      if (!known.has(e.task))
        add(`${p}.task`, `unknown task "${e.task}" at tick ${e.tick}: not in the scenario and not arrived by then`);
    }
  }
  return issues;
}

/**
 * Order of events within one tick, as the simulator applies them: repairs first (so a node can fail
 * again in the tick it is repaired), then failures, departures, spikes and arrivals.
 */
export function eventOrder(e: SimEvent): number {
  return e.type === "nodeUp" ? 0 : e.type === "nodeDown" ? 1 : e.type === "depart" ? 2 : e.type === "spike" ? 3 : 4;
}

function checkFailureModel(m: unknown, add: (p: string, msg: string) => void): void {
  if (m === null || typeof m !== "object") {
    add("failureModel", "must be { core: { mtbfHours, mttrHours }, edge: { ... } } or null");
    return;
  }
  for (const tier of ["core", "edge"] as const) {
    const t = (m as Record<string, unknown>)[tier] as Record<string, unknown> | undefined;
    if (t === undefined) continue;
    for (const k of ["mtbfHours", "mttrHours"]) {
      if (!(typeof t?.[k] === "number" && (t[k] as number) > 0 && Number.isFinite(t[k])))
        add(`failureModel.${tier}.${k}`, "must be a positive number of hours");
    }
  }
}

function checkLoad(l: unknown, add: (p: string, msg: string) => void): void {
  if (l === null || typeof l !== "object") {
    add("load", "must be { noise?, spikes?, spikeFactor?, spikeTicks? }");
    return;
  }
  const o = l as Record<string, unknown>;
  const num = (k: string, min: number, int = false) => {
    const v = o[k];
    if (v !== undefined && !(typeof v === "number" && v >= min && Number.isFinite(v) && (!int || Number.isInteger(v)))) {
      add(`load.${k}`, `must be ${int ? "an integer" : "a number"} >= ${min} (got ${JSON.stringify(v)})`);
    }
  };
  num("noise", 0);
  num("spikes", 0);
  num("spikeFactor", 0);
  num("spikeTicks", 1, true);
}

/** Fills a partial failure model from the defaults. */
export function completeFailureModel(m: Partial<FailureModel>, d: FailureModel): FailureModel {
  return { core: { ...d.core, ...m.core }, edge: { ...d.edge, ...m.edge } };
}

export type { LoadModelOptions };
