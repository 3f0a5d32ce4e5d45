/**
 * The solver side of `BrowserSolver`: a module Web Worker exposed with comlink. Scenario bytes come
 * in transferred; results go out with their typed arrays transferred (comlink's `transfer`), so
 * nothing large is copied between threads. Errors travel as plain `{ code, message, issues }`
 * outcomes because comlink would drop a `LeptonError`'s code and issues.
 */
import type * as ComlinkApi from "comlink";
import { getKernels } from "../kernels/kernels.js";
import { isLeptonError, LeptonError, type LeptonErrorCode, type ValidationIssue } from "../model/errors.js";
import { validateScenario } from "../model/validate.js";
import type { SimulationView } from "../report/dashboard.js";
import { type SimResultLike, simulationView } from "../report/simulation-view.js";
import { viewBuffers } from "../report/view.js";
import type { Assignment } from "../solve/evaluate.js";
import {
  decodeScenarioInput,
  type GaRunner,
  type PlanJobResult,
  type PlanPolicy,
  type PlanProgress,
  runPlanJob,
} from "./plan-job.js";

/** Import maps do not reach into workers, so the page passes comlink's resolved URL in the query. */
const comlinkUrl = new URL(self.location.href).searchParams.get("comlink") ?? "comlink";
const Comlink = (await import(comlinkUrl)) as typeof ComlinkApi;

export interface WorkerPlanRequest {
  jobId: number;
  policy: PlanPolicy;
  seed: number;
  /** GA budget (policy "ga"). */
  generations?: number;
  timeLimitMs?: number;
}

/** What the browser GA runner needs from the GA modules (typed here: they load on first use). */
interface GaModules {
  gaPlacement(
    compiled: unknown,
    warm: Assignment,
    options: {
      seed: number;
      generations?: number;
      timeLimitMs?: number;
      signal?: AbortSignal;
      onProgress: (p: { best: number; generations: number }) => void;
      pool: { threads: number; run(task: unknown): Promise<unknown>; destroy(): Promise<void> };
    },
  ): Promise<{ assignment: Assignment }>;
  runIsland(task: unknown): Promise<unknown>;
}

let gaModules: Promise<GaModules> | undefined;

/** Imports the island GA and its worker body on first use (variable specifiers: no load-time dependency). */
function loadGa(): Promise<GaModules> {
  const specs = ["../solve/ga/scenario.js", "./ga-worker.js"];
  gaModules ??= Promise.all(specs.map((s) => import(s)))
    .then(([scenario, worker]) => ({ gaPlacement: scenario.gaPlacement, runIsland: worker.default }))
    .catch((e: Error) => {
      gaModules = undefined;
      throw new LeptonError(
        "INTERNAL",
        `the GA cannot load in this browser build (${e.message}); its module graph must not import node: modules or piscina`,
      );
    });
  return gaModules;
}

/**
 * The GA runner of the browser worker: the same island GA, with its islands run one after another
 * on this worker's thread (a one-thread pool; the GA's result does not depend on the thread count).
 * Each island step starts on a fresh macrotask, so a cancel message from the page gets through.
 */
const browserGaRunner: GaRunner = async (compiled, warm, run) => {
  const ga = await loadGa();
  const pool = {
    threads: 1,
    async run(task: unknown) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return ga.runIsland(task);
    },
    async destroy() {},
  };
  const result = await ga.gaPlacement(compiled, warm, {
    seed: run.seed,
    generations: run.generations,
    timeLimitMs: run.timeLimitMs,
    signal: run.signal,
    onProgress: (p) => run.onProgress(p.best, p.generations),
    pool,
  });
  return result.assignment;
};

export interface WorkerError {
  code: LeptonErrorCode;
  message: string;
  issues: ValidationIssue[];
}

export interface WorkerSimulateRequest {
  jobId: number;
  /** A simulator policy: consolidate, greedy or spread. */
  policy: string;
  seed: number;
}

/** A simulation as it leaves the worker: the summary, and the per-tick series for the dashboard. */
export interface WorkerSimulation {
  summary: SimResultLike["summary"] & Record<string, unknown>;
  view: SimulationView;
  timeMs: number;
}

interface SimulatorModule {
  simulate(
    input: unknown,
    options: { policy: string; seed: number; signal: AbortSignal; onTick: (tick: number) => void },
  ): Promise<SimResultLike & { summary: Record<string, unknown> }>;
}

let simulator: Promise<SimulatorModule> | undefined;

/**
 * Imports the simulator on first use. The specifier is a variable so the worker does not depend on
 * it at load time; a failure (a Node-only module in its import graph) becomes a clear error.
 */
function loadSimulator(): Promise<SimulatorModule> {
  const spec = "../sim/simulator.js";
  simulator ??= (import(spec) as Promise<SimulatorModule>).catch((e: Error) => {
    simulator = undefined;
    throw new LeptonError(
      "INTERNAL",
      `the simulator cannot load in this browser build (${e.message}); its module graph must not import node: modules`,
    );
  });
  return simulator;
}

export type WorkerOutcome<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

/** Milliseconds between forwarded progress events; the first and the last always go through. */
const PROGRESS_INTERVAL_MS = 50;

const running = new Map<number, AbortController>();

function failure(e: unknown): { ok: false; error: WorkerError } {
  if (isLeptonError(e)) return { ok: false, error: { code: e.code, message: e.message, issues: [...e.issues] } };
  return { ok: false, error: { code: "INTERNAL", message: (e as Error)?.message ?? String(e), issues: [] } };
}

const api = {
  /** Plans `input` (scenario object, JSON text or bytes) with one policy; see `runPlanJob`. */
  async plan(
    input: unknown,
    request: WorkerPlanRequest,
    onProgress?: (event: PlanProgress) => void,
  ): Promise<WorkerOutcome<PlanJobResult>> {
    const controller = new AbortController();
    running.set(request.jobId, controller);
    let last = Number.NEGATIVE_INFINITY;
    const forward = (event: PlanProgress) => {
      if (!onProgress) return;
      const now = performance.now();
      if (event.phase !== "done" && event.phase !== "parse" && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      // Fire and forget: the page may be gone; the solver must not wait for it.
      Promise.resolve(onProgress(event)).catch(() => {});
    };
    try {
      const value = await runPlanJob(input, {
        policy: request.policy,
        seed: request.seed,
        generations: request.generations,
        timeLimitMs: request.timeLimitMs,
        signal: controller.signal,
        onProgress: forward,
        ga: browserGaRunner,
      });
      return Comlink.transfer({ ok: true as const, value }, viewBuffers(value.view));
    } catch (e) {
      return failure(e);
    } finally {
      running.delete(request.jobId);
      // The callback arrived as a comlink proxy over its own MessageChannel: close it.
      (onProgress as unknown as Partial<ComlinkApi.Remote<object>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },

  /**
   * Simulates a scenario tick by tick with the simulator (src/sim), loaded on first use so that
   * planning works even where the simulator's module graph cannot load. Progress: one event per
   * tick (throttled), `generation` = tick.
   */
  async simulate(
    input: unknown,
    request: WorkerSimulateRequest,
    onProgress?: (event: PlanProgress) => void,
  ): Promise<WorkerOutcome<WorkerSimulation>> {
    const controller = new AbortController();
    running.set(request.jobId, controller);
    const t0 = performance.now();
    let last = Number.NEGATIVE_INFINITY;
    try {
      const sim = await loadSimulator();
      const result = await sim.simulate(decodeScenarioInput(input), {
        policy: request.policy,
        seed: request.seed,
        signal: controller.signal,
        onTick(tick: number) {
          const now = performance.now();
          if (!onProgress || now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          Promise.resolve(
            onProgress({ policy: request.policy, phase: "solve", elapsedMs: now - t0, bestScore: null, generation: tick }),
          ).catch(() => {});
        },
      });
      const view = simulationView(result);
      const value: WorkerSimulation = { summary: result.summary, view, timeMs: performance.now() - t0 };
      const buffers = [
        view.ticks,
        view.running,
        view.queued,
        view.nodesOn,
        view.energyKWh,
        view.carbonKg,
        view.sloViolations,
      ].map((a) => (a as Float64Array).buffer as ArrayBuffer);
      return Comlink.transfer({ ok: true as const, value }, buffers);
    } catch (e) {
      return failure(e);
    } finally {
      running.delete(request.jobId);
      (onProgress as unknown as Partial<ComlinkApi.Remote<object>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },

  /** Asks a running job to stop at its next phase boundary; unknown ids are ignored. */
  cancel(jobId: number): void {
    running.get(jobId)?.abort();
  },

  /** Bytes of the worker's kernel memory: stays flat over repeated jobs (every job frees what it allocates). */
  async memoryBytes(): Promise<number> {
    return (await getKernels()).memory.buffer.byteLength;
  },

  /** Every validation problem of a scenario (empty when it is valid). */
  validate(input: unknown): WorkerOutcome<ValidationIssue[]> {
    try {
      return { ok: true, value: validateScenario(decodeScenarioInput(input)) };
    } catch (e) {
      return failure(e);
    }
  },
};

export type LeptonWorkerApi = typeof api;

Comlink.expose(api);
// Tell the page the API is listening: messages sent before `expose` would otherwise be lost.
(globalThis as unknown as { postMessage(message: unknown): void }).postMessage({ leptonWorkerReady: true });
