/**
 * Lepton's public API for Node. Everything returned is plain data that stays valid: no view into
 * WebAssembly memory is ever handed out.
 */
export { type CompiledScenario, compileScenario } from "./model/compile.js";
export { defaultDemand, defaultLatencySloMs } from "./model/defaults.js";
export { isLeptonError, LeptonError, type LeptonErrorCode, type ValidationIssue } from "./model/errors.js";
export { parseJson, readScenarioFile } from "./model/read-scenario.js";
export * from "./model/types.js";
export { assertValidScenario, validateScenario } from "./model/validate.js";
export { LoadModel, type LoadSnapshot } from "./kernels/load-model.js";
export {
  type Assignment,
  type CapacityViolation,
  evaluatePlan,
  type PlanEvaluation,
  type SloViolation,
  type TierSummary,
} from "./solve/evaluate.js";
export { type GreedyResult, greedyPlacement, type UnplacedTask } from "./solve/greedy.js";
export { type Plan, type PlanOptions, planScenario } from "./solve/plan.js";
export { type GapGaOptions, type GapGaSolution, solveGapGa } from "./solve/ga/gap.js";
export { type HcspGaSolution, solveHcspGa } from "./solve/ga/hcsp.js";
export { createGaPool } from "./runtime/ga-pool.js";
export {
  type GaPool,
  type GaProgress,
  type GaRunOptions,
  type MipNeighbourhoodSettings,
  type GaRunResult,
  runIslandGa,
} from "./solve/ga/island-model.js";
export type { GaProblem } from "./solve/ga/problem.js";
export { gaPlacement, scenarioProxy } from "./solve/ga/scenario.js";
export { gapGreedy } from "./solve/heuristics/gap-greedy.js";
export { gapLagrangian } from "./solve/heuristics/gap-lagrangian.js";
export { minMin } from "./solve/heuristics/min-min.js";
export * from "./solve/termination.js";
export { type GapInstance, type GapResult, gapObjective, parseGap } from "./problems/gap.js";
export { type HcspInstance, type HcspResult, makespan, parseHcsp } from "./problems/hcsp.js";
export { type MilpModel, ModelBuilder, validateModel } from "./solve/ilp/model.js";
export { type IlpOptions, type IlpProgress, type IlpResult, solveMilpHere } from "./solve/ilp/solve.js";
export { IlpSolver, solveMilp } from "./solve/ilp/solver.js";
export { type GapIlpOptions, solveGapIlp } from "./solve/ilp/gap.js";
export { gapModel } from "./solve/ilp/gap-model.js";
export { type PlacementModel, placementFromX, placementModel } from "./solve/ilp/placement-model.js";
export { toLpFormat } from "./solve/ilp/lp-format.js";
export { type ForecastMethod, type ForecastOptions, forecast, type SeriesForecast } from "./forecast/forecast.js";
export { type Headroom, headroom, rollingPeak, rowPercentiles, weightedFleetTotals } from "./kernels/load-stats.js";
export { ParallelAggregator, type ParallelAggregatorOptions, type ParallelScatterMode } from "./runtime/aggregate-pool.js";
export { Scheduler, type SchedulerOptions, type TaskInfo, type NodeState, POLICIES } from "./sim/scheduler.js";
export { Lepton, type ExecuteTaskRequest, type Fleet, type PlacementRecord } from "./sim/facade.js";
export { simulate, type SimulateOptions } from "./sim/simulator.js";
export { assertValidEvents, validateEvents } from "./sim/events.js";
export { readEventsFile } from "./sim/read-events.js";
export { EwmaForecaster, type LoadForecaster } from "./sim/forecast.js";
export { DEFAULT_FAILURE_MODEL, DEFAULT_LOAD } from "./sim/failure-model.js";
export type * from "./sim/types.js";
