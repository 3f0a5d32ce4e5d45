import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TASK_TYPES } from "../../src/model/types.js";
import { validateScenario } from "../../src/model/validate.js";
import { planScenario } from "../../src/solve/plan.js";

const scenario = JSON.parse(readFileSync(join(import.meta.dirname, "../../examples/default.json"), "utf8"));

describe("the bundled default scenario", () => {
  it("is valid and as large as the Foundation issue asks", () => {
    expect(validateScenario(scenario)).toEqual([]);
    const tierOf = new Map(scenario.sites.map((s: { id: string; tier: string }) => [s.id, s.tier]));
    const nodesIn = (tier: string) => scenario.nodes.filter((n: { site: string }) => tierOf.get(n.site) === tier).length;
    expect(nodesIn("core")).toBeGreaterThanOrEqual(3);
    expect(nodesIn("edge")).toBeGreaterThanOrEqual(20);
    expect(scenario.sites.length).toBeGreaterThanOrEqual(6);
    expect(scenario.tasks.length).toBeGreaterThanOrEqual(500);
    expect(new Set(scenario.tasks.map((t: { type: string }) => t.type))).toEqual(new Set(TASK_TYPES));
    expect(scenario.horizon).toEqual({ slots: 96, slotMinutes: 15 });
  });

  it("gets a feasible greedy plan", async () => {
    const plan = await planScenario(scenario);
    expect(plan.unplaced).toEqual([]);
    expect(plan.evaluation.capacityViolations).toEqual([]);
    expect(plan.evaluation.sloViolations).toEqual([]);
    expect(plan.evaluation.energyKWh).toBeGreaterThan(0);
  });
});
