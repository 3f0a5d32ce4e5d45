import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESOURCE_COUNT } from "../../src/model/types.js";
import { orderMoves, type PlannedMove } from "../../src/sim/migration.js";
import { Scheduler } from "../../src/sim/scheduler.js";
import { makeScenario, rng } from "../helpers/scenarios.js";

const R = RESOURCE_COUNT;

describe("migration plans", () => {
  it("never exceed any node's usable capacity part-way through, and stay within the move budget", async () => {
    let totalMoves = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          tasks: fc.integer({ min: 5, max: 80 }),
          nodes: fc.integer({ min: 2, max: 10 }),
          sites: fc.integer({ min: 1, max: 4 }),
          slots: fc.integer({ min: 4, max: 16 }),
          policy: fc.constantFrom("consolidate" as const, "greedy" as const, "ilp" as const),
          moveBudget: fc.integer({ min: 0, max: 30 }),
          ticks: fc.integer({ min: 1, max: 3 }),
        }),
        async (shape) => {
          const scenario = makeScenario(shape);
          const s = await Scheduler.create(scenario, { policy: shape.policy, moveBudget: shape.moveBudget, replanEvery: 2 });
          try {
            // Spread tasks over every node first (as if they had been placed by another scheduler) by
            // submitting them with all nodes on; then move time so forecasts change.
            const r = rng(shape.seed);
            for (const t of scenario.tasks) s.submit(t);
            for (let tick = 1; tick <= shape.ticks && tick < shape.slots; tick++) {
              s.advance(tick);
              s.observe(s.running().map((x) => ({ task: x.task, load: x.expected * (0.8 + 0.4 * r()) })));
            }
            const plan = await s.reoptimize();
            expect(plan.moves.length).toBeLessThanOrEqual(shape.moveBudget);
            expect(s.firstUnsafeStep(plan)).toBe(-1);
            totalMoves += plan.moves.length;
            // Independent replay: execute the plan one move at a time and check every node after each step.
            const N = scenario.nodes.length;
            const before = Array.from({ length: N }, (_, n) => Array.from({ length: R }, (_, k) => s.reservation(n, k)));
            for (const m of plan.moves) {
              const done = s.apply({ ...plan, moves: [m], powerOff: [] });
              expect(done).toHaveLength(1);
              for (let n = 0; n < N; n++) {
                for (let k = 0; k < R; k++) {
                  const { reserved, usable } = s.reservation(n, k);
                  // A node already over its usable capacity (forecast growth) may only shrink.
                  const limit = Math.max(usable, before[n][k].reserved) + 1e-3;
                  expect(reserved, `node n${n} resource ${k} after moving ${m.task} to ${m.to}`).toBeLessThanOrEqual(limit);
                }
              }
              expect(m.reason).toMatch(/consolidate|rebalance|relief|failover/);
              expect(m.detail.length).toBeGreaterThan(0);
              expect(m.costKWh).toBeGreaterThanOrEqual(0);
            }
            s.apply({ ...plan, moves: [] });
            for (const id of plan.powerOff) {
              expect(s.nodeStates()[scenario.nodes.findIndex((n) => n.id === id)]).toBe("off");
            }
            expect(s.audit()).toEqual([]);
          } finally {
            s.dispose();
          }
        },
      ),
      { numRuns: 80 },
    );
    // The law is only worth something if plans do move tasks.
    expect(totalMoves).toBeGreaterThan(20);
  });

  it("orderMoves only emits moves whose target has room at that step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, nodes, span) => {
          const r = rng(seed);
          const usable = Float64Array.from({ length: nodes * R }, () => 4 + Math.floor(r() * 8));
          const tasks: Float64Array[] = [];
          const at: number[] = [];
          const reserved = new Float64Array(nodes * span * R);
          for (let t = 0; t < 20; t++) {
            const row = Float64Array.from({ length: span * R }, () => Math.round(r() * 20) / 10);
            const n = Math.floor(r() * nodes);
            tasks.push(row);
            at.push(n);
            for (let j = 0; j < span * R; j++) reserved[n * span * R + j] += row[j];
          }
          const wanted: PlannedMove[] = tasks.map((_, t) => ({
            task: t,
            from: at[t],
            to: Math.floor(r() * nodes),
            reason: "rebalance",
            detail: "test",
          }));
          const start = reserved.slice();
          const out = orderMoves(
            wanted.filter((m) => m.from !== m.to),
            reserved,
            usable,
            10,
            (t) => tasks[t],
            span,
          );
          expect(out.length).toBeLessThanOrEqual(10);
          const live = start.slice();
          for (const m of out) {
            for (let j = 0; j < span * R; j++) {
              expect(live[m.to * span * R + j] + tasks[m.task][j]).toBeLessThanOrEqual(usable[m.to * R + (j % R)] + 1e-3);
            }
            for (let j = 0; j < span * R; j++) {
              live[m.to * span * R + j] += tasks[m.task][j];
              live[m.from * span * R + j] -= tasks[m.task][j];
            }
          }
          expect(Array.from(live)).toEqual(Array.from(reserved));
        },
      ),
      { numRuns: 200 },
    );
  });
});
