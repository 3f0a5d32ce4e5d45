import { describe, expect, it } from "vitest";
import { getKernels } from "../../src/kernels/kernels.js";
import { LoadModel } from "../../src/kernels/load-model.js";
import { compileScenario } from "../../src/model/compile.js";
import { LeptonError } from "../../src/model/errors.js";
import { evaluatePlan } from "../../src/solve/evaluate.js";
import { greedyPlacement } from "../../src/solve/greedy.js";
import { makeScenario } from "../helpers/scenarios.js";

describe("WASM memory ownership", () => {
  it("stays flat over many load/plan/dispose cycles", async () => {
    const k = await getKernels();
    const compiled = compileScenario(makeScenario({ tasks: 200, nodes: 12, slots: 96 }));
    const cycle = async () => {
      const { assignment } = greedyPlacement(compiled);
      const model = await LoadModel.create(compiled, assignment.start);
      try {
        evaluatePlan(model, assignment);
      } finally {
        model.dispose();
      }
    };
    for (let i = 0; i < 5; i++) await cycle(); // let the allocator reach its steady state
    const before = k.memory.buffer.byteLength;
    for (let i = 0; i < 300; i++) await cycle();
    expect(k.memory.buffer.byteLength).toBe(before);
  });

  it("hands out copies that survive dispose and memory growth", async () => {
    const compiled = compileScenario(makeScenario({ tasks: 10 }));
    const model = await LoadModel.create(compiled);
    const snap = model.aggregate(new Int32Array(10));
    model.dispose();
    const k = await getKernels();
    const big = k.alloc(64 << 20); // forces memory.grow, which detaches every old view
    k.free(big);
    expect(snap.nodeLoad.length).toBe(compiled.nodeCount * 4 * compiled.slots);
    expect(Number.isFinite(snap.nodeLoad[0])).toBe(true);
  });

  it("throws DISPOSED when a disposed model is used", async () => {
    const model = await LoadModel.create(compileScenario(makeScenario()));
    model.dispose();
    expect(() => model.aggregate(new Int32Array(10))).toThrowError(LeptonError);
    try {
      model.aggregate(new Int32Array(10));
    } catch (e) {
      expect((e as LeptonError).code).toBe("DISPOSED");
    }
  });
});
