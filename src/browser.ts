/**
 * Lepton's public API for browsers (package export "lepton/browser"). The same model, kernels and
 * solvers as the Node entry, minus file access; kernels load from build/ via `import.meta.url`, and
 * `BrowserSolver` runs solvers in a Web Worker. Nothing here imports a `node:` module.
 */
export { type CompiledScenario, compileScenario } from "./model/compile.js";
export { defaultDemand, defaultLatencySloMs } from "./model/defaults.js";
export { isLeptonError, LeptonError, type LeptonErrorCode, type ValidationIssue } from "./model/errors.js";
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
// planScenario is Node-only now (its GA path runs on the piscina pool): use BrowserSolver or runPlanJob.
export type { Plan } from "./solve/plan.js";
export { spreadPlacement } from "./runtime/spread-baseline.js";
export {
  decodeScenarioInput,
  PLAN_POLICIES,
  type PlanJobOptions,
  type PlanJobResult,
  type PlanPolicy,
  type PlanProgress,
  runPlanJob,
} from "./runtime/plan-job.js";
export {
  type BrowserPlanOptions,
  type BrowserPlanResult,
  type BrowserSimulateOptions,
  BrowserSolver,
  type BrowserSolverOptions,
  type ScenarioInput,
} from "./runtime/browser-client.js";
export type { WorkerSimulation } from "./runtime/browser-worker.js";
export { type SimResultLike, simulationView } from "./report/simulation-view.js";
export { buildPlanView, type NodeView, type PlanView, type SiteView, type TierSeries } from "./report/view.js";
export {
  createProgressChart,
  type Dashboard,
  type DashboardData,
  renderDashboard,
  type SimulationView,
} from "./report/dashboard.js";
