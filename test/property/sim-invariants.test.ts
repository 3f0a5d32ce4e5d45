import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SimEvent } from "../../src/sim/types.js";
import { simulate } from "../../src/sim/simulator.js";
import { makeScenario, rng } from "../helpers/scenarios.js";

const STATES = new Set(["queued", "running", "completed", "rejected"]);

/** A valid random event sequence for a scenario: node outages that never overlap, spikes, arrivals, departures. */
function randomEvents(seed: number, nodes: number, sites: number, slots: number, taskIds: string[]): SimEvent[] {
  const r = rng(seed);
  const events: SimEvent[] = [];
  for (let n = 0; n < nodes; n++) {
    let t = Math.floor(r() * slots);
    while (t < slots && r() < 0.6) {
      events.push({ tick: t, type: "nodeDown", node: `n${n}` });
      const up = t + 1 + Math.floor(r() * 4);
      if (up >= slots) break;
      events.push({ tick: up, type: "nodeUp", node: `n${n}` });
      t = up + Math.floor(r() * 4);
    }
  }
  const arrivals = Math.floor(r() * 4);
  for (let i = 0; i < arrivals; i++) {
    const tick = Math.floor(r() * slots);
    events.push({
      tick,
      type: "arrive",
      task: { id: `x${i}`, type: "compute", scale: "small", origin: `s${Math.floor(r() * sites)}` },
    });
    if (r() < 0.5 && tick + 1 < slots)
      events.push({ tick: tick + 1 + Math.floor(r() * (slots - tick - 1)), type: "depart", task: `x${i}` });
  }
  for (const id of taskIds) if (r() < 0.1) events.push({ tick: Math.floor(r() * slots), type: "depart", task: id });
  if (r() < 0.5)
    events.push({ tick: Math.floor(r() * slots), type: "spike", site: "s0", factor: 1.5 + r(), ticks: 1 + Math.floor(r() * 3) });
  return events.sort(() => r() - 0.5);
}

describe("simulator accounting laws", () => {
  it("at every tick every task is in exactly one state, running tasks are on nodes that are up, nothing is lost", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          tasks: fc.integer({ min: 1, max: 40 }),
          nodes: fc.integer({ min: 1, max: 8 }),
          sites: fc.integer({ min: 1, max: 4 }),
          slots: fc.integer({ min: 2, max: 16 }),
          policy: fc.constantFrom("consolidate" as const, "greedy" as const, "spread" as const, "ilp" as const),
          randomFailures: fc.boolean(),
        }),
        async (shape) => {
          const scenario = makeScenario(shape);
          const events = randomEvents(
            shape.seed,
            shape.nodes,
            shape.sites,
            shape.slots,
            scenario.tasks.map((t) => t.id),
          );
          let ticks = 0;
          const result = await simulate(scenario, {
            policy: shape.policy,
            seed: shape.seed,
            events: { events },
            failureModel: shape.randomFailures
              ? { core: { mtbfHours: 1, mttrHours: 0.5 }, edge: { mtbfHours: 1, mttrHours: 0.5 } }
              : null,
            onTick(tick, scheduler) {
              ticks++;
              // Full-assert: reservations equal the sum of their tasks, states are consistent.
              expect(scheduler.audit()).toEqual([]);
              const nodes = scheduler.nodeStates();
              const seen = new Set<string>();
              for (const t of scheduler.taskInfos()) {
                expect(seen.has(t.task), `${t.task} listed twice at tick ${tick}`).toBe(false);
                seen.add(t.task);
                expect(STATES.has(t.state), `${t.task} in state ${t.state}`).toBe(true);
                if (t.state === "running") {
                  expect(t.node).not.toBeNull();
                  const n = scenario.nodes.findIndex((x) => x.id === t.node);
                  expect(nodes[n], `${t.task} runs on ${t.node} at tick ${tick}`).toBe("on");
                }
                if (t.state === "rejected") expect(t.reason.length).toBeGreaterThan(0);
              }
            },
          });
          const s = result.summary;
          expect(ticks).toBe(shape.slots);
          expect(s.tasksLost).toBe(0);
          expect(s.tasksCompleted + s.tasksRunning + s.tasksQueued + s.tasksRejected).toBe(s.tasksSubmitted);
          for (const rec of result.timeline) {
            expect(rec.queued + rec.running + rec.completed + rec.rejected).toBeLessThanOrEqual(s.tasksSubmitted);
          }
          expect(s.tasksSubmitted).toBe(scenario.tasks.length + events.filter((e) => e.type === "arrive").length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("same seed, same result", async () => {
    const scenario = makeScenario({ seed: 7, tasks: 30, nodes: 6, sites: 3, slots: 12 });
    const a = await simulate(scenario, { seed: 5 });
    const b = await simulate(scenario, { seed: 5 });
    const strip = (r: typeof a) => ({ ...r.summary, runtimeMs: 0 });
    expect(strip(a)).toEqual(strip(b));
    expect(a.timeline).toEqual(b.timeline);
  });
});
