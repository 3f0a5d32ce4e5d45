import { type CompiledScenario, compileScenario } from "../model/compile.js";
import { defaultDemand, defaultLatencySloMs } from "../model/defaults.js";
import { LeptonError } from "../model/errors.js";
import { RESOURCE_COUNT, RESOURCES, type Scenario, type Task, TIERS, type Tier } from "../model/types.js";
import { assertValidScenario } from "../model/validate.js";
import type { GaPool } from "../solve/ga/island-model.js";
import { chooseLowCarbonStart } from "./carbon.js";
import { EwmaForecaster, type LoadForecaster } from "./forecast.js";
import { orderMoves, type PlannedMove } from "./migration.js";
import { FLAG_OFF, FLAG_ON, FLAG_WAKING, MODE_PACK, MODE_SPREAD, OnlineKernel } from "./online-kernel.js";
import { gaTarget, ilpTarget, windowGap } from "./replan-gap.js";
import { greedyTarget } from "./replan-greedy.js";
import { validateTask } from "./task-input.js";
import type { MigrationPlan, Move, Placement, PolicyName, TaskState } from "./types.js";

const R = RESOURCE_COUNT;
const EPS = 1e-4;
/** Weight, in watts, of best-fit headroom in pack mode: a tie-break next to real watts. */
const FIT_W = 0.5;
/** Premium, in watts, for placing on an empty node rather than a used one of the same efficiency. */
const EMPTY_W = 2;
/**
 * Premium, in watts, for placing a task that needs no GPU on a node that has one (about one CPU's
 * full-load watts on an efficient node), so GPU nodes fill with other work only where that is
 * clearly cheaper and their GPUs stay free for the few tasks that cannot run anywhere else. Picked
 * from 0, 5, 15 and 50 W over seeds 1-8 of the default scenario: 5 W cut overloaded node-ticks from
 * 116 to 47 for 0.2 points of energy saving; 15 W and more saved less energy with no fewer overloads.
 */
const SCARCE_W = 5;

/** Power state of a node as the scheduler sees it. */
export type NodeState = "on" | "waking" | "off" | "down";

/** Why a queued task waits. */
type Wait = "deferred" | "wake" | "capacity" | "failover" | null;

/** The scheduler's record of one task; callers see copies (`taskInfo`), never this. */
interface TaskRec {
  /** Stable key (submission number): the forecaster's and the simulator's noise key. */
  idx: number;
  /** Position in `tasks` (changes when finished tasks are dropped). */
  pos: number;
  id: string;
  origin: number;
  slo: number;
  peak: Float64Array;
  profile: Float32Array | null;
  /** A service runs from its arrival to `end`; a batch task needs `duration` ticks of running. */
  service: boolean;
  windowStart: number;
  end: number;
  duration: number;
  ran: number;
  state: TaskState;
  wait: Wait;
  node: number;
  /** Reservation held on `node` (usable-capacity units), recomputed from the forecast each tick. */
  res: Float64Array;
  startAt: number;
  startedAt: number;
  failedAt: number;
  noCapacityTicks: number;
  /** Failed over into a node's headroom above its usable capacity: moved back at the next re-plan. */
  emergency: boolean;
  reason: string;
}

export interface SchedulerOptions {
  /** Placement and re-planning policy (default "consolidate": packs, powers idle nodes off, shifts deferrable tasks to low-carbon slots). */
  policy?: PolicyName;
  /** Ticks a powered-off node needs to come up (default 1). */
  wakeUpTicks?: number;
  /**
   * Spare reserved capacity (CPU, fraction of the tier's reserved load) kept on powered nodes of each
   * tier for failover. Default 0.1.
   */
  spareReserve?: Partial<Record<Tier, number>>;
  /**
   * Also keep, per tier, spare room for the tier's most loaded node (N+1), so any single failure
   * fails over without waking a node (default false: the fraction reserve plus waking nodes).
   */
  nPlusOne?: boolean;
  /** Safety margin on every forecast reservation (default 0.1). */
  margin?: number;
  /** Fraction of each node's capacity the scheduler may reserve (default 0.85; "spread" uses 1). */
  targetUtilisation?: number;
  /** Most moves one re-optimisation may plan (default 40). */
  moveBudget?: number;
  /** Ticks between re-optimisations; also the forecast window reservations cover (default 4). */
  replanEvery?: number;
  /**
   * Energy to migrate a task, kWh per GiB of its memory, counted in the simulator's energy (default
   * 0.0005: copying 1 GiB over 1 Gb/s takes about 9 s, with source, target and network drawing
   * about 200 W between them).
   */
  migrationKWhPerGiB?: number;
  /**
   * How many times its migration energy a move must save before it is planned (default 4: the
   * restart at the target and the risk of waking the node again soon are not free). Keeps nodes from
   * being drained and woken again an hour later.
   */
  migrationHysteresis?: number;
  /** Shift deferrable tasks to low-carbon slots inside their window (default: true except for "spread"). */
  carbonShift?: boolean;
  /**
   * Keep completed and rejected tasks (default true: `taskInfos` then lists every task ever
   * submitted). A long-running service sets false so memory stays flat: finished tasks are dropped
   * (their ids may then be reused) and only counted.
   */
  retainFinished?: boolean;
  /** Replaces the default EWMA load forecaster. */
  forecaster?: LoadForecaster;
  /** Seed of stochastic re-planners (the "ga" policy); default 1. */
  seed?: number;
  /** Worker threads of the GA pool ("ga" policy; default 2). */
  threads?: number;
  /** Time limit of one GA or ILP re-plan ("ga", "ilp" policies), ms (default 1000). */
  replanTimeLimitMs?: number;
}

/** A task's public status. */
export interface TaskInfo {
  task: string;
  state: TaskState;
  node: string | null;
  reason: string;
}

export const POLICIES: readonly PolicyName[] = ["consolidate", "greedy", "spread", "ga", "ilp"];

/**
 * Online scheduler for a fleet (issue 6): places tasks as they arrive, fails them over when a node
 * goes down, keeps per-node reservations in line with load forecasts, and periodically re-plans
 * (consolidating onto fewer, more efficient nodes and powering the rest off) as an ordered
 * migration plan that is capacity-safe at every step.
 *
 * Time is in ticks (the scenario's slots); the caller moves it on with `advance(tick)`. Tasks are
 * handles into flat per-node residuals kept in WASM (`OnlineKernel`): `submit` is one SIMD pass
 * over the nodes. Create with `Scheduler.create`, release with `dispose()`.
 */
export class Scheduler {
  readonly policy: PolicyName;
  readonly compiled: CompiledScenario;
  private readonly k: OnlineKernel;
  private readonly forecaster: LoadForecaster;
  private readonly opt: {
    wakeUpTicks: number;
    spare: Record<Tier, number>;
    nPlusOne: boolean;
    margin: number;
    util: number;
    moveBudget: number;
    replanEvery: number;
    migrationKWhPerGiB: number;
    migrationHysteresis: number;
    carbonShift: boolean;
    retainFinished: boolean;
    seed: number;
    threads: number;
    replanTimeLimitMs: number;
    powerOff: boolean;
  };
  private now = 0;
  private submitted = 0;
  private completedCount = 0;
  private rejectedCount = 0;
  private readonly tasks: TaskRec[] = [];
  private readonly byId = new Map<string, TaskRec>();
  private readonly nodeState: NodeState[];
  private readonly wakeAt: Int32Array;
  private readonly reserved: Float64Array;
  private readonly usable: Float64Array;
  private readonly nodeTasks: Set<TaskRec>[];
  /** Watts (carbon-weighted, see `refreshPrices`) of powering each node on, and per CPU of load on it. */
  private readonly wakeW: Float32Array;
  private readonly slopeW: Float32Array;
  private readonly capacity: Float64Array;
  /** Slots of the forecast window every reservation covers (= replanEvery), and W*R. */
  private readonly W: number;
  private readonly WR: number;
  private disposed = false;
  private gaPool: GaPool | undefined;
  /** SCARCE_W for the packing policies, 0 for "spread" (the Kubernetes-like baseline). */
  private readonly scarceW: number;
  /** Counters the simulator reports. */
  readonly stats = { migrations: 0, migrationKWh: 0, failovers: 0, maxFailoverTicks: 0, shifted: 0, nodeFailures: 0 };

  private constructor(compiled: CompiledScenario, kernel: OnlineKernel, options: SchedulerOptions) {
    this.compiled = compiled;
    this.k = kernel;
    this.policy = options.policy ?? "consolidate";
    const spread = this.policy === "spread";
    this.opt = {
      wakeUpTicks: options.wakeUpTicks ?? 1,
      spare: { core: options.spareReserve?.core ?? 0.1, edge: options.spareReserve?.edge ?? 0.1 },
      nPlusOne: options.nPlusOne ?? false,
      margin: options.margin ?? 0.1,
      util: options.targetUtilisation ?? (spread ? 1 : 0.85),
      moveBudget: options.moveBudget ?? 40,
      replanEvery: options.replanEvery ?? 4,
      migrationKWhPerGiB: options.migrationKWhPerGiB ?? 0.0005,
      migrationHysteresis: options.migrationHysteresis ?? 4,
      carbonShift: options.carbonShift ?? !spread,
      retainFinished: options.retainFinished ?? true,
      seed: options.seed ?? 1,
      threads: options.threads ?? 2,
      replanTimeLimitMs: options.replanTimeLimitMs ?? 1000,
      powerOff: !spread,
    };
    this.forecaster = options.forecaster ?? new EwmaForecaster();
    this.scarceW = spread ? 0 : SCARCE_W;
    this.W = this.opt.replanEvery;
    this.WR = this.W * R;
    const N = compiled.nodeCount;
    this.nodeState = new Array<NodeState>(N).fill("on");
    this.wakeAt = new Int32Array(N);
    this.reserved = new Float64Array(N * this.WR);
    this.usable = new Float64Array(N * R);
    for (let i = 0; i < N * R; i++) this.usable[i] = compiled.nodeCapacity[i] * this.opt.util;
    this.nodeTasks = Array.from({ length: N }, () => new Set<TaskRec>());
    this.wakeW = new Float32Array(N);
    this.slopeW = new Float32Array(N);
    this.capacity = Float64Array.from(compiled.nodeCapacity);
    for (let n = 0; n < N; n++) kernel.setFlags(n, FLAG_ON);
    this.refreshPrices();
  }

  /**
   * Validates options and the fleet (a scenario; its tasks are not submitted) and builds a scheduler.
   * Rejects with `INVALID_INPUT` for a bad option and `INVALID_SCENARIO` for a bad fleet.
   */
  static async create(
    fleet: Scenario | unknown,
    options: SchedulerOptions = {},
    how: { allowNoTasks?: boolean } = {},
  ): Promise<Scheduler> {
    checkOptions(options);
    const scenario = how.allowNoTasks ? validateFleet(fleet) : assertValidScenario(fleet);
    const compiled = compileScenario(scenario);
    const usable = new Float32Array(compiled.nodeCapacity.length);
    const util = options.targetUtilisation ?? (options.policy === "spread" ? 1 : 0.85);
    for (let i = 0; i < usable.length; i++) usable[i] = compiled.nodeCapacity[i] * util;
    const kernel = await OnlineKernel.create(
      usable,
      compiled.nodeSite,
      compiled.siteLatency,
      compiled.siteCount,
      options.replanEvery ?? 4,
    );
    return new Scheduler(compiled, kernel, options);
  }

  /** Current tick. */
  get tick(): number {
    return this.now;
  }

  /** Re-planning interval in ticks. */
  get replanEvery(): number {
    return this.opt.replanEvery;
  }

  // ---------------------------------------------------------------- submit / complete

  /**
   * Places a task now (or queues it: deferred to a low-carbon slot, waiting for a node to power on,
   * or waiting for capacity), or rejects it when no node of the fleet could ever host it. Throws
   * `INVALID_INPUT` naming the field for a malformed task or a duplicate id.
   */
  submit(task: Task): Placement {
    this.check();
    const c = this.compiled;
    validateTask(task, c, this.now, this.byId);
    const S = c.slots;
    const peak = new Float64Array(R);
    const d = { ...defaultDemand(task.type, task.scale), ...task.demand };
    for (let r = 0; r < R; r++) peak[r] = d[RESOURCES[r]] ?? 0;
    const service = task.window === undefined;
    const windowStart = service ? this.now : (task.window as { start: number }).start;
    const end = service ? S : (task.window as { end: number }).end;
    const duration = service ? S - this.now : (task.window?.durationSlots ?? end - windowStart);
    const rec: TaskRec = {
      idx: this.submitted++,
      pos: this.tasks.length,
      id: task.id,
      origin: c.scenario.sites.findIndex((s) => s.id === task.origin),
      slo: task.latencySloMs ?? defaultLatencySloMs(task.type),
      peak,
      profile: task.profile ? Float32Array.from(task.profile) : null,
      service,
      windowStart,
      end,
      duration,
      ran: 0,
      state: "queued",
      wait: "capacity",
      node: -1,
      res: new Float64Array(this.WR),
      startAt: this.now,
      startedAt: -1,
      failedAt: -1,
      noCapacityTicks: 0,
      emergency: false,
      reason: "",
    };
    this.tasks.push(rec);
    this.byId.set(rec.id, rec);
    this.computeReservation(rec);

    const never = this.staticallyInfeasible(rec);
    if (never) return this.reject(rec, never);
    if (!service && this.now + duration > end) {
      return this.reject(rec, `its window [${windowStart}, ${end}) cannot fit ${duration} slots from tick ${this.now}`);
    }
    if (!service && this.opt.carbonShift) {
      const start = chooseLowCarbonStart(c, rec.origin, rec.slo, Math.max(this.now, windowStart), end, duration);
      if (start > this.now) {
        rec.wait = "deferred";
        rec.startAt = start;
        rec.reason = `deferred to tick ${start}, the lowest-carbon start inside its window`;
        this.stats.shifted++;
        return this.placement(rec);
      }
    } else if (!service && windowStart > this.now) {
      rec.wait = "deferred";
      rec.startAt = windowStart;
      rec.reason = `waits for its window to open at tick ${windowStart}`;
      return this.placement(rec);
    }
    this.tryPlace(rec);
    return this.placement(rec);
  }

  /** Marks a task finished (or withdrawn) and frees its capacity. Unknown ids throw `INVALID_INPUT`. */
  complete(taskId: string): void {
    this.check();
    const rec = this.byId.get(taskId);
    if (!rec) throw new LeptonError("INVALID_INPUT", `complete: unknown task "${taskId}"; submit it first`);
    if (rec.state === "completed" || rec.state === "rejected") return;
    if (rec.node >= 0) this.unplace(rec);
    rec.state = "completed";
    rec.wait = null;
    rec.reason = "completed";
    this.forecaster.forget(rec.idx);
    this.finished(rec);
  }

  // ---------------------------------------------------------------- failures

  /**
   * A node failed: every task on it is failed over now, to a powered node when one has room
   * (running again this tick), else to a node powering on. Returns the failover moves.
   */
  nodeDown(nodeId: string): Move[] {
    this.check();
    const n = this.nodeIndex(nodeId, "nodeDown");
    if (this.nodeState[n] === "down") throw new LeptonError("INVALID_INPUT", `nodeDown: node "${nodeId}" is already down`);
    this.setNodeState(n, "down");
    this.stats.nodeFailures++;
    const victims = [...this.nodeTasks[n]].sort((a, b) => size(b.res) - size(a.res));
    const moves: Move[] = [];
    for (const rec of victims) {
      this.unplace(rec);
      const wasRunning = rec.state === "running";
      if (wasRunning) {
        rec.failedAt = this.now;
        rec.noCapacityTicks = 0;
      }
      rec.state = "queued";
      rec.wait = wasRunning ? "failover" : "capacity";
      this.tryPlace(rec);
      if (rec.node >= 0) {
        const to = this.compiled.scenario.nodes[rec.node].id;
        moves.push({
          task: rec.id,
          from: nodeId,
          to,
          reason: "failover",
          detail:
            (rec.state as TaskState) === "running"
              ? `node ${nodeId} failed; restarted on ${to}`
              : `node ${nodeId} failed; waits for ${to} to power on`,
          costKWh: 0,
        });
      }
    }
    return moves;
  }

  /** A failed node is repaired: it comes back powered on and queued tasks are retried. */
  nodeUp(nodeId: string): Placement[] {
    this.check();
    const n = this.nodeIndex(nodeId, "nodeUp");
    if (this.nodeState[n] !== "down") throw new LeptonError("INVALID_INPUT", `nodeUp: node "${nodeId}" is not down`);
    this.setNodeState(n, "on");
    return this.retryQueued();
  }

  // ---------------------------------------------------------------- time and load

  /**
   * Moves time to `tick`: nodes finish powering on, deferred tasks start, reservations follow the
   * forecast (moving tasks off nodes whose forecast outgrew them), queued tasks are retried and the
   * per-tier spare reserve is restored by powering nodes on. Returns the moves it made.
   */
  advance(tick: number): Move[] {
    this.check();
    if (!Number.isInteger(tick) || tick < this.now) {
      throw new LeptonError("INVALID_INPUT", `advance: tick must be an integer >= the current tick ${this.now} (got ${tick})`);
    }
    this.now = tick;
    const N = this.compiled.nodeCount;
    for (let n = 0; n < N; n++) {
      if (this.nodeState[n] === "waking" && this.wakeAt[n] <= tick) {
        this.setNodeState(n, "on");
        for (const rec of this.nodeTasks[n]) if (rec.state === "queued") this.start(rec);
      }
    }
    // A failed-over task still without a node found no room anywhere last tick, not even on a node
    // it could have woken: those ticks do not count as failover delay.
    for (const rec of this.tasks) {
      if (rec.state === "queued" && rec.node < 0 && rec.failedAt >= 0) rec.noCapacityTicks++;
    }
    this.refreshPrices();
    this.refreshReservations();
    const moves = this.relieve();
    this.retryQueued();
    if (this.opt.powerOff) this.keepSpareReserve();
    return moves;
  }

  /**
   * Observed load of running tasks, as a fraction of each task's peak demand (what `profile`
   * predicts is 1 x profile). Feeds the forecaster that sizes reservations.
   */
  observe(samples: readonly { task: string; load: number }[]): void {
    this.check();
    samples.forEach((s, i) => {
      const rec = this.byId.get(s.task);
      if (!rec) throw new LeptonError("INVALID_INPUT", `observe: samples[${i}].task: unknown task "${s.task}"`);
      if (!(typeof s.load === "number" && s.load >= 0 && Number.isFinite(s.load))) {
        throw new LeptonError("INVALID_INPUT", `observe: samples[${i}].load must be a finite number >= 0 (got ${s.load})`);
      }
      const expected = this.expectedMultiplier(rec, this.now);
      if (expected > 0) this.forecaster.observe(rec.idx, this.now, s.load / expected);
    });
  }

  /** Lets the forecaster refit after `observe` (batched models such as `SmoothingForecaster`). */
  async refreshForecasts(): Promise<void> {
    this.check();
    await this.forecaster.update?.();
  }

  /**
   * Marks one tick of work done for every running task; batch tasks that have run their duration and
   * services whose run ends now complete. Returns the ids completed.
   */
  finishTick(): string[] {
    this.check();
    const done: string[] = [];
    for (const rec of this.tasks) {
      if (rec.state !== "running") continue;
      rec.ran++;
      if ((!rec.service && rec.ran >= rec.duration) || (rec.service && this.now + 1 >= rec.end)) done.push(rec.id);
    }
    // Services end at their end slot whether or not they were running then.
    for (const rec of this.tasks) {
      if (rec.service && rec.state === "queued" && this.now + 1 >= rec.end) done.push(rec.id);
    }
    for (const id of done) this.complete(id);
    return done;
  }

  // ---------------------------------------------------------------- re-optimisation

  /**
   * Plans a re-optimisation for the coming interval: an ordered list of moves, capacity-safe at every
   * step, within the move budget, each worth more energy than it costs to migrate, plus the nodes
   * that can then be powered off. Does not change anything: pass the plan to `apply`.
   */
  async reoptimize(): Promise<MigrationPlan> {
    this.check();
    const plan: MigrationPlan = { tick: this.now, policy: this.policy, moves: [], powerOff: [], deferred: 0, savingKWh: 0 };
    if (!this.opt.powerOff) return plan;
    const planned =
      this.policy === "greedy"
        ? this.greedyMoves()
        : this.policy === "ga" || this.policy === "ilp"
          ? await this.gapMoves()
          : this.drainMoves();
    const nodes = this.compiled.scenario.nodes;
    plan.moves = planned.moves.map((m) => this.toMove(m));
    plan.powerOff = planned.powerOff.map((n) => nodes[n].id);
    plan.deferred = planned.deferred;
    plan.savingKWh = planned.savingKWh;
    return plan;
  }

  /**
   * Executes a plan in order. A move whose task is no longer where the plan found it, or whose target
   * no longer has room, is skipped (so a stale plan can never overload a node). Nodes left empty are
   * powered off. Returns the moves executed.
   */
  apply(plan: MigrationPlan): Move[] {
    this.check();
    const done: Move[] = [];
    for (const m of plan.moves) {
      const rec = this.byId.get(m.task);
      const to = this.compiled.nodeIndex.get(m.to);
      if (!rec || to === undefined || rec.state !== "running" || this.nodeState[to] !== "on") continue;
      const from = m.from === null ? -1 : (this.compiled.nodeIndex.get(m.from) ?? -2);
      if (rec.node !== from || !this.fits(to, rec.res)) continue;
      this.unplace(rec);
      this.place(rec, to);
      this.stats.migrations++;
      this.stats.migrationKWh += m.costKWh;
      done.push(m);
    }
    for (const id of plan.powerOff) {
      const n = this.compiled.nodeIndex.get(id);
      if (n !== undefined && this.nodeState[n] === "on" && this.nodeTasks[n].size === 0) this.setNodeState(n, "off");
    }
    return done;
  }

  // ---------------------------------------------------------------- read-only views

  /** Status of one task (a copy). */
  taskInfo(taskId: string): TaskInfo | undefined {
    const rec = this.byId.get(taskId);
    return rec ? this.info(rec) : undefined;
  }

  /** How many tasks were ever submitted, completed and rejected (also after finished tasks are dropped). */
  counts(): { submitted: number; completed: number; rejected: number } {
    return { submitted: this.submitted, completed: this.completedCount, rejected: this.rejectedCount };
  }

  /** Status of every task held (copies): all submitted, in submission order, unless `retainFinished` is false. */
  taskInfos(): TaskInfo[] {
    return this.tasks.map((r) => this.info(r));
  }

  /** Power state of every node, by node index. */
  nodeStates(): NodeState[] {
    return this.nodeState.slice();
  }

  /**
   * Running tasks with their node and expected demand multiplier for this tick (the simulator turns
   * these into actual loads). `peak` is a copy.
   */
  running(): { task: string; key: number; node: number; origin: number; peak: Float64Array; expected: number }[] {
    const out = [];
    for (const rec of this.tasks) {
      if (rec.state !== "running") continue;
      out.push({
        task: rec.id,
        key: rec.idx,
        node: rec.node,
        origin: rec.origin,
        peak: rec.peak.slice(),
        expected: this.expectedMultiplier(rec, this.now),
      });
    }
    return out;
  }

  /**
   * Whether each live task is due now (it should be running to meet its target) and whether it is
   * within its latency target: the simulator's SLO accounting. Also tasks' failover state.
   */
  sloStatus(): { due: number; violating: number } {
    let due = 0;
    let violating = 0;
    const c = this.compiled;
    for (const rec of this.tasks) {
      if (rec.state === "completed" || rec.state === "rejected") continue;
      if (rec.state === "running") {
        const late = !rec.service && this.now >= rec.end;
        const lat = c.siteLatency[rec.origin * c.siteCount + c.nodeSite[rec.node]];
        due++;
        if (late || lat > rec.slo) violating++;
        continue;
      }
      const isDue = rec.service ? this.now >= rec.windowStart : this.now >= rec.end - (rec.duration - rec.ran);
      if (isDue) {
        due++;
        violating++;
      }
    }
    return { due, violating };
  }

  /**
   * Full-assert check (after Timefold's FULL_ASSERT): recomputes every node's reservations from the
   * tasks and compares, and checks that each task is in exactly one consistent state. Returns the
   * problems found (empty when sound). For tests and the simulator's accounting.
   */
  audit(): string[] {
    const problems: string[] = [];
    const N = this.compiled.nodeCount;
    const WR = this.WR;
    const sum = new Float64Array(N * WR);
    const nodes = this.compiled.scenario.nodes;
    for (const rec of this.tasks) {
      switch (rec.state) {
        case "running":
          if (rec.node < 0) problems.push(`${rec.id} is running on no node`);
          else if (this.nodeState[rec.node] !== "on") {
            problems.push(`${rec.id} is running on ${nodes[rec.node].id}, which is ${this.nodeState[rec.node]}`);
          }
          break;
        case "queued":
          if (rec.node >= 0 && this.nodeState[rec.node] !== "waking") {
            problems.push(`${rec.id} is queued on ${nodes[rec.node].id}, which is ${this.nodeState[rec.node]}, not waking`);
          }
          break;
        case "completed":
        case "rejected":
          if (rec.node >= 0) problems.push(`${rec.id} is ${rec.state} but still holds ${nodes[rec.node].id}`);
          break;
        default:
          problems.push(`${rec.id} is in no known state (${String(rec.state)})`);
      }
      if (rec.node >= 0) {
        if (!this.nodeTasks[rec.node].has(rec)) problems.push(`${rec.id} is missing from ${nodes[rec.node].id}'s task set`);
        for (let i = 0; i < WR; i++) sum[rec.node * WR + i] += rec.res[i];
      }
    }
    for (let n = 0; n < N; n++) {
      for (const rec of this.nodeTasks[n]) if (rec.node !== n) problems.push(`${nodes[n].id} lists ${rec.id}, placed elsewhere`);
      for (let j = 0; j < WR; j++) {
        const i = n * WR + j;
        if (Math.abs(sum[i] - this.reserved[i]) > 1e-6 * Math.max(1, sum[i])) {
          problems.push(`${nodes[n].id}: reserved ${RESOURCES[j % R]} ${this.reserved[i]} != sum of its tasks ${sum[i]}`);
        }
      }
    }
    return problems;
  }

  /** Reserved (peak over the window) and usable capacity of one node and resource (for tests and reports). */
  reservation(node: number, r: number): { reserved: number; usable: number } {
    return { reserved: this.peakReserved(this.reserved, node, r), usable: this.usable[node * R + r] };
  }

  /** Every move of a plan applied to a copy of the current reservations: first step that overloads a target, or -1. */
  firstUnsafeStep(plan: MigrationPlan): number {
    const reserved = this.reserved.slice();
    for (let i = 0; i < plan.moves.length; i++) {
      const m = plan.moves[i];
      const rec = this.byId.get(m.task);
      const to = this.compiled.nodeIndex.get(m.to);
      if (!rec || to === undefined) return i;
      const WR = this.WR;
      for (let j = 0; j < WR; j++) {
        if (reserved[to * WR + j] + rec.res[j] > this.usable[to * R + (j % R)] + EPS) return i;
      }
      const from = m.from === null ? -1 : (this.compiled.nodeIndex.get(m.from) as number);
      for (let j = 0; j < WR; j++) {
        reserved[to * WR + j] += rec.res[j];
        if (from >= 0) reserved[from * WR + j] -= rec.res[j];
      }
    }
    return -1;
  }

  /** Frees the WASM state; a GA worker pool, if one was started, is shut down in the background (see `close`). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.k.dispose();
    const pool = this.gaPool;
    this.gaPool = undefined;
    pool?.destroy().catch(() => {});
  }

  /** Like `dispose`, and resolves once a GA worker pool, if any, has stopped. */
  async close(): Promise<void> {
    const pool = this.gaPool;
    this.gaPool = undefined;
    this.dispose();
    await pool?.destroy();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---------------------------------------------------------------- internals

  private check(): void {
    if (this.disposed) throw new LeptonError("DISPOSED", "this scheduler was disposed; create a new one");
  }

  private nodeIndex(id: string, what: string): number {
    const n = this.compiled.nodeIndex.get(id);
    if (n === undefined) {
      const known = this.compiled.scenario.nodes
        .slice(0, 5)
        .map((x) => x.id)
        .join(", ");
      throw new LeptonError("INVALID_INPUT", `${what}: unknown node "${id}"; nodes are e.g. ${known}`);
    }
    return n;
  }

  private info(rec: TaskRec): TaskInfo {
    return {
      task: rec.id,
      state: rec.state,
      node: rec.node >= 0 ? this.compiled.scenario.nodes[rec.node].id : null,
      reason: rec.reason,
    };
  }

  private placement(rec: TaskRec): Placement {
    return {
      task: rec.id,
      state: rec.state,
      node: rec.node >= 0 ? this.compiled.scenario.nodes[rec.node].id : null,
      startTick:
        rec.state === "running"
          ? rec.startedAt
          : rec.state === "queued"
            ? rec.wait === "deferred"
              ? rec.startAt
              : rec.node >= 0
                ? this.wakeAt[rec.node]
                : null
            : null,
      reason: rec.reason,
    };
  }

  private reject(rec: TaskRec, reason: string): Placement {
    rec.state = "rejected";
    rec.wait = null;
    rec.reason = reason;
    const placed = this.placement(rec);
    this.finished(rec);
    return placed;
  }

  /** Counts a finished task and, unless finished tasks are retained, drops it (swap-remove, O(1)). */
  private finished(rec: TaskRec): void {
    if (rec.state === "completed") this.completedCount++;
    else this.rejectedCount++;
    if (this.opt.retainFinished) return;
    const last = this.tasks.pop() as TaskRec;
    if (last !== rec) {
      this.tasks[rec.pos] = last;
      last.pos = rec.pos;
    }
    this.byId.delete(rec.id);
  }

  /** Demand multiplier the profile expects for a task at a tick. */
  private expectedMultiplier(rec: TaskRec, tick: number): number {
    if (!rec.profile) return 1;
    const k = rec.service ? tick : rec.ran;
    return rec.profile[Math.min(Math.max(k, 0), rec.profile.length - 1)];
  }

  /**
   * Reservation for each slot h of the coming window: peak x the profile's multiplier for that slot
   * x the forecast ratio x (1 + margin). Reserving per slot, as the evaluator scores plans, lets
   * tasks whose peaks fall in different slots share a node (a per-task maximum over the window
   * would reserve about 1.5x the load of bursty tasks). Past a service's horizon or a batch task's
   * run, the last known multiplier holds.
   */
  private computeReservation(rec: TaskRec): void {
    const ratio = this.forecaster.ratio(rec.idx) * (1 + this.opt.margin);
    for (let h = 0; h < this.W; h++) {
      let m = 1;
      if (rec.profile) {
        const k = rec.service ? this.now + h : rec.ran + h;
        m = rec.profile[Math.min(Math.max(k, 0), rec.profile.length - 1)];
      }
      const f = m * ratio;
      for (let r = 0; r < R; r++) rec.res[h * R + r] = rec.peak[r] * f;
    }
  }

  /** Highest reservation of a node (or a task's row when `node` is -1 and reserved is its res) over the window. */
  private peakReserved(reserved: Float64Array, node: number, r: number): number {
    let m = 0;
    const base = node < 0 ? 0 : node * this.WR;
    for (let h = 0; h < this.W; h++) m = Math.max(m, reserved[base + h * R + r]);
    return m;
  }

  /** A reason when no node, in any state, could host the task at its current reservation; else "". */
  private staticallyInfeasible(rec: TaskRec): string {
    const c = this.compiled;
    let near = 0;
    const short = new Set<string>();
    for (let n = 0; n < c.nodeCount; n++) {
      if (c.siteLatency[rec.origin * c.siteCount + c.nodeSite[n]] > rec.slo) continue;
      near++;
      let ok = true;
      for (let r = 0; r < R; r++) {
        if (this.peakReserved(rec.res, -1, r) > this.usable[n * R + r] + EPS) {
          ok = false;
          short.add(RESOURCES[r]);
        }
      }
      if (ok) return "";
    }
    const origin = c.scenario.sites[rec.origin].id;
    if (near === 0) return `no node within its latency target of ${rec.slo} ms from site "${origin}"`;
    return `needs more ${[...short].join(", ")} than any of the ${near} node(s) within ${rec.slo} ms of "${origin}" offers`;
  }

  /** Whether a reservation row fits node n in every slot of the window, within usable capacity. */
  private fits(n: number, res: Float64Array, reserved: Float64Array = this.reserved): boolean {
    const WR = this.WR;
    for (let j = 0; j < WR; j++) if (reserved[n * WR + j] + res[j] > this.usable[n * R + (j % R)] + EPS) return false;
    return true;
  }

  /**
   * Reservations above the node's full capacity: relief moves tasks off. Placement packs only to
   * the usable fraction, so the gap between the two is hysteresis that stops forecast jitter from
   * moving tasks back and forth.
   */
  private overCapacity(n: number): boolean {
    const WR = this.WR;
    for (let j = 0; j < WR; j++) if (this.reserved[n * WR + j] > this.capacity[n * R + (j % R)] + EPS) return true;
    return false;
  }

  private place(rec: TaskRec, n: number): void {
    rec.emergency = false;
    rec.node = n;
    for (let j = 0; j < this.WR; j++) this.reserved[n * this.WR + j] += rec.res[j];
    this.k.adjust(n, rec.res, 1);
    const wasEmpty = this.nodeTasks[n].size === 0;
    this.nodeTasks[n].add(rec);
    if (wasEmpty) this.updateBias(n);
  }

  private unplace(rec: TaskRec): void {
    const n = rec.node;
    if (n < 0) return;
    for (let j = 0; j < this.WR; j++) this.reserved[n * this.WR + j] -= rec.res[j];
    this.k.adjust(n, rec.res, -1);
    this.nodeTasks[n].delete(rec);
    rec.node = -1;
    if (this.nodeTasks[n].size === 0) this.updateBias(n);
  }

  private start(rec: TaskRec): void {
    rec.state = "running";
    rec.wait = null;
    if (rec.startedAt < 0) rec.startedAt = this.now;
    rec.reason = `running on ${this.compiled.scenario.nodes[rec.node].id}`;
    if (rec.failedAt >= 0) {
      this.stats.failovers++;
      this.stats.maxFailoverTicks = Math.max(this.stats.maxFailoverTicks, this.now - rec.failedAt - rec.noCapacityTicks);
      rec.failedAt = -1;
    }
  }

  /**
   * Places a queued task: on a powered node if one has room (it runs now), else on a node powering on
   * (it waits for it), else it stays queued for capacity.
   */
  private tryPlace(rec: TaskRec): boolean {
    const mode = this.policy === "spread" ? MODE_SPREAD : MODE_PACK;
    let n = this.k.bestFit(rec.res, rec.origin, rec.slo, FLAG_ON, mode, -1, FIT_W, 0, this.scarceW);
    // A task whose node failed may use the band between usable and full capacity of a powered node
    // (the headroom packing keeps): it runs again now instead of waiting for a node to power on;
    // the next re-optimisation moves it back under the usable line.
    let emergency = false;
    if (n < 0 && rec.failedAt >= 0 && this.opt.util < 1) {
      n = this.k.bestFit(rec.res, rec.origin, rec.slo, FLAG_ON, mode, -1, FIT_W, 1 / this.opt.util - 1, this.scarceW);
      emergency = n >= 0;
    }
    if (n >= 0) {
      this.place(rec, n);
      rec.emergency = emergency;
      this.start(rec);
      return true;
    }
    n = this.k.bestFit(rec.res, rec.origin, rec.slo, FLAG_WAKING | FLAG_OFF, MODE_PACK, -1, FIT_W, 0, this.scarceW);
    if (n >= 0) {
      if (this.nodeState[n] === "off") this.wake(n);
      this.place(rec, n);
      rec.state = "queued";
      rec.wait = "wake";
      rec.reason = `waits for ${this.compiled.scenario.nodes[n].id} to power on (tick ${this.wakeAt[n]})`;
      return false;
    }
    if (rec.wait !== "failover") rec.wait = "capacity";
    rec.reason = "waits for capacity: no node within its latency target has room";
    return false;
  }

  private wake(n: number): void {
    this.setNodeState(n, "waking");
    this.wakeAt[n] = this.now + this.opt.wakeUpTicks;
    if (this.opt.wakeUpTicks === 0) this.setNodeState(n, "on");
  }

  private setNodeState(n: number, state: NodeState): void {
    this.nodeState[n] = state;
    this.k.setFlags(n, state === "on" ? FLAG_ON : state === "waking" ? FLAG_WAKING : state === "off" ? FLAG_OFF : 0);
  }

  /** Retries queued tasks, failovers first, then by least slack. */
  private retryQueued(): Placement[] {
    const queued = this.tasks.filter(
      (r) => r.state === "queued" && r.node < 0 && (r.wait !== "deferred" || r.startAt <= this.now),
    );
    const rank = (r: TaskRec) => (r.wait === "failover" ? 0 : r.service ? 1 : 2);
    queued.sort((a, b) => rank(a) - rank(b) || a.end - a.duration + a.ran - (b.end - b.duration + b.ran) || a.idx - b.idx);
    const out: Placement[] = [];
    for (const rec of queued) {
      if (rec.wait === "deferred") rec.wait = "capacity";
      this.computeReservation(rec);
      this.tryPlace(rec);
      out.push(this.placement(rec));
    }
    return out;
  }

  /**
   * Prices for power-aware placement at the current tick. slopeW is what one CPU of load costs on a
   * node when the node is full: its idle draw per CPU plus its marginal watts per CPU, facility watts
   * (x PUE). Filling the cheapest-at-full-load nodes first is what leaves the others empty to power
   * off (greedy on PABFD's power model, Beloglazov & Buyya 2012, but ranking by full-load efficiency
   * rather than marginal watts, which would keep loading inefficient nodes because they are already
   * on). wakeW, a node's idle watts, breaks ties toward nodes already in use. Both are scaled by the
   * node's carbon weight (energy weight + carbon weight x grid intensity now, relative to the fleet
   * mean), so a cleaner grid makes a node cheaper. "spread" ignores prices.
   */
  private refreshPrices(): void {
    if (this.policy === "spread") return;
    const c = this.compiled;
    const w = c.scenario.objective.weights;
    const s = Math.min(this.now, c.slots - 1);
    let mean = 0;
    for (let n = 0; n < c.nodeCount; n++) mean += c.nodeCarbon[n * c.slots + s] / c.nodeCount;
    const base = w.energy + (w.carbon * mean) / 1000;
    for (let n = 0; n < c.nodeCount; n++) {
      const f = base > 0 ? (w.energy + (w.carbon * c.nodeCarbon[n * c.slots + s]) / 1000) / base : 1;
      const cpu = c.nodeCapacity[n * R];
      this.wakeW[n] = c.nodeIdleW[n] * c.nodePue[n] * f;
      this.slopeW[n] = cpu > 0 ? ((c.nodePeakW[n] * c.nodePue[n]) / cpu) * f : 0;
      this.updateBias(n);
    }
    this.k.setSlope(this.slopeW);
  }

  /** Pack mode: a small premium on empty nodes, so equally efficient nodes already in use win. */
  private updateBias(n: number): void {
    if (this.policy === "spread") return;
    this.k.setBiasOf(n, this.nodeTasks[n].size === 0 ? EMPTY_W : 0);
  }

  private refreshReservations(): void {
    this.reserved.fill(0);
    for (const rec of this.tasks) {
      if (rec.state !== "running" && rec.state !== "queued") continue;
      this.computeReservation(rec);
      if (rec.node >= 0) for (let j = 0; j < this.WR; j++) this.reserved[rec.node * this.WR + j] += rec.res[j];
    }
    this.k.resetResiduals(this.reserved);
  }

  /** Moves tasks off powered nodes whose reservations outgrew their usable capacity (smallest first). */
  private relieve(): Move[] {
    const moves: Move[] = [];
    const N = this.compiled.nodeCount;
    const nodes = this.compiled.scenario.nodes;
    for (let n = 0; n < N; n++) {
      if (this.nodeState[n] !== "on" || !this.overCapacity(n)) continue;
      const recs = [...this.nodeTasks[n]].filter((r) => r.state === "running").sort((a, b) => size(a.res) - size(b.res));
      for (const rec of recs) {
        if (!this.overCapacity(n)) break;
        const mode = this.policy === "spread" ? MODE_SPREAD : MODE_PACK;
        const to = this.k.bestFit(rec.res, rec.origin, rec.slo, FLAG_ON, mode, n, FIT_W, 0, this.scarceW);
        if (to < 0) {
          if (this.opt.powerOff) {
            const w = this.k.bestFit(rec.res, rec.origin, rec.slo, FLAG_OFF, MODE_PACK, -1, FIT_W, 0, this.scarceW);
            if (w >= 0) this.wake(w);
          }
          continue;
        }
        const cost = this.migrationCost(rec);
        this.unplace(rec);
        this.place(rec, to);
        this.stats.migrations++;
        this.stats.migrationKWh += cost;
        moves.push({
          task: rec.id,
          from: nodes[n].id,
          to: nodes[to].id,
          reason: "relief",
          detail: `forecast load outgrew ${nodes[n].id}`,
          costKWh: cost,
        });
      }
    }
    return moves;
  }

  /**
   * Keeps, per tier, spare reserved capacity on powered nodes for failover: `spareReserve` of its
   * reserved load (and, with `nPlusOne`, room for its most loaded node); powers on the cheapest
   * nodes (idle watts per CPU) until it holds.
   */
  private keepSpareReserve(): void {
    const c = this.compiled;
    for (let tier = 0; tier < TIERS.length; tier++) {
      let guard = c.nodeCount;
      while (guard-- > 0 && this.spareShortfall(tier, this.reserved, new Set()) > 0) {
        let best = -1;
        let bestKey = Number.POSITIVE_INFINITY;
        for (let n = 0; n < c.nodeCount; n++) {
          if (c.nodeTier[n] !== tier || this.nodeState[n] !== "off") continue;
          const key = (c.nodeIdleW[n] * c.nodePue[n]) / Math.max(1e-9, c.nodeCapacity[n * R]);
          if (key < bestKey) {
            bestKey = key;
            best = n;
          }
        }
        if (best < 0) break;
        this.wake(best);
      }
    }
  }

  /** CPU by which a tier's spare falls short of its reserve, with `reserved` and nodes in `off` counted as off. */
  private spareShortfall(tier: number, reserved: Float64Array, off: Set<number>): number {
    const c = this.compiled;
    let spare = 0;
    let load = 0;
    let biggest = 0;
    for (let n = 0; n < c.nodeCount; n++) {
      if (c.nodeTier[n] !== tier) continue;
      const st = this.nodeState[n];
      if (st === "down" || st === "off" || off.has(n)) continue;
      const peak = this.peakReserved(reserved, n, 0);
      spare += Math.max(0, this.usable[n * R] - peak);
      load += peak;
      biggest = Math.max(biggest, peak);
    }
    return Math.max(this.opt.nPlusOne ? biggest : 0, this.opt.spare[TIERS[tier]] * load) - spare;
  }

  private migrationCost(rec: TaskRec): number {
    return rec.peak[1] * this.opt.migrationKWhPerGiB;
  }

  private toMove(m: PlannedMove): Move {
    const nodes = this.compiled.scenario.nodes;
    const rec = this.tasks[m.task];
    return {
      task: rec.id,
      from: nodes[m.from].id,
      to: nodes[m.to].id,
      reason: m.reason,
      detail: m.detail,
      costKWh: this.migrationCost(rec),
    };
  }

  /** Idle energy of a node over the re-planning interval, kWh. */
  private idleKWh(n: number): number {
    const c = this.compiled;
    return (c.nodeIdleW[n] * c.nodePue[n] * c.slotHours * this.opt.replanEvery) / 1000;
  }

  /**
   * Consolidation (after Beloglazov & Buyya's host-underload step, 2012): powered nodes are tried for
   * draining in order of idle power saved per unit of load to move; a node is drained only when every
   * task on it finds room elsewhere (best fit on a copy of the reservations, so the sequence is
   * capacity-safe by construction), the moves fit the budget, the saving beats the migration cost
   * and each tier keeps its spare reserve.
   */
  private drainMoves(): PlannedMoves {
    const c = this.compiled;
    const N = c.nodeCount;
    const reserved = this.reserved.slice();
    const drained = new Set<number>();
    const moves: PlannedMove[] = [];
    let deferred = 0;
    let saving = 0;
    // Relief first: tasks failed over into a node's headroom (above its usable capacity) move to
    // nodes with room, so the headroom is back for spikes and the next failure. Only those tasks:
    // moving others off nodes a forecast pushed a little over the usable line would be churn.
    const none = new Float64Array(this.WR);
    // Nodes that receive a move in this plan are not drained in it (their task sets would be stale).
    const received = new Set<number>();
    for (let n = 0; n < N; n++) {
      if (this.nodeState[n] !== "on") continue;
      const recs = [...this.nodeTasks[n]]
        .filter((r) => r.state === "running" && r.emergency)
        .sort((a, b) => size(a.res) - size(b.res));
      for (const rec of recs) {
        if (this.fits(n, none, reserved)) {
          for (const r of recs) r.emergency = false;
          break;
        }
        if (moves.length >= this.opt.moveBudget) break;
        const to = this.bestTarget(rec, reserved, n, drained);
        if (to < 0) continue;
        for (let j = 0; j < this.WR; j++) {
          reserved[to * this.WR + j] += rec.res[j];
          reserved[n * this.WR + j] -= rec.res[j];
        }
        received.add(to);
        moves.push({
          task: rec.pos,
          from: n,
          to,
          reason: "relief",
          detail: `bring ${c.scenario.nodes[n].id} back under its usable capacity`,
        });
      }
    }
    const candidates: number[] = [];
    for (let n = 0; n < N; n++) if (this.nodeState[n] === "on") candidates.push(n);
    const util = (n: number) => this.peakReserved(reserved, n, 0) / Math.max(1e-9, this.usable[n * R]);
    const key = (n: number) => (c.nodeIdleW[n] * c.nodePue[n]) / (0.05 + util(n));
    candidates.sort((a, b) => key(b) - key(a) || a - b);
    for (const n of candidates) {
      const recs = [...this.nodeTasks[n]];
      if (received.has(n) || recs.some((r) => r.state !== "running")) continue;
      if (recs.length > this.opt.moveBudget - moves.length) {
        deferred += recs.length;
        continue;
      }
      recs.sort((a, b) => size(b.res) - size(a.res));
      const trial = reserved.slice();
      const planned: PlannedMove[] = [];
      let cost = 0;
      let ok = true;
      for (const rec of recs) {
        const to = this.bestTarget(rec, trial, n, drained);
        if (to < 0) {
          ok = false;
          break;
        }
        for (let j = 0; j < this.WR; j++) {
          trial[to * this.WR + j] += rec.res[j];
          trial[n * this.WR + j] -= rec.res[j];
        }
        cost += this.migrationCost(rec);
        planned.push({
          task: rec.pos,
          from: n,
          to,
          reason: "consolidate",
          detail: `drain ${c.scenario.nodes[n].id} to power it off`,
        });
      }
      const gain = this.idleKWh(n) - cost * this.opt.migrationHysteresis;
      if (!ok || gain <= 0) {
        if (ok) deferred += recs.length;
        continue;
      }
      const off = new Set(drained).add(n);
      let reserveOk = true;
      for (let tier = 0; tier < TIERS.length; tier++) if (this.spareShortfall(tier, trial, off) > EPS) reserveOk = false;
      if (!reserveOk) continue;
      reserved.set(trial);
      drained.add(n);
      moves.push(...planned);
      for (const m of planned) received.add(m.to);
      saving += this.idleKWh(n) - cost;
    }
    // Planned one after another on the trial copy, so this order is already capacity-safe.
    return { moves, powerOff: [...drained], deferred, savingKWh: saving };
  }

  /** Best powered node for a task on a trial reservation copy: pack, cheapest, never `exclude` or a drained node. */
  private bestTarget(rec: TaskRec, trial: Float64Array, exclude: number, drained: Set<number>): number {
    const c = this.compiled;
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let n = 0; n < c.nodeCount; n++) {
      if (n === exclude || drained.has(n) || this.nodeState[n] !== "on") continue;
      if (c.siteLatency[rec.origin * c.siteCount + c.nodeSite[n]] > rec.slo) continue;
      let fit = true;
      if (!this.fits(n, rec.res, trial)) fit = false;
      if (!fit) continue;
      const cap = this.usable[n * R];
      const used = this.peakReserved(trial, n, 0);
      const need = this.peakReserved(rec.res, -1, 0);
      const headroom = cap > 0 ? (cap - used - need) / cap : 0;
      const scarce = rec.peak[2] === 0 && c.nodeCapacity[n * R + 2] > 0 ? this.scarceW : 0;
      const score = (used <= EPS ? EMPTY_W : 0) + scarce + this.slopeW[n] * need + FIT_W * headroom;
      if (score < bestScore) {
        bestScore = score;
        best = n;
      }
    }
    return best;
  }

  /** Powered nodes and the running tasks on them: what a re-plan may move. */
  private movable(): { on: number[]; recs: TaskRec[] } {
    const on: number[] = [];
    for (let n = 0; n < this.compiled.nodeCount; n++) if (this.nodeState[n] === "on") on.push(n);
    return { on, recs: this.tasks.filter((r) => r.state === "running" && this.nodeState[r.node] === "on") };
  }

  /** The "greedy" policy: re-pack running tasks with the Foundation's best-fit-decreasing and migrate toward it. */
  private greedyMoves(): PlannedMoves {
    const { on, recs } = this.movable();
    const target = greedyTarget(
      this.compiled,
      on,
      this.usable,
      recs.map((r) => ({ origin: r.origin, slo: r.slo, res: r.res, node: r.node, key: r.idx })),
      this.now,
      this.W,
    );
    return this.movesToward(on, recs, target, "toward the greedy re-pack");
  }

  /**
   * The "ga" and "ilp" policies: the window's re-plan as a generalised assignment problem (see
   * `windowGap`), solved by the memetic island GA in the worker pool or by the exact ILP within
   * `replanTimeLimitMs`, then migrated toward like any target.
   */
  private async gapMoves(): Promise<PlannedMoves> {
    const { on, recs } = this.movable();
    if (recs.length === 0) return this.movesToward(on, recs, new Int32Array(0), "");
    const hours = this.compiled.slotHours * this.W;
    const gap = windowGap(
      this.compiled,
      on,
      this.usable,
      this.slopeW,
      recs.map((r) => ({
        origin: r.origin,
        slo: r.slo,
        res: r.res,
        node: r.node,
        moveW: (this.migrationCost(r) * this.opt.migrationHysteresis * 1000) / hours,
      })),
      this.W,
    );
    if (this.policy === "ga") {
      // Loaded on first use: the piscina pool is Node-only and must stay out of the browser's graph.
      this.gaPool ??= (await import("../runtime/ga-pool.js")).createGaPool(this.opt.threads);
      const target = await gaTarget(gap, on, this.gaPool, this.opt.seed + this.now, this.opt.replanTimeLimitMs);
      return this.movesToward(on, recs, target, "toward the GA's re-plan");
    }
    const target = await ilpTarget(gap, on, this.opt.replanTimeLimitMs);
    return this.movesToward(on, recs, target, "toward the ILP's re-plan");
  }

  /**
   * Migration toward a target placement: the moves the target implies (latency-feasible ones only),
   * ordered so every step is capacity-safe and cut at the move budget (`orderMoves`); then the nodes
   * left empty are powered off where each tier keeps its spare reserve.
   */
  private movesToward(on: readonly number[], recs: readonly TaskRec[], target: Int32Array, why: string): PlannedMoves {
    const c = this.compiled;
    const wanted: PlannedMove[] = [];
    recs.forEach((rec, i) => {
      const to = target[i];
      if (to === undefined || to < 0 || to === rec.node) return;
      if (c.siteLatency[rec.origin * c.siteCount + c.nodeSite[to]] > rec.slo) return;
      wanted.push({ task: rec.pos, from: rec.node, to, reason: "consolidate", detail: why });
    });
    const reserved = this.reserved.slice();
    const ordered = orderMoves(wanted, reserved, this.usable, this.opt.moveBudget, (t) => this.tasks[t].res, this.W);
    const empty: number[] = [];
    let saving = 0;
    const off = new Set<number>();
    for (const n of on) {
      let load = 0;
      for (let j = 0; j < this.WR; j++) load += reserved[n * this.WR + j];
      if (load > EPS || [...this.nodeTasks[n]].some((r) => r.state !== "running")) continue;
      off.add(n);
      let ok = true;
      for (let tier = 0; tier < TIERS.length; tier++) if (this.spareShortfall(tier, reserved, off) > EPS) ok = false;
      if (!ok) {
        off.delete(n);
        continue;
      }
      empty.push(n);
      saving += this.idleKWh(n);
    }
    for (const m of ordered) saving -= this.migrationCost(this.tasks[m.task]);
    return { moves: ordered, powerOff: empty, deferred: wanted.length - ordered.length, savingKWh: saving };
  }
}

/** A planned re-optimisation in index form. */
interface PlannedMoves {
  moves: PlannedMove[];
  powerOff: number[];
  deferred: number;
  savingKWh: number;
}

/** One number to order tasks by (largest first): slot-0 reservation, resources weighted to CPU-equivalents. */
function size(res: Float64Array): number {
  return res[0] + res[1] / 4 + res[2] * 8 + res[3] / 100;
}

/**
 * A fleet with no tasks is valid for online use; scenario validation insists on tasks, so it checks
 * the fleet with one placeholder task and returns the fleet itself.
 */
function validateFleet(input: unknown): Scenario {
  const f = input as Scenario;
  if (
    f &&
    typeof f === "object" &&
    Array.isArray(f.tasks) &&
    f.tasks.length === 0 &&
    Array.isArray(f.sites) &&
    f.sites.length > 0
  ) {
    const origin = (f.sites[0] as { id?: unknown }).id;
    assertValidScenario({ ...f, tasks: [{ id: "placeholder", type: "compute", scale: "small", origin }] });
    return f;
  }
  return assertValidScenario(input);
}

function checkOptions(o: SchedulerOptions): void {
  if (o === null || typeof o !== "object") throw new LeptonError("INVALID_INPUT", "scheduler options must be an object");
  if (o.policy !== undefined && !POLICIES.includes(o.policy)) {
    throw new LeptonError("INVALID_INPUT", `options.policy must be one of ${POLICIES.join(", ")} (got "${String(o.policy)}")`);
  }
  const intOpt = (name: keyof SchedulerOptions, min: number) => {
    const v = o[name];
    if (v !== undefined && !(typeof v === "number" && Number.isInteger(v) && v >= min)) {
      throw new LeptonError("INVALID_INPUT", `options.${name} must be an integer >= ${min} (got ${String(v)})`);
    }
  };
  intOpt("wakeUpTicks", 0);
  intOpt("moveBudget", 0);
  intOpt("replanEvery", 1);
  intOpt("threads", 1);
  if (o.seed !== undefined && !Number.isInteger(o.seed))
    throw new LeptonError("INVALID_INPUT", `options.seed must be an integer (got ${o.seed})`);
  if (o.replanTimeLimitMs !== undefined && !(typeof o.replanTimeLimitMs === "number" && o.replanTimeLimitMs > 0)) {
    throw new LeptonError("INVALID_INPUT", `options.replanTimeLimitMs must be a positive number (got ${o.replanTimeLimitMs})`);
  }
  const num = (name: string, v: unknown, min: number, max: number) => {
    if (v !== undefined && !(typeof v === "number" && v >= min && v <= max)) {
      throw new LeptonError("INVALID_INPUT", `options.${name} must be a number in [${min}, ${max}] (got ${String(v)})`);
    }
  };
  num("margin", o.margin, 0, 10);
  num("targetUtilisation", o.targetUtilisation, 0.05, 1);
  num("migrationKWhPerGiB", o.migrationKWhPerGiB, 0, 1e3);
  num("migrationHysteresis", o.migrationHysteresis, 0, 1e3);
  num("spareReserve.core", o.spareReserve?.core, 0, 1);
  num("spareReserve.edge", o.spareReserve?.edge, 0, 1);
}
