// Entry of build/online.wasm: the online scheduler's hot placement path. Per-node residual capacity
// lives here for each slot of the coming window as four f32 lanes (cpu, memGiB, gpu, netMbps), so
// one v128 compare checks a task against a node in one slot. JS owns every buffer (alloc/free) and keeps residuals up to date with `adjust`
// on each placement and release, so `bestFit` is one pass over the nodes: O(N), no allocation.
export { alloc, free } from "./memory";

/** Lets float noise from many += / -= pass: a task "fits" when it is short by less than this. */
const FIT_EPS: f32 = 1e-4;

/**
 * Best node for one task, or -1 when none fits.
 *
 * A node is a candidate when (flags[n] & mask) != 0, its site is within `slo` ms of the task's
 * origin site (latency[origin*sites + nodeSite[n]]) and its residual covers the demand in every
 * resource in every slot of the window (`span` slots; residual row n*span*4, demand span*4).
 * mode 0 (pack): lowest bias[n] + slope[n] * cpuDemand + fitWeight * headroom, where
 * headroom is the CPU left after placing as a fraction of the node's CPU. With bias = the watts of
 * waking an empty node and slope = marginal watts per CPU this is Beloglazov & Buyya's power-aware
 * best fit decreasing (PABFD, 2012), best fit (Coffman, Garey & Johnson) breaking ties. mode 1
 * (spread, Kubernetes LeastAllocated): lowest bias[n] - headroom. `exclude` is a node never chosen
 * (the source of a move), or -1. `grace` (a fraction of capacity) widens the fit for emergencies;
 * `scarce` is added to the score of a GPU node for a task that needs no GPU.
 */
export function bestFit(
  residual: usize,
  capacity: usize,
  flags: usize,
  mask: u32,
  nodeSite: usize,
  latency: usize,
  sites: i32,
  origin: i32,
  slo: f32,
  bias: usize,
  slope: usize,
  fitWeight: f32,
  nodes: i32,
  demand: usize,
  span: i32,
  mode: i32,
  exclude: i32,
  grace: f32,
  scarce: f32,
): i32 {
  // Demand peak CPU over the window prices the load; the fit is checked slot by slot.
  let dCpu: f32 = 0;
  let dGpu: f32 = 0;
  for (let h = 0; h < span; h++) {
    dCpu = max(dCpu, load<f32>(demand + (<usize>h << 4)));
    dGpu = max(dGpu, load<f32>(demand + (<usize>h << 4) + 8));
  }
  const eps = f32x4.splat(FIT_EPS);
  const g = f32x4.splat(grace);
  const rowBytes = <usize>span << 4;
  const latRow = latency + ((<usize>(origin * sites)) << 2);
  let best: i32 = -1;
  let bestScore: f32 = Infinity;
  for (let n = 0; n < nodes; n++) {
    if ((<u32>load<u8>(flags + <usize>n) & mask) == 0 || n == exclude) continue;
    const site = load<i32>(nodeSite + (<usize>n << 2));
    if (load<f32>(latRow + (<usize>site << 2)) > slo) continue;
    const row = residual + <usize>n * rowBytes;
    // grace > 0 lets an emergency placement use that fraction of capacity beyond the residual.
    const slack = f32x4.add(eps, f32x4.mul(v128.load(capacity + (<usize>n << 4)), g));
    let fits = true;
    let minCpu: f32 = Infinity;
    for (let h = 0; h < span; h++) {
      const res = v128.load(row + (<usize>h << 4));
      const d = v128.load(demand + (<usize>h << 4));
      if (!i32x4.all_true(f32x4.ge(res, f32x4.sub(d, slack)))) {
        fits = false;
        break;
      }
      minCpu = min(minCpu, f32x4.extract_lane(res, 0) - f32x4.extract_lane(d, 0));
    }
    if (!fits) continue;
    const cap = load<f32>(capacity + (<usize>n << 4));
    const headroom: f32 = cap > 0 ? minCpu / cap : 0;
    let b = load<f32>(bias + (<usize>n << 2));
    // A task that needs no GPU pays `scarce` to land on a node that has one: GPUs stay free for the
    // tasks that cannot run anywhere else.
    if (dGpu == 0 && load<f32>(capacity + (<usize>n << 4) + 8) > 0) b += scarce;
    const score: f32 = mode == 0 ? b + load<f32>(slope + (<usize>n << 2)) * dCpu + fitWeight * headroom : b - headroom;
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}

/** residual[node] -= sign * demand over the `span` slots of the window: sign 1 places, -1 releases. */
export function adjust(residual: usize, node: i32, demand: usize, span: i32, sign: f32): void {
  const row = residual + ((<usize>node * <usize>span) << 4);
  const k = f32x4.splat(sign);
  for (let h = 0; h < span; h++) {
    const p = row + (<usize>h << 4);
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(v128.load(demand + (<usize>h << 4)), k)));
  }
}
