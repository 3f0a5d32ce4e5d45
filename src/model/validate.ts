import { LeptonError, type ValidationIssue } from "./errors.js";
import { RESOURCES, type Scenario, TASK_SCALES, TASK_TYPES, TIERS } from "./types.js";

/**
 * Checks a parsed scenario and reports every problem at once, each with its JSON path and a fix,
 * so a user can correct a file in one pass. Returns the issues; `assertValidScenario` throws them.
 */
export function validateScenario(input: unknown): ValidationIssue[] {
  const c = new Checker();
  if (!isObject(input)) {
    c.add("(root)", `must be a JSON object describing a scenario (got ${describe(input)})`);
    return c.issues;
  }
  c.string(input, "name", "name");
  const slots = checkHorizon(c, input.horizon);
  const siteIds = checkSites(c, input.sites);
  checkLatency(c, input.latency, siteIds);
  if (input.localLatencyMs !== undefined) c.nonNegative(input.localLatencyMs, "localLatencyMs");
  const regions = checkCarbon(c, input.carbon, slots);
  checkNodes(c, input.nodes, siteIds, regions);
  checkTasks(c, input.tasks, siteIds, slots);
  checkObjective(c, input.objective);
  return c.issues;
}

/** Throws a `LeptonError` (code `INVALID_SCENARIO`) listing every problem, or returns the typed scenario. */
export function assertValidScenario(input: unknown): Scenario {
  const issues = validateScenario(input);
  if (issues.length > 0) throw LeptonError.fromIssues("INVALID_SCENARIO", "invalid scenario", issues);
  return input as Scenario;
}

function checkHorizon(c: Checker, h: unknown): number | undefined {
  if (!isObject(h)) {
    c.add("horizon", `must be an object { slots, slotMinutes } (got ${describe(h)})`);
    return undefined;
  }
  const slotsOk = c.positiveInteger(h.slots, "horizon.slots");
  c.positive(h.slotMinutes, "horizon.slotMinutes");
  return slotsOk ? (h.slots as number) : undefined;
}

function checkSites(c: Checker, sites: unknown): Set<string> {
  const ids = new Set<string>();
  if (!c.nonEmptyArray(sites, "sites", "add at least one site { id, tier }")) return ids;
  sites.forEach((s, i) => {
    const p = `sites[${i}]`;
    if (!c.object(s, p)) return;
    if (c.string(s, "id", p)) c.unique(ids, s.id as string, `${p}.id`, "site");
    c.oneOf(s.tier, TIERS, `${p}.tier`);
  });
  return ids;
}

function checkLatency(c: Checker, links: unknown, siteIds: Set<string>): void {
  if (!Array.isArray(links)) {
    c.add("latency", `must be an array of { from, to, ms } (got ${describe(links)})`);
    return;
  }
  const known = new Set<string>();
  links.forEach((l, i) => {
    const p = `latency[${i}]`;
    if (!c.object(l, p)) return;
    const fromOk = c.reference(l.from, `${p}.from`, siteIds, "site");
    const toOk = c.reference(l.to, `${p}.to`, siteIds, "site");
    c.nonNegative(l.ms, `${p}.ms`);
    if (fromOk && toOk) {
      const key = `${l.from}\u0000${l.to}`;
      if (known.has(key)) c.add(p, `duplicate link ${l.from} -> ${l.to}; give each direction at most once`);
      known.add(key);
    }
  });
  // Every pair of distinct sites needs a latency, otherwise SLO checks would be guesses.
  const sorted = [...siteIds];
  const missing: string[] = [];
  for (let a = 0; a < sorted.length; a++) {
    for (let b = a + 1; b < sorted.length; b++) {
      const x = sorted[a];
      const y = sorted[b];
      if (!known.has(`${x}\u0000${y}`) && !known.has(`${y}\u0000${x}`)) missing.push(`${x} <-> ${y}`);
    }
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(", ") + (missing.length > 5 ? `, and ${missing.length - 5} more` : "");
    c.add("latency", `no latency between ${shown}; add a { from, to, ms } entry for every pair of sites`);
  }
}

function checkCarbon(c: Checker, carbon: unknown, slots: number | undefined): Set<string> {
  const regions = new Set<string>();
  if (!isObject(carbon)) {
    c.add("carbon", `must be an object mapping region -> gCO2/kWh per slot (got ${describe(carbon)})`);
    return regions;
  }
  for (const [region, series] of Object.entries(carbon)) {
    regions.add(region);
    const p = `carbon.${region}`;
    if (!Array.isArray(series)) {
      c.add(p, `must be an array of gCO2/kWh, one per slot (got ${describe(series)})`);
      continue;
    }
    if (slots !== undefined && series.length !== slots) {
      c.add(p, `must have one value per slot: ${slots} (got ${series.length})`);
    }
    series.forEach((v, k) => {
      c.nonNegative(v, `${p}[${k}]`);
    });
  }
  return regions;
}

function checkNodes(c: Checker, nodes: unknown, siteIds: Set<string>, regions: Set<string>): void {
  if (!c.nonEmptyArray(nodes, "nodes", "add at least one node")) return;
  const ids = new Set<string>();
  nodes.forEach((n, i) => {
    const p = `nodes[${i}]`;
    if (!c.object(n, p)) return;
    if (c.string(n, "id", p)) c.unique(ids, n.id as string, `${p}.id`, "node");
    c.reference(n.site, `${p}.site`, siteIds, "site");
    if (c.object(n.capacity, `${p}.capacity`)) {
      const cap = n.capacity;
      c.positive(cap.cpu, `${p}.capacity.cpu`);
      c.positive(cap.memGiB, `${p}.capacity.memGiB`);
      if (cap.gpu !== undefined) c.nonNegative(cap.gpu, `${p}.capacity.gpu`);
      if (cap.netMbps !== undefined) c.nonNegative(cap.netMbps, `${p}.capacity.netMbps`);
      c.noUnknownKeys(cap, RESOURCES, `${p}.capacity`);
    }
    if (c.object(n.power, `${p}.power`)) {
      const idleOk = c.nonNegative(n.power.idleW, `${p}.power.idleW`);
      const peakOk = c.positive(n.power.peakW, `${p}.power.peakW`);
      if (idleOk && peakOk && (n.power.peakW as number) < (n.power.idleW as number)) {
        c.add(`${p}.power.peakW`, `must be at least idleW (${n.power.idleW}) (got ${n.power.peakW})`);
      }
    }
    if (c.number(n.pue, `${p}.pue`) && (n.pue as number) < 1) {
      c.add(`${p}.pue`, `must be at least 1 (facility watts per IT watt) (got ${n.pue})`);
    }
    c.nonNegative(n.costPerHour, `${p}.costPerHour`);
    c.reference(n.carbonRegion, `${p}.carbonRegion`, regions, "carbon region");
  });
}

function checkTasks(c: Checker, tasks: unknown, siteIds: Set<string>, slots: number | undefined): void {
  if (!c.nonEmptyArray(tasks, "tasks", "add at least one task")) return;
  const ids = new Set<string>();
  tasks.forEach((t, i) => {
    const p = `tasks[${i}]`;
    if (!c.object(t, p)) return;
    if (c.string(t, "id", p)) c.unique(ids, t.id as string, `${p}.id`, "task");
    c.oneOf(t.type, TASK_TYPES, `${p}.type`);
    c.oneOf(t.scale, TASK_SCALES, `${p}.scale`);
    c.reference(t.origin, `${p}.origin`, siteIds, "site");
    if (t.demand !== undefined && c.object(t.demand, `${p}.demand`)) {
      for (const r of RESOURCES) if (t.demand[r] !== undefined) c.nonNegative(t.demand[r], `${p}.demand.${r}`);
      c.noUnknownKeys(t.demand, RESOURCES, `${p}.demand`);
    }
    if (t.latencySloMs !== undefined) c.positive(t.latencySloMs, `${p}.latencySloMs`);
    let runLength = slots;
    if (t.window !== undefined && c.object(t.window, `${p}.window`)) runLength = checkWindow(c, t.window, slots, p);
    if (t.profile !== undefined) {
      if (!Array.isArray(t.profile)) {
        c.add(`${p}.profile`, `must be an array of demand multipliers, one per slot (got ${describe(t.profile)})`);
      } else {
        if (runLength !== undefined && t.profile.length !== runLength) {
          const what = t.window === undefined ? "horizon.slots" : "window.durationSlots";
          c.add(`${p}.profile`, `must have ${runLength} values, one per slot (${what}) (got ${t.profile.length})`);
        }
        t.profile.forEach((v, k) => {
          c.nonNegative(v, `${p}.profile[${k}]`);
        });
      }
    }
  });
}

/** Returns the run length of a windowed task, or undefined when the window is broken. */
function checkWindow(c: Checker, w: Record<string, unknown>, slots: number | undefined, p: string): number | undefined {
  const startOk = c.nonNegativeInteger(w.start, `${p}.window.start`);
  const endOk = c.positiveInteger(w.end, `${p}.window.end`);
  if (!startOk || !endOk) return undefined;
  const start = w.start as number;
  const end = w.end as number;
  if (end <= start) {
    c.add(`${p}.window.end`, `must be greater than window.start (${start}) (got ${end})`);
    return undefined;
  }
  if (slots !== undefined && end > slots) {
    c.add(`${p}.window.end`, `must be at most horizon.slots (${slots}) (got ${end})`);
    return undefined;
  }
  if (w.durationSlots === undefined) return end - start;
  if (!c.positiveInteger(w.durationSlots, `${p}.window.durationSlots`)) return undefined;
  if ((w.durationSlots as number) > end - start) {
    c.add(`${p}.window.durationSlots`, `must fit in the window (at most ${end - start}) (got ${w.durationSlots})`);
    return undefined;
  }
  return w.durationSlots as number;
}

function checkObjective(c: Checker, o: unknown): void {
  if (!isObject(o) || !isObject(o.weights)) {
    c.add("objective.weights", "must be an object { latency, energy, carbon, cost, balance } of non-negative numbers");
    return;
  }
  for (const k of ["latency", "energy", "carbon", "cost", "balance"]) c.nonNegative(o.weights[k], `objective.weights.${k}`);
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  return String(v);
}

/** Collects issues; each check returns whether the value passed so callers can skip dependent checks. */
class Checker {
  readonly issues: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(v: unknown, path: string): v is Obj {
    if (isObject(v)) return true;
    this.add(path, `must be an object (got ${describe(v)})`);
    return false;
  }

  nonEmptyArray(v: unknown, path: string, fix: string): v is unknown[] {
    if (!Array.isArray(v)) {
      this.add(path, `must be an array (got ${describe(v)})`);
      return false;
    }
    if (v.length === 0) {
      this.add(path, `must not be empty; ${fix}`);
      return false;
    }
    return true;
  }

  string(o: Obj, key: string, parent: string): boolean {
    const v = o[key];
    const path = parent === key ? key : `${parent}.${key}`;
    if (typeof v === "string" && v.length > 0) return true;
    this.add(path, `must be a non-empty string (got ${describe(v)})`);
    return false;
  }

  number(v: unknown, path: string): boolean {
    if (typeof v === "number" && Number.isFinite(v)) return true;
    this.add(path, `must be a finite number (got ${describe(v)})`);
    return false;
  }

  positive(v: unknown, path: string): boolean {
    if (typeof v === "number" && Number.isFinite(v) && v > 0) return true;
    this.add(path, `must be a positive number (got ${describe(v)})`);
    return false;
  }

  nonNegative(v: unknown, path: string): boolean {
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) return true;
    this.add(path, `must be a number >= 0 (got ${describe(v)})`);
    return false;
  }

  positiveInteger(v: unknown, path: string): boolean {
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return true;
    this.add(path, `must be a positive integer (got ${describe(v)})`);
    return false;
  }

  nonNegativeInteger(v: unknown, path: string): boolean {
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return true;
    this.add(path, `must be an integer >= 0 (got ${describe(v)})`);
    return false;
  }

  oneOf(v: unknown, allowed: readonly string[], path: string): boolean {
    if (typeof v === "string" && allowed.includes(v)) return true;
    this.add(path, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")} (got ${describe(v)})`);
    return false;
  }

  unique(seen: Set<string>, id: string, path: string, what: string): void {
    if (seen.has(id)) this.add(path, `duplicate ${what} id "${id}"; every ${what} needs its own id`);
    seen.add(id);
  }

  reference(v: unknown, path: string, known: Set<string>, what: string): boolean {
    if (typeof v === "string" && known.has(v)) return true;
    const list = [...known];
    const shown = list.slice(0, 10).join(", ") + (list.length > 10 ? `, … (${list.length} in all)` : "");
    if (typeof v !== "string") this.add(path, `must be a ${what} id (got ${describe(v)})`);
    else this.add(path, `no ${what} "${v}" (${what}s are: ${shown || "none"})`);
    return false;
  }

  noUnknownKeys(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown resource; use one of ${allowed.join(", ")}`);
    }
  }
}
