// Entry of build/ga.wasm: the memetic island GA over integer assignment chromosomes, with problem
// kernels for GAP and R||Cmax (HCSP), plus the delta-evaluation kernels the benchmarks time.
export { alloc, free } from "./memory";
export { setGap, setHcsp, resetMoveEvals } from "./ga/problem";
export { initIsland, evolve, setHcspDestroy, setRestart } from "./ga/engine";
export { setLocalSearch } from "./ga/gap";
export { setDeadline } from "./ga/clock";
export {
  benchGapDeltas,
  benchGapMoveList,
  benchGapShiftScans,
  bestShiftOf,
  deltaOfShift,
  deltaOfSwap,
  evaluateChromosome,
  getMoveEvals,
  lastScanBest,
} from "./ga/bench";
export { gapTabu } from "./ga/tabu";
