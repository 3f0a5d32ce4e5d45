import { LeptonError } from "../model/errors.js";

/** The allocator half of any Lepton WASM module. */
export interface WasmAllocator {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
}

type TypedArrayCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
type TypedArrayOf<C extends TypedArrayCtor> = InstanceType<C>;

/**
 * A flat array that lives in WASM memory. It hands out views only for immediate use (`view()` makes a
 * fresh one each call, because memory growth detaches old views); `read()` returns a copy that stays
 * valid. One owner calls `dispose()`; using a disposed buffer throws `DISPOSED`.
 */
export class WasmArray<C extends TypedArrayCtor> {
  readonly ptr: number;
  readonly length: number;
  private disposed = false;

  constructor(
    private readonly wasm: WasmAllocator,
    private readonly ctor: C,
    length: number,
  ) {
    this.length = length;
    this.ptr = wasm.alloc(length * ctor.BYTES_PER_ELEMENT);
    if (length > 0 && this.ptr === 0) throw new LeptonError("INTERNAL", "WASM allocation failed");
  }

  /** A view for immediate use only: do not keep it across any call into WASM. */
  view(): TypedArrayOf<C> {
    this.check();
    return new this.ctor(this.wasm.memory.buffer, this.ptr, this.length) as TypedArrayOf<C>;
  }

  /** Copies `values` in (it must have exactly `length` elements). */
  write(values: ArrayLike<number>): void {
    if (values.length !== this.length) {
      throw new LeptonError("INTERNAL", `WasmArray.write: expected ${this.length} values, got ${values.length}`);
    }
    (this.view() as unknown as { set(a: ArrayLike<number>): void }).set(values);
  }

  /** Copies the contents out into a new JS-owned typed array. */
  read(): TypedArrayOf<C> {
    return this.view().slice() as TypedArrayOf<C>;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.wasm.free(this.ptr);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private check(): void {
    if (this.disposed) throw new LeptonError("DISPOSED", "this WASM array was disposed; allocate a new one");
  }
}

/**
 * Groups allocations that live for one operation and frees them together, typically in `finally`.
 */
export class WasmArena {
  private readonly owned: { dispose(): void }[] = [];

  constructor(private readonly wasm: WasmAllocator) {}

  f32(length: number): WasmArray<Float32ArrayConstructor> {
    return this.keep(new WasmArray(this.wasm, Float32Array, length));
  }

  f64(length: number): WasmArray<Float64ArrayConstructor> {
    return this.keep(new WasmArray(this.wasm, Float64Array, length));
  }

  i32(length: number): WasmArray<Int32ArrayConstructor> {
    return this.keep(new WasmArray(this.wasm, Int32Array, length));
  }

  u8(length: number): WasmArray<Uint8ArrayConstructor> {
    return this.keep(new WasmArray(this.wasm, Uint8Array, length));
  }

  dispose(): void {
    while (this.owned.length > 0) this.owned.pop()?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  private keep<T extends { dispose(): void }>(x: T): T {
    this.owned.push(x);
    return x;
  }
}
