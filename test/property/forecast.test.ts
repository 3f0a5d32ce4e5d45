import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { seasonalNaive, seasonalNaiveScale } from "../../src/forecast/accuracy.js";
import { forecast } from "../../src/forecast/forecast.js";
import { normalQuantile } from "../../src/forecast/normal.js";
import { getKernels } from "../../src/kernels/kernels.js";
import { WasmArena } from "../../src/kernels/wasm-memory.js";
import type { KernelExports } from "../../src/kernels/wasm-module.js";
import { smoothingRef } from "../helpers/kernel-reference.js";

let k: KernelExports;
beforeAll(async () => {
  k = await getKernels();
});

const KINDS = [
  { kind: 0 as const, method: "ewma" as const },
  { kind: 1 as const, method: "holt" as const },
  { kind: 2 as const, method: "holt-winters" as const },
];

/** A batch of series of one length plus admissible parameters. */
const batch = fc
  .record({
    count: fc.integer({ min: 1, max: 4 }),
    m: fc.integer({ min: 2, max: 12 }),
    seasons: fc.integer({ min: 1, max: 5 }),
    extra: fc.integer({ min: 2, max: 9 }),
    horizon: fc.integer({ min: 1, max: 30 }),
  })
  .chain(({ count, m, seasons, extra, horizon }) => {
    const len = m * seasons + extra;
    return fc.record({
      count: fc.constant(count),
      m: fc.constant(m),
      len: fc.constant(len),
      horizon: fc.constant(horizon),
      ys: fc.array(
        fc.array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { minLength: len, maxLength: len }),
        {
          minLength: count,
          maxLength: count,
        },
      ),
      alpha: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      rb: fc.double({ min: 0, max: 1, noNaN: true }),
      rg: fc.double({ min: 0, max: 1, noNaN: true }),
      phi: fc.double({ min: 0.8, max: 1, noNaN: true }),
    });
  });

function close(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(b), scale);
}

describe("forecastBatch equals the JS reference", () => {
  for (const { kind, method } of KINDS) {
    it(`${method} with given parameters: points, intervals and sigma`, () => {
      fc.assert(
        fc.property(batch, ({ count, m, len, horizon, ys, alpha, rb, rg, phi }) => {
          const p = {
            alpha,
            beta: kind >= 1 ? rb * alpha : 0,
            gamma: kind === 2 ? rg * (1 - alpha) : 0,
            phi: kind >= 1 ? phi : 1,
          };
          const arena = new WasmArena(k);
          try {
            const y = arena.f32(count * len);
            y.write(ys.flat());
            const params = arena.f64(count * 5);
            params.write(ys.flatMap(() => [p.alpha, p.beta, p.gamma, p.phi, 0]));
            const pt = arena.f32(count * horizon);
            const lo = arena.f32(count * horizon);
            const hi = arena.f32(count * horizon);
            const z = 1.96;
            k.forecastBatch(kind, y.ptr, count, len, m, horizon, z, 0, params.ptr, pt.ptr, lo.ptr, hi.ptr);
            const [P, L, H, Q] = [pt.read(), lo.read(), hi.read(), params.read()];
            ys.forEach((series, i) => {
              const want = smoothingRef(kind, series, m, horizon, z, p);
              const scale = Math.max(...series.map(Math.abs));
              expect(close(Q[i * 5 + 4], want.sigma, scale)).toBe(true);
              for (let h = 0; h < horizon; h++) {
                expect(close(P[i * horizon + h], want.point[h], scale)).toBe(true);
                expect(close(L[i * horizon + h], want.lower[h], scale)).toBe(true);
                expect(close(H[i * horizon + h], want.upper[h], scale)).toBe(true);
                expect(L[i * horizon + h]).toBeLessThanOrEqual(H[i * horizon + h]);
              }
            });
          } finally {
            arena.dispose();
          }
        }),
        { numRuns: 60 },
      );
    });

    it(`${method} fitting stays admissible and never loses to its start grid`, async () => {
      await fc.assert(
        fc.asyncProperty(batch, async ({ m, ys, horizon }) => {
          const fits = await forecast(ys, { method, season: m, horizon });
          fits.forEach((f, i) => {
            const { alpha, beta, gamma, phi } = f.params;
            expect(alpha).toBeGreaterThan(0);
            expect(alpha).toBeLessThan(1);
            expect(beta).toBeGreaterThanOrEqual(0);
            expect(beta).toBeLessThanOrEqual(alpha + 1e-12);
            expect(gamma).toBeGreaterThanOrEqual(0);
            expect(gamma).toBeLessThanOrEqual(1 - alpha + 1e-12);
            expect(phi).toBe(1);
            const fitted = smoothingRef(kind, ys[i], m, horizon, 1.96, f.params).sse;
            // The search starts from the best grid point, so it can only be better than each of them.
            for (const a of [0.05, 0.2, 0.5, 0.9]) {
              const al = 0.0001 + a * (0.9999 - 0.0001);
              const grid = smoothingRef(kind, ys[i], m, horizon, 1.96, {
                alpha: al,
                beta: 0,
                gamma: kind === 2 ? 0.05 * (1 - al) : 0,
                phi: 1,
              }).sse;
              expect(fitted).toBeLessThanOrEqual(grid * (1 + 1e-6) + 1e-6);
            }
          });
        }),
        { numRuns: 25 },
      );
    });
  }

  it("same input, same output (deterministic), whatever the batch it is in", async () => {
    const ys = Array.from({ length: 6 }, (_, i) => Array.from({ length: 60 }, (_, t) => 10 + i + Math.sin(t / 2) * 3 + (t % 5)));
    const all = await forecast(ys, { season: 12, horizon: 12 });
    const one = await forecast([ys[3]], { season: 12, horizon: 12 });
    expect(Array.from(one[0].point)).toEqual(Array.from(all[3].point));
    expect(one[0].params).toEqual(all[3].params);
  });

  it("Holt-Winters beats seasonal naive on a clean seasonal series with noise", async () => {
    let s = 7;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const m = 24;
    const y = Array.from({ length: 10 * m }, (_, t) => 100 + 20 * Math.sin((2 * Math.PI * t) / m) + (rnd() - 0.5) * 8);
    const hist = y.slice(0, 9 * m);
    const act = y.slice(9 * m);
    const [f] = await forecast([hist], { season: m, horizon: m });
    const mae = (p: ArrayLike<number>) => act.reduce((a, v, i) => a + Math.abs(v - p[i]), 0) / m;
    expect(mae(f.point) / seasonalNaiveScale(hist, m)).toBeLessThan(1);
    expect(mae(f.point)).toBeLessThan(mae(seasonalNaive(hist, m, m)));
  });

  it("normalQuantile matches known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});
