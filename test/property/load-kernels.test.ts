import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getKernels } from "../../src/kernels/kernels.js";
import { WasmArena } from "../../src/kernels/wasm-memory.js";
import type { KernelExports } from "../../src/kernels/wasm-module.js";
import { closeTo, fleetTotalsRef, nodeLoadsRef, rowMaxRef, utilisationRef } from "../helpers/load-reference.js";

let k: KernelExports;
beforeAll(async () => {
  k = await getKernels();
});

const f32 = fc.float({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true });

/** Random shapes including empty and single-element ones. */
const tensor = fc
  .record({
    tasks: fc.integer({ min: 0, max: 40 }),
    rowLen: fc.integer({ min: 0, max: 37 }),
    nodes: fc.integer({ min: 1, max: 9 }),
  })
  .chain(({ tasks, rowLen, nodes }) =>
    fc.record({
      tasks: fc.constant(tasks),
      rowLen: fc.constant(rowLen),
      nodes: fc.constant(nodes),
      demand: fc.array(f32, { minLength: tasks * rowLen, maxLength: tasks * rowLen }),
      // -1 and `nodes` are out of range on purpose: unplaced tasks must be skipped.
      assign: fc.array(fc.integer({ min: -1, max: nodes }), { minLength: tasks, maxLength: tasks }),
    }),
  );

describe("load kernels equal their JS reference", () => {
  for (const variant of ["fleetTotals", "fleetTotalsScalar"] as const) {
    it(`${variant} == fleetTotalsRef`, () => {
      fc.assert(
        fc.property(tensor, ({ tasks, rowLen, demand }) => {
          const arena = new WasmArena(k);
          try {
            const d = arena.f32(demand.length);
            d.write(demand);
            const out = arena.f32(rowLen);
            k[variant](d.ptr, tasks, rowLen, out.ptr);
            const got = out.read();
            const want = fleetTotalsRef(Float32Array.from(demand), tasks, rowLen);
            for (let i = 0; i < rowLen; i++) expect(closeTo(got[i], want[i], tasks)).toBe(true);
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  for (const variant of ["nodeLoads", "nodeLoadsScalar"] as const) {
    it(`${variant} == nodeLoadsRef`, () => {
      fc.assert(
        fc.property(tensor, ({ tasks, rowLen, nodes, demand, assign }) => {
          const arena = new WasmArena(k);
          try {
            const d = arena.f32(demand.length);
            d.write(demand);
            const a = arena.i32(tasks);
            a.write(assign);
            const out = arena.f32(nodes * rowLen);
            k[variant](d.ptr, tasks, rowLen, a.ptr, nodes, out.ptr);
            const got = out.read();
            const want = nodeLoadsRef(Float32Array.from(demand), tasks, rowLen, assign, nodes);
            for (let i = 0; i < want.length; i++) expect(closeTo(got[i], want[i], tasks)).toBe(true);
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  it("utilisation and rowMax == reference", () => {
    const shape = fc
      .record({ nodes: fc.integer({ min: 0, max: 6 }), R: fc.integer({ min: 1, max: 4 }), S: fc.integer({ min: 0, max: 19 }) })
      .chain(({ nodes, R, S }) =>
        fc.record({
          nodes: fc.constant(nodes),
          R: fc.constant(R),
          S: fc.constant(S),
          loads: fc.array(f32, { minLength: nodes * R * S, maxLength: nodes * R * S }),
          cap: fc.array(fc.oneof(fc.constant(0), f32), { minLength: nodes * R, maxLength: nodes * R }),
        }),
      );
    fc.assert(
      fc.property(shape, ({ nodes, R, S, loads, cap }) => {
        const arena = new WasmArena(k);
        try {
          const l = arena.f32(loads.length);
          l.write(loads);
          const c = arena.f32(cap.length);
          c.write(cap);
          const u = arena.f32(loads.length);
          k.utilisation(l.ptr, nodes, R, S, c.ptr, u.ptr);
          const peaks = arena.f32(nodes * R);
          k.rowMax(u.ptr, nodes * R, S, peaks.ptr);
          const want = utilisationRef(Float32Array.from(loads), nodes, R, S, Float32Array.from(cap));
          const got = u.read();
          for (let i = 0; i < want.length; i++) expect(closeTo(got[i], want[i], 1)).toBe(true);
          const wantPeaks = rowMaxRef(got, nodes * R, S);
          expect(Array.from(peaks.read())).toEqual(Array.from(Float32Array.from(wantPeaks)));
        } finally {
          arena.dispose();
        }
      }),
    );
  });
});
