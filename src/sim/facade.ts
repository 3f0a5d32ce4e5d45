import { writeFile } from "node:fs/promises";
import { defaultDemand, defaultLatencySloMs } from "../model/defaults.js";
import { LeptonError } from "../model/errors.js";
import { readJsonFile } from "../model/read-scenario.js";
import {
  RESOURCES,
  type ResourceVector,
  type Scenario,
  TASK_SCALES,
  TASK_TYPES,
  type Task,
  type TaskScale,
  type TaskType,
} from "../model/types.js";
import { Scheduler, type SchedulerOptions } from "./scheduler.js";
import type { Placement } from "./types.js";

/** A fleet: a scenario without (or with) tasks; `objective` defaults to energy- and carbon-weighted. */
export type Fleet = Omit<Scenario, "tasks" | "objective"> & Partial<Pick<Scenario, "tasks" | "objective">>;

/** What `executeTask` needs: type and scale set the demand (see `defaultDemand`). */
export interface ExecuteTaskRequest {
  type: TaskType;
  scale: TaskScale;
  /** When given, the placement record is written to this path as JSON. */
  output?: string;
  /** Defaults to `task-<n>`. */
  id?: string;
  /** Site the task's users are at; defaults to the fleet's first site. */
  origin?: string;
  demand?: Partial<ResourceVector>;
  latencySloMs?: number;
}

/** Where a task was placed, with the demand and latency it was placed for. */
export interface PlacementRecord extends Placement {
  type: TaskType;
  scale: TaskScale;
  origin: string;
  demand: Required<ResourceVector>;
  site: string | null;
  tier: string | null;
  latencyMs: number | null;
  latencySloMs: number | null;
  tick: number;
}

const DEFAULT_OBJECTIVE = { weights: { latency: 1, energy: 10, carbon: 20, cost: 1, balance: 0 } };

/**
 * The thin SDK facade for services that just want a task run somewhere good (issue 6 §1):
 * `const lepton = await Lepton.open(fleet); const placed = await lepton.executeTask({ type, scale, output })`.
 * Wraps one online `Scheduler`; call `close()` when done.
 */
export class Lepton {
  private count = 0;

  private constructor(readonly scheduler: Scheduler) {}

  /**
   * Opens a fleet: a scenario or fleet object, or the path of a scenario JSON file. Its tasks, if
   * any, are not submitted. Rejects with a `LeptonError` naming the field for bad input.
   */
  static async open(scenarioOrFleet: Scenario | Fleet | string, options: SchedulerOptions = {}): Promise<Lepton> {
    const input = typeof scenarioOrFleet === "string" ? await readJsonFile(scenarioOrFleet, "scenario") : scenarioOrFleet;
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new LeptonError(
        "INVALID_INPUT",
        "Lepton.open: expects a scenario or fleet object { horizon, sites, latency, nodes, carbon } or a file path",
      );
    }
    const fleet = input as Fleet;
    const scenario = { ...fleet, tasks: fleet.tasks ?? [], objective: fleet.objective ?? DEFAULT_OBJECTIVE } as Scenario;
    // A service runs for a long time: finished tasks are dropped so memory stays flat.
    return new Lepton(await Scheduler.create(scenario, { retainFinished: false, ...options }, { allowNoTasks: true }));
  }

  /**
   * Places a task online now and returns the placement record (also written to `output` as JSON
   * when given). The record says where it runs, or why it waits or was rejected.
   */
  async executeTask(request: ExecuteTaskRequest): Promise<PlacementRecord> {
    const r = request as unknown as Record<string, unknown>;
    if (r === null || typeof r !== "object")
      throw new LeptonError("INVALID_INPUT", "executeTask: expects { type, scale, output? }");
    if (!TASK_TYPES.includes(r.type as TaskType)) {
      throw new LeptonError(
        "INVALID_INPUT",
        `executeTask: type must be one of ${TASK_TYPES.join(", ")} (got ${JSON.stringify(r.type)})`,
      );
    }
    if (!TASK_SCALES.includes(r.scale as TaskScale)) {
      throw new LeptonError(
        "INVALID_INPUT",
        `executeTask: scale must be one of ${TASK_SCALES.join(", ")} (got ${JSON.stringify(r.scale)})`,
      );
    }
    if (r.output !== undefined && (typeof r.output !== "string" || r.output === "")) {
      throw new LeptonError("INVALID_INPUT", "executeTask: output must be a file path (a non-empty string)");
    }
    const c = this.scheduler.compiled;
    const sites = c.scenario.sites;
    const task: Task = {
      id: request.id ?? `task-${++this.count}`,
      type: request.type,
      scale: request.scale,
      origin: request.origin ?? sites[0].id,
    };
    if (request.demand) task.demand = request.demand;
    if (request.latencySloMs !== undefined) task.latencySloMs = request.latencySloMs;
    const placed = this.scheduler.submit(task);
    const n = placed.node === null ? -1 : (c.nodeIndex.get(placed.node) as number);
    const originIndex = sites.findIndex((s) => s.id === task.origin);
    const d = { ...defaultDemand(task.type, task.scale), ...task.demand };
    const slo = task.latencySloMs ?? defaultLatencySloMs(task.type);
    const record: PlacementRecord = {
      ...placed,
      type: task.type,
      scale: task.scale,
      origin: task.origin,
      demand: Object.fromEntries(RESOURCES.map((k) => [k, d[k] ?? 0])) as Required<ResourceVector>,
      site: n >= 0 ? c.scenario.nodes[n].site : null,
      tier: n >= 0 ? (sites[c.nodeSite[n]].tier as string) : null,
      latencyMs: n >= 0 ? c.siteLatency[originIndex * c.siteCount + c.nodeSite[n]] : null,
      latencySloMs: Number.isFinite(slo) ? slo : null,
      tick: this.scheduler.tick,
    };
    if (request.output) {
      try {
        await writeFile(request.output, `${JSON.stringify(record, null, 2)}\n`);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new LeptonError(
          "FILE_UNREADABLE",
          `executeTask: cannot write output ${request.output} (${err.code ?? err.message}); check the directory exists`,
        );
      }
    }
    return record;
  }

  /** The task finished: frees its capacity. */
  complete(taskId: string): void {
    this.scheduler.complete(taskId);
  }

  close(): void {
    this.scheduler.dispose();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
