import { describe, expect, it } from "vitest";
import { LoadModel } from "../../src/kernels/load-model.js";
import { compileScenario } from "../../src/model/compile.js";
import type { Scenario } from "../../src/model/types.js";
import { evaluatePlan } from "../../src/solve/evaluate.js";

/** Two nodes on two sites, two slots of 30 minutes: small enough to score by hand. */
function handScenario(): Scenario {
  return {
    name: "hand",
    horizon: { slots: 2, slotMinutes: 30 },
    sites: [
      { id: "dc", tier: "core" },
      { id: "e1", tier: "edge" },
    ],
    latency: [{ from: "dc", to: "e1", ms: 20 }],
    localLatencyMs: 1,
    nodes: [
      {
        id: "big",
        site: "dc",
        capacity: { cpu: 10, memGiB: 100 },
        power: { idleW: 100, peakW: 300 },
        pue: 1.5,
        costPerHour: 2,
        carbonRegion: "a",
      },
      {
        id: "small",
        site: "e1",
        capacity: { cpu: 2, memGiB: 4 },
        power: { idleW: 10, peakW: 30 },
        pue: 1,
        costPerHour: 0.5,
        carbonRegion: "b",
      },
    ],
    carbon: { a: [200, 400], b: [100, 100] },
    tasks: [
      { id: "job", type: "compute", scale: "small", demand: { cpu: 5, memGiB: 1, netMbps: 0 }, profile: [1, 0.5], origin: "dc" },
      {
        id: "rt",
        type: "realtime",
        scale: "small",
        demand: { cpu: 1, memGiB: 1, netMbps: 0 },
        origin: "e1",
        latencySloMs: 10,
        window: { start: 1, end: 2 },
      },
    ],
    objective: { weights: { latency: 1, energy: 10, carbon: 20, cost: 1, balance: 0 } },
  };
}

describe("evaluatePlan", () => {
  it("scores energy, carbon, cost and latency as the issue defines them", async () => {
    const c = compileScenario(handScenario());
    const model = await LoadModel.create(c);
    try {
      const e = evaluatePlan(model, { node: Int32Array.of(0, 1), start: Int32Array.of(0, 1) });
      // big: slot 0 cpu 5/10 -> 100 + 200*0.5 = 200 W; slot 1 cpu 2.5/10 -> 150 W; x PUE 1.5, x 0.5 h.
      const bigKWh = [(200 * 1.5 * 0.5) / 1000, (150 * 1.5 * 0.5) / 1000];
      // small: off in slot 0 (the realtime task runs only in slot 1); slot 1 cpu 1/2 -> 20 W.
      const smallKWh = (20 * 1 * 0.5) / 1000;
      expect(e.energyKWh).toBeCloseTo(bigKWh[0] + bigKWh[1] + smallKWh, 10);
      expect(e.carbonKg).toBeCloseTo((bigKWh[0] * 200 + bigKWh[1] * 400 + smallKWh * 100) / 1000, 10);
      expect(e.costUsd).toBeCloseTo(2 * 0.5 * 2 + 0.5 * 0.5, 10);
      expect(e.meanLatencyMs).toBeCloseTo(1, 10);
      expect(e.feasible).toBe(true);
      expect(e.tiers.core.tasks).toBe(1);
      expect(e.tiers.edge.peakCpuUtilisation).toBeCloseTo(0.5, 6);
      expect(e.weightedTotal).toBeCloseTo(1 + 10 * e.energyKWh + 20 * e.carbonKg + e.costUsd, 8);
    } finally {
      model.dispose();
    }
  });

  it("reports capacity and SLO violations with their amounts", async () => {
    const c = compileScenario(handScenario());
    const model = await LoadModel.create(c);
    try {
      // Both on the small edge node: cpu 5 + 0 in slot 0 exceeds 2; the compute task's 20 ms is fine,
      // but the realtime task placed in the core site would be 20 ms > 10 ms.
      const e = evaluatePlan(model, { node: Int32Array.of(1, 0), start: Int32Array.of(0, 1) });
      expect(e.feasible).toBe(false);
      expect(e.capacityViolations).toContainEqual({ node: "small", slot: 0, resource: "cpu", amount: 3 });
      expect(e.sloViolations).toEqual([{ task: "rt", node: "big", latencyMs: 20, sloMs: 10 }]);
      expect(e.penalty).toBeGreaterThan(0);
      expect(e.weightedTotal).toBe(e.objective + e.penalty);
    } finally {
      model.dispose();
    }
  });

  it("lists unplaced tasks and counts nothing for them", async () => {
    const c = compileScenario(handScenario());
    const model = await LoadModel.create(c);
    try {
      const e = evaluatePlan(model, { node: Int32Array.of(-1, -1), start: Int32Array.of(0, 1) });
      expect(e.unplaced).toEqual(["job", "rt"]);
      expect(e.energyKWh).toBe(0);
    } finally {
      model.dispose();
    }
  });
});
