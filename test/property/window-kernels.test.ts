import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getKernels } from "../../src/kernels/kernels.js";
import { rollingPeak, rowPercentiles } from "../../src/kernels/load-stats.js";
import { WasmArena } from "../../src/kernels/wasm-memory.js";
import type { KernelExports } from "../../src/kernels/wasm-module.js";
import { percentileRef, rollingMaxRef } from "../helpers/kernel-reference.js";

let k: KernelExports;
beforeAll(async () => {
  k = await getKernels();
});

const value = fc.float({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const rows = fc.record({ rows: fc.integer({ min: 0, max: 5 }), len: fc.integer({ min: 0, max: 60 }) }).chain(({ rows, len }) =>
  fc.record({
    rows: fc.constant(rows),
    len: fc.constant(len),
    values: fc.array(value, { minLength: rows * len, maxLength: rows * len }),
  }),
);

describe("window kernels equal their JS reference", () => {
  for (const variant of ["rollingMaxSimd", "rollingMaxVhgw"] as const) {
    it(`${variant} == rollingMaxRef for every window length`, () => {
      fc.assert(
        fc.property(rows, fc.integer({ min: 1, max: 70 }), ({ rows, len, values }, w) => {
          const arena = new WasmArena(k);
          try {
            const v = arena.f32(values.length);
            v.write(values);
            const out = arena.f32(values.length);
            if (variant === "rollingMaxSimd") k.rollingMaxSimd(v.ptr, rows, len, w, out.ptr);
            else k.rollingMaxVhgw(v.ptr, rows, len, w, out.ptr, arena.f32(Math.max(1, len)).ptr);
            expect(Array.from(out.read())).toEqual(
              Array.from(Float32Array.from(rollingMaxRef(Float32Array.from(values), rows, len, w))),
            );
          } finally {
            arena.dispose();
          }
        }),
      );
    });
  }

  it("rowPercentile (selection) == sorted type-7 quantile over any window", () => {
    const windowed = rows
      .filter(({ len }) => len > 0)
      .chain((r) =>
        fc
          .tuple(
            fc.integer({ min: 0, max: r.len - 1 }),
            fc.integer({ min: 1, max: r.len }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          )
          .map(([from, count, q]) => ({ ...r, from, count: Math.min(count, r.len - from), q })),
      );
    fc.assert(
      fc.property(windowed, ({ rows, len, values, from, count, q }) => {
        const arena = new WasmArena(k);
        try {
          const v = arena.f32(values.length);
          v.write(values);
          const out = arena.f32(rows);
          k.rowPercentile(v.ptr, rows, len, from, count, q, out.ptr, arena.f32(count).ptr);
          const want = percentileRef(values, rows, len, from, count, q);
          out.read().forEach((g, i) => {
            expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want[i])));
          });
        } finally {
          arena.dispose();
        }
      }),
    );
  });

  it("the public wrappers pick the variants and copy out", async () => {
    const values = Float32Array.from({ length: 3 * 100 }, (_, i) => Math.sin(i) * 10);
    for (const w of [1, 4, 32, 33, 100]) {
      expect(Array.from(await rollingPeak(values, 3, 100, w))).toEqual(
        Array.from(Float32Array.from(rollingMaxRef(values, 3, 100, w))),
      );
    }
    const p95 = await rowPercentiles(values, 3, 100, 0.95);
    const want = percentileRef(values, 3, 100, 0, 100, 0.95);
    p95.forEach((g, i) => {
      expect(g).toBeCloseTo(want[i], 4);
    });
    await expect(rowPercentiles(values, 3, 100, 1.5)).rejects.toThrow(/q must be in \[0, 1\]/);
    await expect(rollingPeak(values, 3, 99, 4)).rejects.toThrow(/rows x len/);
  });
});
