import { type CompiledScenario, compileScenario } from "../model/compile.js";
import { RESOURCE_COUNT, type Scenario, type Task } from "../model/types.js";
import { greedyPlacement } from "../solve/greedy.js";

const R = RESOURCE_COUNT;

/** A running task as the re-planner sees it: its reservation for each slot of the coming window. */
export interface ReplanTask {
  origin: number;
  slo: number;
  /** res[h*R + r]: reservation in slot h of the window. */
  res: Float64Array;
  node: number;
  key: number;
}

/**
 * Re-packs running tasks with the Foundation's best-fit-decreasing (`greedyPlacement`) on a scenario
 * of the coming window (`span` slots): the powered nodes with their usable capacity, each task's
 * forecast reservation as its demand (peak) and profile. Returns the target node (fleet index) of every task, -1 where
 * the greedy found no room (that task stays where it is).
 */
export function greedyTarget(
  c: CompiledScenario,
  on: readonly number[],
  usable: Float64Array,
  tasks: readonly ReplanTask[],
  tick: number,
  span: number,
): Int32Array {
  const base = c.scenario;
  const slot = (h: number) => Math.min(tick + h, c.slots - 1);
  const window: Scenario = {
    name: `${base.name} (re-plan)`,
    horizon: { slots: span, slotMinutes: base.horizon.slotMinutes },
    sites: base.sites,
    latency: base.latency,
    localLatencyMs: base.localLatencyMs,
    nodes: on.map((n) => ({
      ...base.nodes[n],
      capacity: { cpu: usable[n * R], memGiB: usable[n * R + 1], gpu: usable[n * R + 2], netMbps: usable[n * R + 3] },
    })),
    carbon: Object.fromEntries(
      Object.entries(base.carbon).map(([k, v]) => [k, Array.from({ length: span }, (_, h) => v[slot(h)])]),
    ),
    tasks: tasks.map((t, i): Task => {
      // Reservations scale all resources together, so one profile (relative to the peak slot) carries them.
      const weight = (h: number) => t.res[h * R] + t.res[h * R + 1] + t.res[h * R + 2] + t.res[h * R + 3];
      let top = 0;
      for (let h = 1; h < span; h++) if (weight(h) > weight(top)) top = h;
      const w = weight(top);
      const task: Task = {
        id: `t${i}`,
        type: "compute",
        scale: "small",
        demand: { cpu: t.res[top * R], memGiB: t.res[top * R + 1], gpu: t.res[top * R + 2], netMbps: t.res[top * R + 3] },
        origin: base.sites[t.origin].id,
        profile: Array.from({ length: span }, (_, h) => (w > 0 ? weight(h) / w : 0)),
      };
      if (Number.isFinite(t.slo)) task.latencySloMs = t.slo;
      return task;
    }),
    objective: base.objective,
  };
  const { assignment } = greedyPlacement(compileScenario(window));
  const out = new Int32Array(tasks.length);
  for (let i = 0; i < tasks.length; i++) out[i] = assignment.node[i] >= 0 ? on[assignment.node[i]] : -1;
  return out;
}
