/**
 * Public types of dynamic scheduling: the online scheduler's answers, migration plans, simulator
 * events and results. Everything here is plain JSON-safe data.
 */
import type { Task } from "../model/types.js";

/** Where a task stands. Every submitted task is in exactly one state at every tick. */
export type TaskState = "queued" | "running" | "completed" | "rejected";

/** The scheduler's answer to `submit`: where the task runs (or why it waits or was refused). */
export interface Placement {
  task: string;
  state: TaskState;
  /** Node the task runs on, or waits for (a node powering on); null when it has none. */
  node: string | null;
  /** Tick the task starts (or is planned to start) running. */
  startTick: number | null;
  /** Why it is queued or rejected, or how the node was chosen. */
  reason: string;
}

export type MoveReason = "failover" | "relief" | "consolidate" | "rebalance";

/** One step of a migration plan: task moves from one node to another. */
export interface Move {
  task: string;
  /** Source node, or null for a queued task being started (failover of a task whose node failed). */
  from: string | null;
  to: string;
  reason: MoveReason;
  /** Human explanation, e.g. "drain edge-x-1 to power it off (saves 0.07 kWh/h)". */
  detail: string;
  /** Migration cost in kWh (state copied over the network); counted in the simulator's energy. */
  costKWh: number;
}

/**
 * An executable plan: apply the moves in order and no node ever exceeds capacity part-way through
 * (each move's target has room for the task while its source still holds it).
 */
export interface MigrationPlan {
  tick: number;
  policy: string;
  moves: Move[];
  /** Nodes to power off once the moves are done (they are empty then). */
  powerOff: string[];
  /** Moves the target placement wanted but the budget, the cost or capacity ordering left out. */
  deferred: number;
  /** Estimated energy saved over the re-planning interval, kWh, net of migration cost. */
  savingKWh: number;
}

/** Per-tier failure model: exponential times between failures and to repair. */
export interface TierFailureModel {
  mtbfHours: number;
  mttrHours: number;
}

export interface FailureModel {
  core: TierFailureModel;
  edge: TierFailureModel;
}

/** Random load behaviour: noise on every task's load and spikes at sites. */
export interface LoadModelOptions {
  /** Standard deviation of the multiplicative log-normal noise (0 = no noise). */
  noise: number;
  /** Expected number of spikes over the horizon (a spike raises every task from one site). */
  spikes: number;
  /** Peak multiplier of a spike. */
  spikeFactor: number;
  /** Spike length in ticks. */
  spikeTicks: number;
}

export type SimEvent =
  | { tick: number; type: "nodeDown"; node: string }
  | { tick: number; type: "nodeUp"; node: string }
  | { tick: number; type: "spike"; site: string; factor: number; ticks: number }
  | { tick: number; type: "arrive"; task: Task }
  | { tick: number; type: "depart"; task: string };

/** The events file: explicit events, and optionally a failure and load model replacing the defaults. */
export interface EventsFile {
  events: SimEvent[];
  /** Seeded random failures on top of `events`; null for none. Default: none when a file is given. */
  failureModel?: FailureModel | null;
  load?: Partial<LoadModelOptions>;
}

export type PolicyName = "consolidate" | "greedy" | "spread" | "ga" | "ilp";

/** Per-tick record of a simulation. */
export interface TickRecord {
  tick: number;
  queued: number;
  running: number;
  completed: number;
  rejected: number;
  nodesOn: number;
  nodesDown: number;
  energyKWh: number;
  carbonKg: number;
  costUsd: number;
  sloViolations: number;
  overloadedNodes: number;
  migrations: number;
  failovers: number;
}

export interface SimSummary {
  scenario: string;
  policy: PolicyName;
  seed: number;
  ticks: number;
  tasksSubmitted: number;
  tasksCompleted: number;
  tasksRunning: number;
  tasksQueued: number;
  tasksRejected: number;
  /** Tasks in no valid state (or running on a node that is not up) at any tick: must be 0. */
  tasksLost: number;
  /** Task-ticks a task was due but not running, or ran beyond its latency target. */
  sloViolationSlots: number;
  /** Node-ticks where actual load (profile x noise x spikes) exceeded a capacity. */
  overloadNodeTicks: number;
  energyKWh: number;
  carbonKg: number;
  costUsd: number;
  migrations: number;
  nodeFailures: number;
  failoversCompleted: number;
  /** Most ticks any task of a failed node waited to run again while capacity existed. */
  maxFailoverTicks: number;
  /** Deferrable tasks started later than their window start to use a lower-carbon slot. */
  tasksShifted: number;
  rejections: { task: string; reason: string }[];
  runtimeMs: number;
}

export interface SimResult {
  summary: SimSummary;
  timeline: TickRecord[];
}
