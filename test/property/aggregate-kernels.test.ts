import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fleetTotalsAuto, groupScratchBytes, nodeLoadsGrouped } from "../../src/kernels/aggregate.js";
import { getKernels } from "../../src/kernels/kernels.js";
import { WasmArena } from "../../src/kernels/wasm-memory.js";
import type { KernelExports } from "../../src/kernels/wasm-module.js";
import { headroomRef, weightedTotalsRef } from "../helpers/kernel-reference.js";
import { closeTo, fleetTotalsRef, nodeLoadsRef } from "../helpers/load-reference.js";

let k: KernelExports;
beforeAll(async () => {
  k = await getKernels();
});

const f32 = fc.float({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true });

/** Random tensors with a random column range [c0, c1) inside the row, empty shapes included. */
const tensor = fc
  .record({
    tasks: fc.integer({ min: 0, max: 40 }),
    rowLen: fc.integer({ min: 0, max: 70 }),
    nodes: fc.integer({ min: 1, max: 9 }),
  })
  .chain(({ tasks, rowLen, nodes }) =>
    fc.record({
      tasks: fc.constant(tasks),
      rowLen: fc.constant(rowLen),
      nodes: fc.constant(nodes),
      demand: fc.array(f32, { minLength: tasks * rowLen, maxLength: tasks * rowLen }),
      assign: fc.array(fc.integer({ min: -1, max: nodes }), { minLength: tasks, maxLength: tasks }),
      weights: fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), {
        minLength: tasks,
        maxLength: tasks,
      }),
      range: fc
        .tuple(fc.integer({ min: 0, max: rowLen }), fc.integer({ min: 0, max: rowLen }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
    }),
  );

describe("aggregation variants equal their JS reference", () => {
  for (const variant of ["fleetTotalsStream", "fleetTotalsRows4", "fleetTotalsTile", "fleetTotalsScalarRange"] as const) {
    it(`${variant} over a column range == fleetTotalsRef, other columns untouched`, () => {
      fc.assert(
        fc.property(tensor, ({ tasks, rowLen, demand, range: [c0, c1] }) => {
          const arena = new WasmArena(k);
          try {
            const d = arena.f32(demand.length);
            d.write(demand);
            const out = arena.f32(rowLen);
            out.write(new Array(rowLen).fill(-7));
            k[variant](d.ptr, tasks, rowLen, c0, c1, out.ptr);
            const got = out.read();
            const want = fleetTotalsRef(demand, tasks, rowLen);
            for (let i = 0; i < rowLen; i++) {
              if (i >= c0 && i < c1) expect(closeTo(got[i], want[i], tasks)).toBe(true);
              else expect(got[i]).toBe(-7);
            }
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  it("fleetTotalsAuto == fleetTotalsRef", () => {
    fc.assert(
      fc.property(tensor, ({ tasks, rowLen, demand }) => {
        const arena = new WasmArena(k);
        try {
          const d = arena.f32(demand.length);
          d.write(demand);
          const out = arena.f32(rowLen);
          fleetTotalsAuto(k, d.ptr, tasks, rowLen, out.ptr);
          const want = fleetTotalsRef(demand, tasks, rowLen);
          out.read().forEach((v, i) => {
            expect(closeTo(v, want[i], tasks)).toBe(true);
          });
        } finally {
          arena.dispose();
        }
      }),
    );
  });

  for (const variant of ["weightedTotals", "weightedTotalsScalar"] as const) {
    it(`${variant} == weightedTotalsRef (C_total)`, () => {
      fc.assert(
        fc.property(tensor, ({ tasks, rowLen, demand, weights }) => {
          const arena = new WasmArena(k);
          try {
            const d = arena.f32(demand.length);
            d.write(demand);
            const w = arena.f32(tasks);
            w.write(weights);
            const out = arena.f32(rowLen);
            k[variant](d.ptr, tasks, rowLen, w.ptr, out.ptr);
            const want = weightedTotalsRef(demand, tasks, rowLen, weights);
            // Terms of both signs: tolerance relative to the sum of magnitudes.
            const mag = weightedTotalsRef(demand, tasks, rowLen, weights.map(Math.abs));
            out.read().forEach((v, i) => {
              expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, tasks) * Math.max(1, mag[i]));
            });
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  it("nodeLoadsRange over a column range == nodeLoadsRef", () => {
    fc.assert(
      fc.property(tensor, ({ tasks, rowLen, nodes, demand, assign, range: [c0, c1] }) => {
        const arena = new WasmArena(k);
        try {
          const d = arena.f32(demand.length);
          d.write(demand);
          const a = arena.i32(tasks);
          a.write(assign);
          const out = arena.f32(nodes * rowLen);
          out.write(new Array(nodes * rowLen).fill(-7));
          k.nodeLoadsRange(d.ptr, tasks, rowLen, a.ptr, nodes, c0, c1, out.ptr);
          const got = out.read();
          const want = nodeLoadsRef(demand, tasks, rowLen, assign, nodes);
          for (let i = 0; i < want.length; i++) {
            const col = i % Math.max(1, rowLen);
            if (col >= c0 && col < c1) expect(closeTo(got[i], want[i], tasks)).toBe(true);
            else expect(got[i]).toBe(-7);
          }
        } finally {
          arena.dispose();
        }
      }),
    );
  });

  it("groupByNode + nodeLoadsGrouped (any node split) == nodeLoadsRef", () => {
    fc.assert(
      fc.property(tensor, fc.integer({ min: 0, max: 9 }), ({ tasks, rowLen, nodes, demand, assign }, cut) => {
        const arena = new WasmArena(k);
        try {
          const d = arena.f32(demand.length);
          d.write(demand);
          const a = arena.i32(tasks);
          a.write(assign);
          const scratch = arena.u8(groupScratchBytes(tasks, nodes));
          const out = arena.f32(nodes * rowLen);
          const want = nodeLoadsRef(demand, tasks, rowLen, assign, nodes);
          // Whole call, then the same work split in two node ranges (as the threads do).
          nodeLoadsGrouped(k, d.ptr, tasks, rowLen, a.ptr, nodes, out.ptr, scratch.ptr);
          out.read().forEach((v, i) => {
            expect(closeTo(v, want[i], tasks)).toBe(true);
          });
          const split = Math.min(cut, nodes);
          k.groupByNode(a.ptr, tasks, nodes, scratch.ptr);
          k.nodeLoadsGrouped(d.ptr, rowLen, nodes, scratch.ptr, 0, split, out.ptr);
          k.nodeLoadsGrouped(d.ptr, rowLen, nodes, scratch.ptr, split, nodes, out.ptr);
          out.read().forEach((v, i) => {
            expect(closeTo(v, want[i], tasks)).toBe(true);
          });
        } finally {
          arena.dispose();
        }
      }),
    );
  });

  for (const variant of ["headroom", "headroomScalar"] as const) {
    it(`${variant} == headroomRef`, () => {
      const shape = fc.record({ rows: fc.integer({ min: 0, max: 8 }), S: fc.integer({ min: 0, max: 23 }) }).chain(({ rows, S }) =>
        fc.record({
          rows: fc.constant(rows),
          S: fc.constant(S),
          loads: fc.array(f32, { minLength: rows * S, maxLength: rows * S }),
          cap: fc.array(f32, { minLength: rows, maxLength: rows }),
        }),
      );
      fc.assert(
        fc.property(shape, ({ rows, S, loads, cap }) => {
          const arena = new WasmArena(k);
          try {
            const l = arena.f32(loads.length);
            l.write(loads);
            const c = arena.f32(rows);
            c.write(cap);
            const out = arena.f32(loads.length);
            const min = arena.f32(rows);
            // rows = nodes x resources: pass them as `rows` nodes of one resource.
            k[variant](l.ptr, rows, 1, S, c.ptr, out.ptr, min.ptr);
            const want = headroomRef(loads, rows, S, cap);
            expect(Array.from(out.read())).toEqual(Array.from(Float32Array.from(want.h)));
            expect(Array.from(min.read())).toEqual(Array.from(Float32Array.from(want.min)));
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  it("readProbe == the sum of the values", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 200 }), (xs) => {
        const arena = new WasmArena(k);
        try {
          const v = arena.f32(xs.length);
          v.write(xs);
          // Small integers: every partial sum is exact in f32, so the order of additions does not matter.
          expect(k.readProbe(v.ptr, xs.length)).toBe(xs.reduce((a, b) => a + b, 0));
        } finally {
          arena.dispose();
        }
      }),
    );
  });
});
