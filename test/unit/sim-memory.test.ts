import { describe, expect, it } from "vitest";
import { OnlineKernel } from "../../src/sim/online-kernel.js";
import { Scheduler } from "../../src/sim/scheduler.js";
import { simulate } from "../../src/sim/simulator.js";
import { makeScenario } from "../helpers/scenarios.js";

describe("online scheduler memory", () => {
  it("stays flat over repeated create, submit, simulate and dispose", async () => {
    const scenario = makeScenario({ seed: 11, nodes: 40, sites: 5, tasks: 60, slots: 12 });
    const cycle = async () => {
      const s = await Scheduler.create(scenario);
      for (const t of scenario.tasks) s.submit(t);
      s.dispose();
      await simulate(scenario, { seed: 2 });
    };
    for (let i = 0; i < 3; i++) await cycle();
    const before = await OnlineKernel.memoryBytes();
    for (let i = 0; i < 30; i++) await cycle();
    expect(await OnlineKernel.memoryBytes()).toBe(before);
  });

  it("a service scheduler drops finished tasks, so what it holds does not grow", async () => {
    const scenario = makeScenario({ seed: 12, nodes: 6, sites: 3, tasks: 1, slots: 8 });
    const s = await Scheduler.create(scenario, { retainFinished: false });
    try {
      for (let i = 0; i < 5000; i++) {
        s.submit({ id: `job-${i}`, type: "compute", scale: "small", origin: "s1" });
        if (i >= 10) s.complete(`job-${i - 10}`);
      }
      expect(s.taskInfos().length).toBe(10);
      expect(s.counts()).toEqual({ submitted: 5000, completed: 4990, rejected: 0 });
      expect(s.audit()).toEqual([]);
    } finally {
      s.dispose();
    }
  });
});
