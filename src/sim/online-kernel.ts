import { instantiateModule } from "../kernels/wasm-module.js";
import { type WasmArray, WasmArena } from "../kernels/wasm-memory.js";
import { LeptonError } from "../model/errors.js";
import { RESOURCE_COUNT } from "../model/types.js";

/** Exports of build/online.wasm (see assembly/online.ts). */
interface OnlineExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  bestFit(
    residual: number,
    capacity: number,
    flags: number,
    mask: number,
    nodeSite: number,
    latency: number,
    sites: number,
    origin: number,
    slo: number,
    bias: number,
    slope: number,
    fitWeight: number,
    nodes: number,
    demand: number,
    span: number,
    mode: number,
    exclude: number,
    grace: number,
    scarce: number,
  ): number;
  adjust(residual: number, node: number, demand: number, span: number, sign: number): void;
}

/** Node flag bits the scheduler sets; `bestFit` takes a mask of the states it may choose. */
export const FLAG_ON = 1;
export const FLAG_WAKING = 2;
export const FLAG_OFF = 4;

export const MODE_PACK = 0;
export const MODE_SPREAD = 1;

let shared: Promise<OnlineExports> | undefined;

function instantiate(): Promise<OnlineExports> {
  return instantiateModule<OnlineExports>("online");
}

/**
 * The online placement state of one fleet in WASM memory: residual capacity per node and slot of
 * the coming window (`span` slots; kept incrementally: `adjust` on every place and release),
 * capacity, node flags, node sites, the site-latency matrix and per-node prices. One owner;
 * `dispose()` frees it.
 */
export class OnlineKernel {
  private readonly arena: WasmArena;
  private readonly residual: WasmArray<Float32ArrayConstructor>;
  private readonly capacity: WasmArray<Float32ArrayConstructor>;
  private readonly flags: WasmArray<Uint8ArrayConstructor>;
  private readonly nodeSite: WasmArray<Int32ArrayConstructor>;
  private readonly latency: WasmArray<Float32ArrayConstructor>;
  private readonly bias: WasmArray<Float32ArrayConstructor>;
  private readonly slope: WasmArray<Float32ArrayConstructor>;
  private readonly demand: WasmArray<Float32ArrayConstructor>;
  private disposed = false;

  private constructor(
    private readonly k: OnlineExports,
    readonly nodes: number,
    readonly sites: number,
    readonly span: number,
    capacity: Float32Array,
    nodeSite: Int32Array,
    siteLatency: Float64Array,
  ) {
    this.arena = new WasmArena(k);
    try {
      this.residual = this.arena.f32(nodes * span * RESOURCE_COUNT);
      this.capacity = this.arena.f32(nodes * RESOURCE_COUNT);
      this.flags = this.arena.u8(nodes);
      this.nodeSite = this.arena.i32(nodes);
      this.latency = this.arena.f32(sites * sites);
      this.bias = this.arena.f32(nodes);
      this.slope = this.arena.f32(nodes);
      this.demand = this.arena.f32(span * RESOURCE_COUNT);
      this.capacity.write(capacity);
      this.resetResiduals(new Float64Array(nodes * span * RESOURCE_COUNT));
      this.nodeSite.write(nodeSite);
      // Infinity (unknown link) stays Infinity in f32, so such a node never meets a finite SLO.
      this.latency.write(Float32Array.from(siteLatency));
    } catch (e) {
      this.arena.dispose();
      throw e;
    }
  }

  /** Residuals start at full capacity; every node starts with flags 0 (not placeable). */
  static async create(
    capacity: Float32Array,
    nodeSite: Int32Array,
    siteLatency: Float64Array,
    sites: number,
    span: number,
  ): Promise<OnlineKernel> {
    return new OnlineKernel(await (shared ??= instantiate()), nodeSite.length, sites, span, capacity, nodeSite, siteLatency);
  }

  /** Bytes of the shared online WASM memory (tests check it stays flat over create/dispose cycles). */
  static async memoryBytes(): Promise<number> {
    return (await (shared ??= instantiate())).memory.buffer.byteLength;
  }

  /**
   * Index of the best node for a demand (span x 4 values: per slot of the window, per resource)
   * among nodes whose flags match `mask`, or -1. `slo` is the latency target in ms (Infinity: none).
   * `grace` lets the demand exceed the residual by that fraction of the node's (usable) capacity;
   * `scarce` is added to a GPU node's score for a task that needs no GPU.
   */
  bestFit(
    demand: ArrayLike<number>,
    origin: number,
    slo: number,
    mask: number,
    mode: number,
    exclude = -1,
    fitWeight = 1,
    grace = 0,
    scarce = 0,
  ): number {
    this.check();
    this.demand.write(demand);
    const sloF = Number.isFinite(slo) ? slo : 3.4e38;
    return this.k.bestFit(
      this.residual.ptr,
      this.capacity.ptr,
      this.flags.ptr,
      mask,
      this.nodeSite.ptr,
      this.latency.ptr,
      this.sites,
      origin,
      sloF,
      this.bias.ptr,
      this.slope.ptr,
      fitWeight,
      this.nodes,
      this.demand.ptr,
      this.span,
      mode,
      exclude,
      grace,
      scarce,
    );
  }

  /** Takes `demand` from node's residual (sign 1) or gives it back (sign -1). */
  adjust(node: number, demand: ArrayLike<number>, sign: 1 | -1): void {
    this.check();
    this.demand.write(demand);
    this.k.adjust(this.residual.ptr, node, this.demand.ptr, this.span, sign);
  }

  setFlags(node: number, flags: number): void {
    this.check();
    this.flags.view()[node] = flags;
  }

  setBiasOf(node: number, value: number): void {
    this.check();
    this.bias.view()[node] = value;
  }

  setBias(bias: ArrayLike<number>): void {
    this.check();
    this.bias.write(bias);
  }

  /** Per-node cost per unit of CPU demand (pack mode). */
  setSlope(slope: ArrayLike<number>): void {
    this.check();
    this.slope.write(slope);
  }

  /** Residual capacity of every node and slot, residual[(n*span + h)*R + r], copied out. */
  residuals(): Float32Array {
    this.check();
    return this.residual.read();
  }

  /**
   * Resets every residual to capacity minus the given reservations, reserved[(n*span + h)*R + r]
   * (after bulk changes; also clears float drift from many incremental updates).
   */
  resetResiduals(reserved: Float64Array): void {
    this.check();
    const cap = this.capacity.read();
    const R = RESOURCE_COUNT;
    const out = new Float32Array(this.nodes * this.span * R);
    for (let n = 0; n < this.nodes; n++) {
      for (let h = 0; h < this.span; h++) {
        for (let r = 0; r < R; r++) out[(n * this.span + h) * R + r] = cap[n * R + r] - reserved[(n * this.span + h) * R + r];
      }
    }
    this.residual.write(out);
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
    if (this.disposed) throw new LeptonError("DISPOSED", "this scheduler was disposed; create a new one");
  }
}
