import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gapObjective } from "../../src/problems/gap.js";
import { makespan } from "../../src/problems/hcsp.js";
import { GaKernel, instantiateGa } from "../../src/solve/ga/kernel.js";
import { makeGap, makeHcsp } from "../helpers/ga-instances.js";

/** Total overload of a GAP assignment, recomputed from scratch. */
function overload(inst: ReturnType<typeof makeGap>, a: ArrayLike<number>): number {
  const load = new Float64Array(inst.agents);
  for (let j = 0; j < inst.jobs; j++) load[a[j]] += inst.resource[a[j] * inst.jobs + j];
  let o = 0;
  for (let i = 0; i < inst.agents; i++) o += Math.max(0, load[i] - inst.capacity[i]);
  return o;
}

/** cost + w * total overload of an assignment, from scratch. */
function penalised(inst: ReturnType<typeof makeGap>, a: ArrayLike<number>, w: number): number {
  let c = 0;
  for (let j = 0; j < inst.jobs; j++) c += inst.cost[a[j] * inst.jobs + j];
  return c + w * overload(inst, a);
}

describe("GA kernel (full assert: incremental scores equal a recomputation)", () => {
  it("shift and swap deltas and the SIMD best-shift scan equal from-scratch differences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Odd and even agent counts: the scan does two agents per lane pair plus a scalar tail.
          m: fc.integer({ min: 1, max: 7 }),
          n: fc.integer({ min: 2, max: 12 }),
          seed: fc.integer({ min: 1, max: 1e6 }),
          tightness: fc.constantFrom(0.3, 0.8, 2),
          w: fc.constantFrom(0, 0.5, 1, 3, 1000),
          // Costs and resources from tiny ranges make equal deltas common, which tests the tie rule.
          ties: fc.boolean(),
        }),
        fc.infiniteStream(fc.nat()),
        async ({ m, n, seed, tightness, w, ties }, picks) => {
          const base = makeGap(m, n, seed, tightness);
          const inst = ties
            ? { ...base, cost: base.cost.map((c) => 1 + (c % 2)), resource: base.resource.map((r) => 1 + (r % 3)) }
            : base;
          const kernel = await GaKernel.create({
            kind: "gap",
            m,
            n,
            cost: inst.cost,
            resource: inst.resource,
            capacity: inst.capacity,
          });
          const k = kernel.wasm;
          const ptr = k.alloc(n * 4);
          try {
            const pick = () => picks.next().value as number;
            const a = Array.from({ length: n }, () => pick() % m);
            new Int32Array(k.memory.buffer, ptr, n).set(a);
            const before = penalised(inst, a, w);
            for (let j = 0; j < n; j++) {
              // Shift: every other agent, against the scan's choice (lowest below -1e-9, first on ties).
              let best = -1e-9;
              let bk = -1;
              for (let to = 0; to < m; to++) {
                if (to === a[j]) continue;
                const moved = a.slice();
                moved[j] = to;
                const d = penalised(inst, moved, w) - before;
                expect(k.deltaOfShift(ptr, j, to, w)).toBeCloseTo(d, 6);
                if (d < best) {
                  best = d;
                  bk = to;
                }
              }
              expect(k.bestShiftOf(ptr, j, w)).toBe(bk);
              if (bk >= 0) expect(k.lastScanBest()).toBeCloseTo(best, 6);
              const j2 = pick() % n;
              if (a[j2] !== a[j]) {
                const swapped = a.slice();
                [swapped[j], swapped[j2]] = [a[j2], a[j]];
                expect(k.deltaOfSwap(ptr, j, j2, w)).toBeCloseTo(penalised(inst, swapped, w) - before, 6);
              }
            }
          } finally {
            k.free(ptr);
            kernel.dispose();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("every GAP island member's stored objective and overload match a from-scratch evaluation", async () => {
    const wasm = await instantiateGa();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom(0, 1, 2, 3, 4, 5),
        async (m, n, seed, level) => {
          const inst = makeGap(m, n, seed);
          const P = 8;
          const k = await GaKernel.create(
            { kind: "gap", m, n, cost: inst.cost, resource: inst.resource, capacity: inst.capacity },
            wasm,
          );
          try {
            wasm.setLocalSearch(level, level === 5 ? 20 : 0.3);
            const genes = new Int32Array(P * n + 4);
            const meta = new Float64Array(3 * P + 2 + m);
            k.withIsland(genes, meta, (g, mp) => wasm.initIsland(g, mp, P, 0, seed));
            k.withIsland(genes, meta, (g, mp) => wasm.evolve(g, mp, P, 20));
            for (let q = 0; q < P; q++) {
              const a = genes.subarray(q * n, q * n + n);
              for (const x of a) expect(x >= 0 && x < m).toBe(true);
              expect(meta[q]).toBeCloseTo(gapObjective(inst, a).objective, 6);
              expect(meta[P + q]).toBeCloseTo(overload(inst, a), 6);
            }
          } finally {
            k.dispose();
          }
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it("every HCSP island member's stored makespan matches a recomputation (up to the work tie-break)", async () => {
    const wasm = await instantiateGa();
    const inst = makeHcsp(50, 5, 3);
    const k = await GaKernel.create({ kind: "hcsp", m: 5, n: 50, cost: inst.etc }, wasm);
    const P = 6;
    const genes = new Int32Array(P * 50 + 4);
    const meta = new Float64Array(3 * P + 2 + 5);
    k.withIsland(genes, meta, (g, mp) => wasm.initIsland(g, mp, P, 0, 1));
    k.withIsland(genes, meta, (g, mp) => wasm.evolve(g, mp, P, 50));
    for (let q = 0; q < P; q++) {
      const ms = makespan(inst, genes.subarray(q * 50, q * 50 + 50));
      expect(meta[q]).toBeGreaterThanOrEqual(ms);
      expect(meta[q] - ms).toBeLessThanOrEqual(1e-4);
    }
    k.dispose();
  });

  it("WASM memory stays flat over many create / evolve / dispose cycles", async () => {
    const wasm = await instantiateGa();
    const inst = makeGap(5, 60, 1);
    let size = 0;
    for (let r = 0; r < 60; r++) {
      const k = await GaKernel.create(
        { kind: "gap", m: 5, n: 60, cost: inst.cost, resource: inst.resource, capacity: inst.capacity },
        wasm,
      );
      const genes = new Int32Array(10 * 60 + 4);
      const meta = new Float64Array(3 * 10 + 2 + 5);
      k.withIsland(genes, meta, (g, mp) => wasm.initIsland(g, mp, 10, 0, r));
      k.withIsland(genes, meta, (g, mp) => wasm.evolve(g, mp, 10, 5));
      k.dispose();
      if (r === 10) size = wasm.memory.buffer.byteLength;
    }
    expect(wasm.memory.buffer.byteLength).toBe(size);
    const k = await GaKernel.create({ kind: "hcsp", m: 1, n: 1, cost: new Float64Array([1]) }, wasm);
    k.dispose();
    expect(() => k.withIsland(new Int32Array(5), new Float64Array(6), () => 0)).toThrow(/disposed/);
  });
});
