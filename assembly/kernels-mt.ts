// Entry of build/kernels-mt.wasm: the aggregation kernels over one shared, imported memory, for the
// thread pool. Every thread instantiates this module on the same WebAssembly.Memory. Only the owner
// thread allocates (alloc/free); workers only run range kernels on disjoint column ranges, so no
// allocator state is ever shared between instances and no bytes are written by two threads.
export { alloc, free } from "./memory";
export {
  fleetTotalsRows4,
  fleetTotalsStream,
  fleetTotalsTile,
  groupByNode,
  nodeLoadsGrouped,
  nodeLoadsRange,
  readProbe,
} from "./aggregate";
