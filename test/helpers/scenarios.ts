import type { Scenario, Task } from "../../src/model/types.js";
import { mulberry32 as rng } from "../../src/util/random.js";

export { rng };
import { TASK_SCALES, TASK_TYPES } from "../../src/model/types.js";

export interface ScenarioShape {
  sites?: number;
  nodes?: number;
  tasks?: number;
  slots?: number;
  seed?: number;
  /** Share of tasks with a deferrable window. */
  windowed?: number;
}

/** A small valid scenario with one core site and the rest edge sites, sized to be feasible. */
export function makeScenario(shape: ScenarioShape = {}): Scenario {
  const { sites = 3, nodes = 4, tasks = 10, slots = 8, seed = 1, windowed = 0.2 } = shape;
  const r = rng(seed);
  const siteList = Array.from({ length: sites }, (_, i) => ({
    id: `s${i}`,
    tier: i === 0 ? ("core" as const) : ("edge" as const),
  }));
  const latency = [];
  for (let a = 0; a < sites; a++)
    for (let b = a + 1; b < sites; b++) latency.push({ from: `s${a}`, to: `s${b}`, ms: 2 + Math.round(r() * 20) });
  const nodeList = Array.from({ length: nodes }, (_, i) => {
    const core = i === 0 || i % sites === 0;
    return {
      id: `n${i}`,
      site: `s${i % sites}`,
      capacity: core ? { cpu: 64, memGiB: 256, netMbps: 10000 } : { cpu: 16, memGiB: 64, netMbps: 2000 },
      power: core ? { idleW: 60, peakW: 450 } : { idleW: 20, peakW: 120 },
      pue: core ? 1.4 : 1.1,
      costPerHour: core ? 2 : 0.5,
      carbonRegion: core ? "grid-a" : "grid-b",
    };
  });
  const taskList: Task[] = Array.from({ length: tasks }, (_, i) => {
    const t: Task = {
      id: `t${i}`,
      type: TASK_TYPES[Math.floor(r() * 4)],
      scale: TASK_SCALES[Math.floor(r() * 3)],
      origin: `s${Math.floor(r() * sites)}`,
    };
    if (t.type === "realtime" || t.type === "stream") t.latencySloMs = 100;
    if (r() < windowed) {
      const start = Math.floor(r() * (slots / 2));
      const end = Math.min(slots, start + 2 + Math.floor(r() * (slots / 2)));
      const durationSlots = 1 + Math.floor(r() * (end - start));
      t.window = { start, end, durationSlots };
      t.profile = Array.from({ length: durationSlots }, () => Math.round((0.2 + 0.8 * r()) * 100) / 100);
    } else {
      t.profile = Array.from({ length: slots }, () => Math.round((0.2 + 0.8 * r()) * 100) / 100);
    }
    return t;
  });
  return {
    name: `generated-${seed}`,
    horizon: { slots, slotMinutes: 15 },
    sites: siteList,
    latency,
    nodes: nodeList,
    carbon: {
      "grid-a": Array.from({ length: slots }, () => Math.round(100 + 300 * r())),
      "grid-b": Array.from({ length: slots }, () => Math.round(100 + 300 * r())),
    },
    tasks: taskList,
    objective: { weights: { latency: 1, energy: 10, carbon: 20, cost: 1, balance: 0.1 } },
  };
}
