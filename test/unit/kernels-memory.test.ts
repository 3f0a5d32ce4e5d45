import { describe, expect, it } from "vitest";
import { forecast } from "../../src/forecast/forecast.js";
import { fleetTotalsAuto, groupScratchBytes, nodeLoadsGrouped } from "../../src/kernels/aggregate.js";
import { getKernels } from "../../src/kernels/kernels.js";
import { headroom, rollingPeak, rowPercentiles, weightedFleetTotals } from "../../src/kernels/load-stats.js";
import { WasmArena } from "../../src/kernels/wasm-memory.js";

describe("kernel memory stays flat", () => {
  it("over 1000 repeated calls of every aggregation, window and forecast kernel", async () => {
    const k = await getKernels();
    const tasks = 300;
    const rowLen = 4 * 96;
    const nodes = 17;
    const demand = Float32Array.from({ length: tasks * rowLen }, (_, i) => (i % 97) / 10);
    const assign = Int32Array.from({ length: tasks }, (_, t) => (t * 7) % (nodes + 1)); // includes `nodes` = unplaced
    const series = Array.from({ length: 8 }, (_, i) => Array.from({ length: 3 * 24 }, (_, t) => 50 + i + 10 * Math.sin(t / 4)));
    const cycle = async () => {
      const arena = new WasmArena(k);
      try {
        const d = arena.f32(demand.length);
        d.write(demand);
        const a = arena.i32(tasks);
        a.write(assign);
        const out = arena.f32(nodes * rowLen);
        const scratch = arena.u8(groupScratchBytes(tasks, nodes));
        fleetTotalsAuto(k, d.ptr, tasks, rowLen, out.ptr);
        k.nodeLoadsRange(d.ptr, tasks, rowLen, a.ptr, nodes, 0, rowLen, out.ptr);
        nodeLoadsGrouped(k, d.ptr, tasks, rowLen, a.ptr, nodes, out.ptr, scratch.ptr);
        k.readProbe(d.ptr, demand.length);
      } finally {
        arena.dispose();
      }
      await forecast(series, { season: 24, horizon: 24 });
      await rollingPeak(demand.subarray(0, 4 * rowLen), 4, rowLen, 40);
      await rowPercentiles(demand.subarray(0, 4 * rowLen), 4, rowLen, 0.95);
      await weightedFleetTotals(demand.subarray(0, 10 * rowLen), 10, rowLen, new Float32Array(10).fill(1.2));
      await headroom(demand.subarray(0, 8 * 96), 8, 1, 96, new Float32Array(8).fill(5));
    };
    for (let i = 0; i < 5; i++) await cycle(); // let the allocator reach its steady state
    const before = k.memory.buffer.byteLength;
    for (let i = 0; i < 1000; i++) await cycle();
    expect(k.memory.buffer.byteLength).toBe(before);
  });
});
