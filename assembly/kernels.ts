// Entry of build/kernels.wasm: memory management, load aggregation, windowed statistics, forecasts.
export { alloc, free } from "./memory";
export { fleetTotals, fleetTotalsScalar, nodeLoads, nodeLoadsScalar, rowMax, utilisation } from "./load";
export {
  fleetTotalsRows4,
  fleetTotalsScalarRange,
  fleetTotalsStream,
  fleetTotalsTile,
  groupByNode,
  headroom,
  headroomScalar,
  nodeLoadsGrouped,
  nodeLoadsRange,
  readProbe,
  weightedTotals,
  weightedTotalsScalar,
} from "./aggregate";
export { rollingMaxSimd, rollingMaxVhgw, rowPercentile } from "./window";
export { forecastBatch } from "./forecast";
