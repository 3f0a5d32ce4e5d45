import { buildDemandTensor, type CompiledScenario } from "../model/compile.js";
import { LeptonError } from "../model/errors.js";
import { RESOURCE_COUNT, TIERS } from "../model/types.js";
import { fleetTotalsAuto } from "./aggregate.js";
import { getKernels } from "./kernels.js";
import type { WasmArray } from "./wasm-memory.js";
import { WasmArena } from "./wasm-memory.js";
import type { KernelExports } from "./wasm-module.js";

/** Loads of one assignment, copied out of WASM memory (safe to keep). */
export interface LoadSnapshot {
  /** nodeLoad[(n*R + r)*S + s]. */
  nodeLoad: Float32Array;
  /** utilisation[(n*R + r)*S + s] = load / capacity (+Infinity where capacity is 0 and load > 0). */
  utilisation: Float32Array;
  /** Peak utilisation over the horizon, peakUtilisation[n*R + r]. */
  peakUtilisation: Float32Array;
  /** Fleet demand T(t) of all tasks, fleetLoad[r*S + s]. */
  fleetLoad: Float32Array;
  /** Load of placed tasks per tier, tierLoad[(tier*R + r)*S + s], tier index as in TIERS. */
  tierLoad: Float32Array;
}

/**
 * Owns a scenario's demand tensor and work buffers in WASM memory and aggregates loads for any
 * assignment with the SIMD kernels. Create with `LoadModel.create`, release with `dispose()`.
 */
export class LoadModel {
  private readonly arena: WasmArena;
  private readonly demand: WasmArray<Float32ArrayConstructor>;
  private readonly assign: WasmArray<Int32ArrayConstructor>;
  private readonly loads: WasmArray<Float32ArrayConstructor>;
  private readonly util: WasmArray<Float32ArrayConstructor>;
  private readonly peaks: WasmArray<Float32ArrayConstructor>;
  private readonly fleet: WasmArray<Float32ArrayConstructor>;
  private readonly tiers: WasmArray<Float32ArrayConstructor>;
  private readonly capacity: WasmArray<Float32ArrayConstructor>;
  private readonly tierOfNode: WasmArray<Int32ArrayConstructor>;
  private disposed = false;

  private constructor(
    private readonly k: KernelExports,
    readonly compiled: CompiledScenario,
  ) {
    const { taskCount: T, nodeCount: N, slots: S } = compiled;
    const R = RESOURCE_COUNT;
    this.arena = new WasmArena(k);
    try {
      this.demand = this.arena.f32(T * R * S);
      this.assign = this.arena.i32(T);
      this.loads = this.arena.f32(N * R * S);
      this.util = this.arena.f32(N * R * S);
      this.peaks = this.arena.f32(N * R);
      this.fleet = this.arena.f32(R * S);
      this.tiers = this.arena.f32(TIERS.length * R * S);
      this.capacity = this.arena.f32(N * R);
      this.tierOfNode = this.arena.i32(N);
      this.capacity.write(compiled.nodeCapacity);
      this.tierOfNode.write(compiled.nodeTier);
    } catch (e) {
      this.arena.dispose();
      throw e;
    }
  }

  /** Uploads the scenario's demand tensor for the given start slots (default: each window's start). */
  static async create(compiled: CompiledScenario, starts: ArrayLike<number> = compiled.defaultStarts): Promise<LoadModel> {
    const model = new LoadModel(await getKernels(), compiled);
    model.setStarts(starts);
    return model;
  }

  /** Rebuilds the demand tensor when deferrable tasks move in time. */
  setStarts(starts: ArrayLike<number>): void {
    this.check();
    // Build in JS then copy once: the view must not be held while WASM could grow memory.
    this.demand.write(buildDemandTensor(this.compiled, starts));
  }

  /** Aggregates the loads of `assignment` (node index per task, -1 = unplaced) and copies them out. */
  aggregate(assignment: ArrayLike<number>): LoadSnapshot {
    this.check();
    const { taskCount: T, nodeCount: N, slots: S } = this.compiled;
    const R = RESOURCE_COUNT;
    const rowLen = R * S;
    const k = this.k;
    this.assign.write(assignment);
    k.nodeLoads(this.demand.ptr, T, rowLen, this.assign.ptr, N, this.loads.ptr);
    k.utilisation(this.loads.ptr, N, R, S, this.capacity.ptr, this.util.ptr);
    k.rowMax(this.util.ptr, N * R, S, this.peaks.ptr);
    // The variant that suits the tensor size (tile in cache, streaming beyond; docs/kernels.md).
    fleetTotalsAuto(k, this.demand.ptr, T, rowLen, this.fleet.ptr);
    // Per-tier totals are the same scatter-add, over node rows grouped by tier.
    k.nodeLoads(this.loads.ptr, N, rowLen, this.tierOfNode.ptr, TIERS.length, this.tiers.ptr);
    return {
      nodeLoad: this.loads.read(),
      utilisation: this.util.read(),
      peakUtilisation: this.peaks.read(),
      fleetLoad: this.fleet.read(),
      tierLoad: this.tiers.read(),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.arena.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private check(): void {
    if (this.disposed) throw new LeptonError("DISPOSED", "this LoadModel was disposed; create a new one");
  }
}
