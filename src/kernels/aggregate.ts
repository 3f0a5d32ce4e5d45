import type { KernelExports } from "./wasm-module.js";

/**
 * Which fleet-sum variant to run for a tensor of `bytes`: the register-tile form while the tensor
 * sits in the per-core L2 cache (it never re-reads the output), the four-rows form while it sits in
 * the last-level cache, one streaming pass beyond (four concurrent row streams lose out of cache).
 * All read every byte once; the thresholds come from `lepton bench kernels` (docs/kernels.md).
 */
export type FleetVariant = "tile" | "rows4" | "stream";

/** Tensors up to this size are summed with the tile variant (they sit in the per-core L2). */
export const TILE_MAX_BYTES = 1 << 20;
/** Tensors above this size are streamed: out of the last-level cache one sequential pass wins. */
export const STREAM_MIN_BYTES = 8 << 20;

export function chooseFleetVariant(bytes: number): FleetVariant {
  return bytes <= TILE_MAX_BYTES ? "tile" : bytes < STREAM_MIN_BYTES ? "rows4" : "stream";
}

/** The kernel export that implements a fleet-sum variant. */
export function fleetKernelName(v: FleetVariant): "fleetTotalsTile" | "fleetTotalsRows4" | "fleetTotalsStream" {
  return v === "tile" ? "fleetTotalsTile" : v === "rows4" ? "fleetTotalsRows4" : "fleetTotalsStream";
}

/** out[k] = sum_t D[t*rowLen + k] with the variant chosen by size. Pointers are byte addresses. */
export function fleetTotalsAuto(k: KernelExports, demand: number, tasks: number, rowLen: number, out: number): void {
  const v = chooseFleetVariant(tasks * rowLen * 4);
  if (v === "tile") k.fleetTotalsTile(demand, tasks, rowLen, 0, rowLen, out);
  else if (v === "rows4") k.fleetTotalsRows4(demand, tasks, rowLen, 0, rowLen, out);
  else k.fleetTotalsStream(demand, tasks, rowLen, 0, rowLen, out);
}

/** Bytes of i32 scratch `nodeLoadsGrouped` needs: tasks + nodes + 1 values. */
export function groupScratchBytes(tasks: number, nodes: number): number {
  return (tasks + nodes + 1) * 4;
}

/**
 * Per-node loads (scatter-add) by grouping the tasks by node first, then building each node's row
 * four task rows at a time. Wins while the tensor is in cache; out of cache the row gathers lose to
 * the plain streaming scatter (`nodeLoadsRange`). `scratch` must hold `groupScratchBytes(tasks, nodes)` bytes.
 */
export function nodeLoadsGrouped(
  k: KernelExports,
  demand: number,
  tasks: number,
  rowLen: number,
  assign: number,
  nodes: number,
  out: number,
  scratch: number,
): void {
  k.groupByNode(assign, tasks, nodes, scratch);
  k.nodeLoadsGrouped(demand, rowLen, nodes, scratch, 0, nodes, out);
}
