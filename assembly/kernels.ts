// Entry of build/kernels.wasm: memory management and the load-aggregation kernels.
export { alloc, free } from "./memory";
export { fleetTotals, fleetTotalsScalar, nodeLoads, nodeLoadsScalar, rowMax, utilisation } from "./load";
