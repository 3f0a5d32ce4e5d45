import { compileScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import { RESOURCE_COUNT, type Scenario, type Task } from "../model/types.js";
import { assertValidScenario } from "../model/validate.js";
import { assertValidEvents, completeFailureModel, eventOrder } from "./events.js";
import {
  DEFAULT_FAILURE_MODEL,
  DEFAULT_LOAD,
  generateFailures,
  generateSpikes,
  loadNoise,
  type Spike,
  spikeFactor,
} from "./failure-model.js";
import { Scheduler, type SchedulerOptions } from "./scheduler.js";
import type { FailureModel, LoadModelOptions, PolicyName, SimEvent, SimResult, SimSummary, TickRecord } from "./types.js";

const R = RESOURCE_COUNT;

export interface SimulateOptions {
  /** Default "consolidate", the best optimising policy available. */
  policy?: PolicyName;
  /** Seeds failures, spikes and load noise (default 1). */
  seed?: number;
  /** An events file (already parsed; validated here). Without one the default failure model applies. */
  events?: unknown;
  /** Overrides the failure model (null: no random failures). */
  failureModel?: Partial<FailureModel> | null;
  /** Overrides the load noise and spikes. */
  load?: Partial<LoadModelOptions>;
  /** Scheduler tuning (policy comes from `policy`). */
  scheduler?: Omit<SchedulerOptions, "policy">;
  /** Called after each tick's accounting with the scheduler (read-only use: tests check invariants here). */
  onTick?: (tick: number, scheduler: Scheduler) => void;
  signal?: AbortSignal;
}

type TimedEvent = SimEvent & { generated?: boolean };

/**
 * Time-stepped simulation of a scenario under a policy (issue 6 §3). Each tick: events (failures,
 * repairs, arrivals, departures, spikes) reach the scheduler; it forecasts, decides and migrates
 * (re-optimising every `replanEvery` ticks); then the tick's actual load (profile x noise x spikes)
 * is observed and accounted: energy and carbon of every powered node, cost, SLO-violation slots,
 * overloads, and the state of every task. Returns the summary and the per-tick timeline.
 */
export async function simulate(input: Scenario | unknown, options: SimulateOptions = {}): Promise<SimResult> {
  const t0 = performance.now();
  const scenario = assertValidScenario(input);
  const c = compileScenario(scenario);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new LeptonError("INVALID_INPUT", `seed must be an integer (got ${seed})`);
  const file = options.events === undefined ? undefined : assertValidEvents(options.events, c);
  const load: LoadModelOptions = { ...DEFAULT_LOAD, ...file?.load, ...options.load };
  const fm =
    options.failureModel !== undefined ? options.failureModel : file ? (file.failureModel ?? null) : DEFAULT_FAILURE_MODEL;
  const failureModel = fm === null ? null : completeFailureModel(fm, DEFAULT_FAILURE_MODEL);

  // Every event of the run, by tick: the file's, the failure model's, and scenario task arrivals.
  const S = c.slots;
  const byTick: TimedEvent[][] = Array.from({ length: S }, () => []);
  for (const e of file?.events ?? []) byTick[e.tick].push(e);
  if (failureModel) {
    for (const f of generateFailures(c, failureModel, seed)) {
      const node = scenario.nodes[f.node].id;
      byTick[f.down].push({ tick: f.down, type: "nodeDown", node, generated: true });
      if (f.up >= 0) byTick[f.up].push({ tick: f.up, type: "nodeUp", node, generated: true });
    }
  }
  const spikes: Spike[] = generateSpikes(c, load, seed);
  const siteIndex = new Map(scenario.sites.map((s, i) => [s.id, i]));
  const arrivals: Task[][] = Array.from({ length: S }, () => []);
  for (const t of scenario.tasks) arrivals[t.window?.start ?? 0].push(t);

  const scheduler = await Scheduler.create(scenario, { seed, ...options.scheduler, policy: options.policy ?? "consolidate" });
  const timeline: TickRecord[] = [];
  const lost = new Set<string>();
  let energy = 0;
  let carbon = 0;
  let cost = 0;
  let sloSlots = 0;
  let overloadTicks = 0;
  try {
    for (let s = 0; s < S; s++) {
      if (options.signal?.aborted) throw new LeptonError("ABORTED", `simulation aborted at tick ${s}`);
      const migrationsBefore = scheduler.stats.migrations;
      const failoversBefore = scheduler.stats.failovers;
      const migKWhBefore = scheduler.stats.migrationKWh;
      scheduler.advance(s);
      // Repairs first, so a node failing again in the same tick is a new failure.
      const evs = byTick[s].slice().sort((a, b) => eventOrder(a) - eventOrder(b));
      for (const e of evs) {
        switch (e.type) {
          case "nodeUp":
            if (scheduler.nodeStates()[c.nodeIndex.get(e.node) as number] === "down") scheduler.nodeUp(e.node);
            break;
          case "nodeDown":
            // A generated failure of a node the events file already took down is the same outage.
            if (scheduler.nodeStates()[c.nodeIndex.get(e.node) as number] !== "down") scheduler.nodeDown(e.node);
            break;
          case "spike":
            spikes.push({ site: siteIndex.get(e.site) as number, start: s, ticks: e.ticks, factor: e.factor });
            break;
          case "depart":
            if (scheduler.taskInfo(e.task)) scheduler.complete(e.task);
            break;
          case "arrive":
            scheduler.submit(e.task);
            break;
        }
      }
      for (const t of arrivals[s]) scheduler.submit(t);
      if (s % scheduler.replanEvery === 0) scheduler.apply(await scheduler.reoptimize());

      // Actual load of this tick, and what the scheduler observes of it.
      const nodeLoad = new Float64Array(c.nodeCount * R);
      const samples: { task: string; load: number }[] = [];
      for (const run of scheduler.running()) {
        const m = run.expected * loadNoise(seed, run.key, s, load.noise) * spikeFactor(spikes, run.origin, s);
        for (let r = 0; r < R; r++) nodeLoad[run.node * R + r] += run.peak[r] * m;
        samples.push({ task: run.task, load: m });
      }
      const states = scheduler.nodeStates();
      let tickEnergy = 0;
      let tickCarbon = 0;
      let tickCost = 0;
      let overloaded = 0;
      let nodesOn = 0;
      let nodesDown = 0;
      let meanIntensity = 0;
      for (let n = 0; n < c.nodeCount; n++) {
        meanIntensity += c.nodeCarbon[n * S + s] / c.nodeCount;
        if (states[n] === "down") nodesDown++;
        if (states[n] !== "on" && states[n] !== "waking") continue;
        nodesOn++;
        let u = 0;
        if (states[n] === "on") {
          const cap = c.nodeCapacity[n * R];
          u = cap > 0 ? Math.min(1, nodeLoad[n * R] / cap) : 0;
          for (let r = 0; r < R; r++) {
            const capR = c.nodeCapacity[n * R + r];
            if (nodeLoad[n * R + r] > capR * (1 + 1e-6) + 1e-9) {
              overloaded++;
              break;
            }
          }
        }
        const kwh = ((c.nodeIdleW[n] + (c.nodePeakW[n] - c.nodeIdleW[n]) * u) * c.nodePue[n] * c.slotHours) / 1000;
        tickEnergy += kwh;
        tickCarbon += (kwh * c.nodeCarbon[n * S + s]) / 1000;
        tickCost += c.nodeCostPerHour[n] * c.slotHours;
      }
      const migKWh = scheduler.stats.migrationKWh - migKWhBefore;
      tickEnergy += migKWh;
      tickCarbon += (migKWh * meanIntensity) / 1000;
      const slo = scheduler.sloStatus();
      scheduler.observe(samples);
      await scheduler.refreshForecasts();
      for (const p of scheduler.audit()) lost.add(p.split(" ")[0]);
      options.onTick?.(s, scheduler);
      scheduler.finishTick();

      energy += tickEnergy;
      carbon += tickCarbon;
      cost += tickCost;
      sloSlots += slo.violating;
      overloadTicks += overloaded;
      const counts = countStates(scheduler);
      timeline.push({
        tick: s,
        ...counts,
        nodesOn,
        nodesDown,
        energyKWh: tickEnergy,
        carbonKg: tickCarbon,
        costUsd: tickCost,
        sloViolations: slo.violating,
        overloadedNodes: overloaded,
        migrations: scheduler.stats.migrations - migrationsBefore,
        failovers: scheduler.stats.failovers - failoversBefore,
      });
    }
    const counts = countStates(scheduler);
    const infos = scheduler.taskInfos();
    const summary: SimSummary = {
      scenario: scenario.name,
      policy: scheduler.policy,
      seed,
      ticks: S,
      tasksSubmitted: infos.length,
      tasksCompleted: counts.completed,
      tasksRunning: counts.running,
      tasksQueued: counts.queued,
      tasksRejected: counts.rejected,
      tasksLost: lost.size,
      sloViolationSlots: sloSlots,
      overloadNodeTicks: overloadTicks,
      energyKWh: energy,
      carbonKg: carbon,
      costUsd: cost,
      migrations: scheduler.stats.migrations,
      nodeFailures: scheduler.stats.nodeFailures,
      failoversCompleted: scheduler.stats.failovers,
      maxFailoverTicks: scheduler.stats.maxFailoverTicks,
      tasksShifted: scheduler.stats.shifted,
      rejections: infos.filter((i) => i.state === "rejected").map((i) => ({ task: i.task, reason: i.reason })),
      runtimeMs: performance.now() - t0,
    };
    return { summary, timeline };
  } finally {
    await scheduler.close();
  }
}

function countStates(s: Scheduler): { queued: number; running: number; completed: number; rejected: number } {
  const out = { queued: 0, running: 0, completed: 0, rejected: 0 };
  for (const t of s.taskInfos()) out[t.state]++;
  return out;
}
