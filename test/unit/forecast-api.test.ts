import { describe, expect, it } from "vitest";
import { forecast, LeptonError } from "../../src/index.js";

const series = [Array.from({ length: 50 }, (_, t) => 10 + Math.sin(t))];

async function issue(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LeptonError);
    expect((e as LeptonError).code).toBe("INVALID_INPUT");
    return (e as LeptonError).message;
  }
  throw new Error("expected a rejection");
}

describe("forecast(): validation at the edge", () => {
  it("rejects bad options naming the option and the fix", async () => {
    expect(await issue(forecast(series, { horizon: 0 }))).toMatch(/options\.horizon: must be an integer/);
    expect(await issue(forecast(series, { horizon: 5, method: "holt-winters" }))).toMatch(/options\.season: .*e\.g\. 96/);
    expect(await issue(forecast(series, { horizon: 5, season: 7, level: 1.5 }))).toMatch(/options\.level/);
    expect(await issue(forecast(series, { horizon: 5, method: "arima" as never }))).toMatch(
      /options\.method: must be one of ewma, holt, holt-winters, auto/,
    );
    expect(await issue(forecast(series, { horizon: 5, method: "auto", params: { alpha: 0.5 } }))).toMatch(
      /options\.params: cannot be combined with method auto/,
    );
    expect(await issue(forecast(series, { horizon: 5, params: { alpha: 2 } }))).toMatch(/options\.params\.alpha/);
  });

  it("rejects bad series naming the index", async () => {
    expect(
      await issue(
        forecast(
          [
            [1, 2, 3],
            [1, Number.NaN, 3],
          ],
          { horizon: 2, method: "ewma" },
        ),
      ),
    ).toMatch(/series\[1\]\[1\]: must be a finite number/);
    expect(await issue(forecast([[1, 2, 3]], { horizon: 2, season: 24 }))).toMatch(
      /series\[0\]: has 3 values; holt-winters needs at least 26/,
    );
    expect(await issue(forecast("nope" as never, { horizon: 2 }))).toMatch(/series must be an array/);
  });

  it("returns plain copies with one forecast per series, mixed lengths batched", async () => {
    const ys = [series[0], series[0].slice(0, 40), series[0].slice(5)];
    const out = await forecast(ys, { season: 6, horizon: 7, level: 0.8 });
    expect(out).toHaveLength(3);
    for (const f of out) {
      expect(f.point).toBeInstanceOf(Float32Array);
      expect(f.point).toHaveLength(7);
      for (let h = 0; h < 7; h++) {
        expect(f.lower[h]).toBeLessThanOrEqual(f.point[h]);
        expect(f.upper[h]).toBeGreaterThanOrEqual(f.point[h]);
      }
    }
    // Fixed parameters are used as given.
    const [fixed] = await forecast([series[0]], { method: "ewma", horizon: 3, params: { alpha: 0.3 } });
    expect(fixed.params.alpha).toBe(0.3);
  });

  it("auto picks per series the candidate with the least held-back error and says which", async () => {
    const m = 12;
    const seasonal = Array.from({ length: 8 * m }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / m) + ((t * 7) % 5));
    const flat = Array.from({ length: 8 * m }, (_, t) => 30 + ((t * 13) % 7) / 10);
    const out = await forecast([seasonal, flat, [1, 2, 3]], { method: "auto", season: m, horizon: m });
    expect(out[0].method).toBe("holt-winters");
    expect(["ewma", "holt-winters"]).toContain(out[1].method);
    expect(out[2].method).toBe("ewma"); // too short for anything else
    for (const f of out) expect(f.point).toHaveLength(m);
  });

  it("honours an AbortSignal between chunks and gives the same forecasts across chunk boundaries", async () => {
    const many = Array.from({ length: 600 }, (_, i) => Array.from({ length: 40 }, (_, t) => 10 + (i % 7) + Math.sin(t + i)));
    const ac = new AbortController();
    ac.abort();
    await expect(forecast(many, { method: "ewma", horizon: 3, signal: ac.signal })).rejects.toMatchObject({ code: "ABORTED" });
    const all = await forecast(many, { method: "ewma", horizon: 3 });
    const last = await forecast([many[599]], { method: "ewma", horizon: 3 });
    expect(all).toHaveLength(600);
    expect(Array.from(all[599].point)).toEqual(Array.from(last[0].point));
  });
});
