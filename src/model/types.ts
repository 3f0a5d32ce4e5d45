/**
 * Public scenario types: what a user writes in a scenario file (see docs/scenario.md).
 * Everything here is plain JSON data; `compileScenario` turns it into flat arrays for the kernels.
 */

/** Resources every node offers and every task demands, in this fixed order in all flat arrays. */
export const RESOURCES = ["cpu", "memGiB", "gpu", "netMbps"] as const;
export type Resource = (typeof RESOURCES)[number];
export const RESOURCE_COUNT = RESOURCES.length;

export const TIERS = ["core", "edge"] as const;
export type Tier = (typeof TIERS)[number];

export const TASK_TYPES = ["compute", "storage", "stream", "realtime"] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_SCALES = ["small", "medium", "large"] as const;
export type TaskScale = (typeof TASK_SCALES)[number];

/** Amount of each resource; `gpu` and `netMbps` are optional and default to 0. */
export interface ResourceVector {
  cpu: number;
  memGiB: number;
  gpu?: number;
  netMbps?: number;
}

export interface Horizon {
  /** Number of time slots planned. */
  slots: number;
  /** Length of one slot in minutes. */
  slotMinutes: number;
}

export interface Site {
  id: string;
  tier: Tier;
}

/** Round-trip latency between two sites; symmetric unless the reverse direction is also given. */
export interface LatencyLink {
  from: string;
  to: string;
  ms: number;
}

export interface NodePower {
  /** Watts drawn when on and idle. */
  idleW: number;
  /** Watts drawn at 100% CPU utilisation. */
  peakW: number;
}

export interface FleetNode {
  id: string;
  site: string;
  capacity: ResourceVector;
  power: NodePower;
  /** Power usage effectiveness of the facility (>= 1): facility watts per IT watt. */
  pue: number;
  costPerHour: number;
  /** Key into `Scenario.carbon`. */
  carbonRegion: string;
}

/** Slots a deferrable task may run in: it runs `durationSlots` contiguous slots inside [start, end). */
export interface TaskWindow {
  start: number;
  end: number;
  /** Defaults to `end - start` (no freedom to shift). */
  durationSlots?: number;
}

export interface Task {
  id: string;
  type: TaskType;
  scale: TaskScale;
  /** Peak demand; missing fields come from the type and scale defaults (see `defaultDemand`). */
  demand?: Partial<ResourceVector>;
  /**
   * Demand multiplier per slot, in [0, ∞). Length `horizon.slots` for a task without a window,
   * `durationSlots` for a task with one (the profile is relative to the task's start). Default: all 1.
   */
  profile?: number[];
  /** Site the task's users are at. */
  origin: string;
  /** Round-trip latency target from `origin` to the node's site; defaults by type (see `defaultLatencySloMs`). */
  latencySloMs?: number;
  window?: TaskWindow;
}

export interface ObjectiveWeights {
  /** Per millisecond of mean origin-to-node latency. */
  latency: number;
  /** Per kWh. */
  energy: number;
  /** Per kg CO2e. */
  carbon: number;
  /** Per USD. */
  cost: number;
  /** Per unit of load imbalance (standard deviation of mean CPU utilisation across powered nodes, in %). */
  balance: number;
}

export interface Objective {
  weights: ObjectiveWeights;
}

export interface Scenario {
  name: string;
  horizon: Horizon;
  sites: Site[];
  latency: LatencyLink[];
  /** Round-trip latency between two nodes of the same site (default 0.5 ms). */
  localLatencyMs?: number;
  nodes: FleetNode[];
  /** gCO2e per kWh, one value per slot, keyed by region. */
  carbon: Record<string, number[]>;
  tasks: Task[];
  objective: Objective;
}
