import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeptonError } from "../../src/model/errors.js";
import { ParallelAggregator } from "../../src/runtime/aggregate-pool.js";
import { closeTo, fleetTotalsRef, nodeLoadsRef } from "../helpers/load-reference.js";

// Uses the built worker (dist/runtime/aggregate-worker.js): `npm test` builds first.
let pool: ParallelAggregator;
beforeAll(async () => {
  pool = await ParallelAggregator.create({ threads: 2 });
});
afterAll(async () => {
  await pool.destroy();
});

describe("ParallelAggregator over shared memory", () => {
  it("fleet totals, scatter (partial and grouped) and the probe equal the references", async () => {
    for (const [tasks, rowLen, nodes] of [
      [1, 7, 1],
      [37, 384, 5],
      [203, 96, 13],
    ]) {
      const demand = Float32Array.from({ length: tasks * rowLen }, (_, i) => ((i * 31) % 101) / 7);
      const assign = Int32Array.from({ length: tasks }, (_, t) => ((t * 5) % (nodes + 2)) - 1); // -1 and nodes: unplaced
      const d = pool.alloc(demand.length * 4);
      const a = pool.alloc(tasks * 4);
      const out = pool.alloc(rowLen * 4);
      const loads = pool.alloc(nodes * rowLen * 4);
      try {
        new Float32Array(pool.memory.buffer, d, demand.length).set(demand);
        new Int32Array(pool.memory.buffer, a, tasks).set(assign);
        await pool.fleetTotals(d, tasks, rowLen, out);
        const wantF = fleetTotalsRef(demand, tasks, rowLen);
        new Float32Array(pool.memory.buffer, out, rowLen).forEach((v, i) => {
          expect(closeTo(v, wantF[i], tasks)).toBe(true);
        });
        const wantN = nodeLoadsRef(demand, tasks, rowLen, assign, nodes);
        for (const mode of ["partial", "grouped"] as const) {
          await pool.nodeLoads(d, tasks, rowLen, a, nodes, loads, mode);
          new Float32Array(pool.memory.buffer, loads, nodes * rowLen).forEach((v, i) => {
            expect(closeTo(v, wantN[i], tasks)).toBe(true);
          });
        }
        const sum = demand.reduce((s, x) => s + x, 0);
        expect(Math.abs((await pool.readProbe(d, demand.length)) - sum)).toBeLessThan(1e-4 * sum + 1e-3);
      } finally {
        for (const p of [d, a, out, loads]) pool.free(p);
      }
    }
  });

  it("keeps the shared memory flat over repeated calls", async () => {
    const tasks = 64;
    const rowLen = 384;
    const d = pool.alloc(tasks * rowLen * 4);
    const a = pool.alloc(tasks * 4);
    const out = pool.alloc(8 * rowLen * 4);
    try {
      await pool.nodeLoads(d, tasks, rowLen, a, 8, out);
      const before = pool.memory.buffer.byteLength;
      for (let i = 0; i < 200; i++) {
        await pool.fleetTotals(d, tasks, rowLen, out);
        await pool.nodeLoads(d, tasks, rowLen, a, 8, out, i % 2 ? "grouped" : "partial");
      }
      expect(pool.memory.buffer.byteLength).toBe(before);
    } finally {
      for (const p of [d, a, out]) pool.free(p);
    }
  });

  it("validates threads and refuses use after destroy", async () => {
    await expect(ParallelAggregator.create({ threads: 0 })).rejects.toThrow(/threads must be an integer/);
    const p = await ParallelAggregator.create({ threads: 1 });
    await p.destroy();
    expect(() => p.alloc(16)).toThrowError(LeptonError);
    await expect(p.fleetTotals(0, 0, 0, 0)).rejects.toMatchObject({ code: "DISPOSED" });
  });
});
