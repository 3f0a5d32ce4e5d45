import type { CompiledScenario } from "../model/compile.js";

/**
 * Carbon-aware start for a deferrable task (after Wiesner et al., "Let's wait awhile", Middleware
 * 2021): among the starts that still finish inside the window, the one whose run has the lowest mean
 * grid intensity in the cleanest region the task may run in (any node within its latency target).
 * A one-slot safety margin before the latest start is kept when the window allows, so a full fleet
 * at the chosen slot does not make the task late at once. Ties go to the earliest start.
 */
export function chooseLowCarbonStart(
  c: CompiledScenario,
  origin: number,
  slo: number,
  earliest: number,
  end: number,
  duration: number,
): number {
  const S = c.slots;
  const latest = Math.min(end, S) - duration;
  if (latest <= earliest) return earliest;
  const last = latest - 1 > earliest ? latest - 1 : latest;
  // One intensity row per distinct region reachable from the origin.
  const rows = new Map<string, number>();
  c.scenario.nodes.forEach((node, n) => {
    if (c.siteLatency[origin * c.siteCount + c.nodeSite[n]] <= slo && !rows.has(node.carbonRegion))
      rows.set(node.carbonRegion, n);
  });
  let best = earliest;
  let bestMean = Number.POSITIVE_INFINITY;
  for (const n of rows.values()) {
    const row = c.nodeCarbon.subarray(n * S, (n + 1) * S);
    const prefix = new Float64Array(S + 1);
    for (let s = 0; s < S; s++) prefix[s + 1] = prefix[s] + row[s];
    for (let st = earliest; st <= last; st++) {
      const mean = (prefix[Math.min(S, st + duration)] - prefix[st]) / duration;
      if (mean < bestMean - 1e-9 || (Math.abs(mean - bestMean) <= 1e-9 && st < best)) {
        bestMean = mean;
        best = st;
      }
    }
  }
  return best;
}
