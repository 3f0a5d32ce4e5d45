/**
 * `BrowserSolver`: plans scenarios in a module Web Worker through comlink, so the page's main thread
 * stays free while a solver runs. The call shape follows the Node pool's: an async `plan` with
 * `signal` (AbortSignal) and `onProgress` options, inputs and typed-array results transferred, and
 * `destroy()` to release the worker.
 */
import * as Comlink from "comlink";
import { LeptonError, type ValidationIssue } from "../model/errors.js";
import type { Scenario } from "../model/types.js";
import type { LeptonWorkerApi, WorkerOutcome, WorkerSimulation } from "./browser-worker.js";
import type { PlanJobResult, PlanPolicy, PlanProgress } from "./plan-job.js";

export interface BrowserSolverOptions {
  /** URL of dist/runtime/browser-worker.js; defaults to the file next to this module. */
  workerUrl?: string | URL;
  /** URL the worker imports comlink from; defaults to what this page's import map resolves "comlink" to. */
  comlinkUrl?: string;
  /** Milliseconds to wait for a cancelled job to stop before the worker is replaced (default 1000). */
  abortGraceMs?: number;
}

export interface BrowserPlanOptions {
  policy?: PlanPolicy;
  seed?: number;
  /** GA budget for policy "ga": generations per island and/or a time limit (default 5 s). */
  generations?: number;
  timeLimitMs?: number;
  /** Aborting rejects the call with `LeptonError` code ABORTED. */
  signal?: AbortSignal;
  onProgress?: (event: PlanProgress) => void;
}

export interface BrowserSimulateOptions {
  /** Simulator policy: consolidate (default), greedy or spread. */
  policy?: string;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (event: PlanProgress) => void;
}

export interface BrowserPlanResult extends PlanJobResult {
  /** Milliseconds from the call to the result's arrival on this thread. */
  roundTripMs: number;
}

/** Scenario as an object, JSON text, or UTF-8 bytes (an ArrayBuffer is transferred: it is detached after the call). */
export type ScenarioInput = Scenario | string | ArrayBuffer | unknown;

/** One worker running Lepton's solvers; create with `BrowserSolver.create()`, release with `destroy()`. */
export class BrowserSolver {
  private worker!: Worker;
  private remote!: Comlink.Remote<LeptonWorkerApi>;
  private nextJob = 1;
  private destroyed = false;

  private constructor(private readonly options: BrowserSolverOptions) {}

  /** Starts the worker and resolves once it is listening (rejects with WASM_LOAD_FAILED if it cannot load). */
  static async create(options: BrowserSolverOptions = {}): Promise<BrowserSolver> {
    const solver = new BrowserSolver(options);
    await solver.start();
    return solver;
  }

  /** Plans a scenario with one policy in the worker. Rejects with a `LeptonError` for bad input or abort. */
  async plan(input: ScenarioInput, options: BrowserPlanOptions = {}): Promise<BrowserPlanResult> {
    const { value, roundTripMs } = await this.call(options, (jobId, progress) =>
      this.remote.plan(
        transferable(input),
        {
          jobId,
          policy: options.policy ?? "greedy",
          seed: options.seed ?? 1,
          generations: options.generations,
          timeLimitMs: options.timeLimitMs,
        },
        progress,
      ),
    );
    return { ...value, roundTripMs };
  }

  /**
   * Simulates a scenario tick by tick in the worker (src/sim's `simulate`, default failure and load
   * model) and returns its summary and per-tick series. Progress events carry the tick as `generation`.
   */
  async simulate(
    input: ScenarioInput,
    options: BrowserSimulateOptions = {},
  ): Promise<WorkerSimulation & { roundTripMs: number }> {
    const { value, roundTripMs } = await this.call(options, (jobId, progress) =>
      this.remote.simulate(
        transferable(input),
        { jobId, policy: options.policy ?? "consolidate", seed: options.seed ?? 1 },
        progress,
      ),
    );
    return { ...value, roundTripMs };
  }

  /** Runs one job: progress proxied back, abort sent to the worker (which is replaced if it does not stop in time). */
  private async call<T>(
    options: { signal?: AbortSignal; onProgress?: (event: PlanProgress) => void },
    invoke: (jobId: number, progress: ((event: PlanProgress) => void) | undefined) => Promise<WorkerOutcome<T>>,
  ): Promise<{ value: T; roundTripMs: number }> {
    this.check();
    const { signal } = options;
    if (signal?.aborted) throw new LeptonError("ABORTED", "the job was cancelled before it started");
    const jobId = this.nextJob++;
    const t0 = performance.now();
    const progress = options.onProgress ? Comlink.proxy(options.onProgress) : undefined;
    const call = invoke(jobId, progress);

    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void this.remote.cancel(jobId).catch(() => {});
        // A job that does not reach its next check in time takes the worker down with it.
        const timer = setTimeout(() => {
          void this.restart();
          reject(new LeptonError("ABORTED", "the job was cancelled (the worker was restarted)"));
        }, this.options.abortGraceMs ?? 1000);
        call.finally(() => clearTimeout(timer)).catch(() => {});
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const outcome = (await Promise.race([call, aborted])) as WorkerOutcome<T>;
      const value = unwrap(outcome);
      if (signal?.aborted) throw new LeptonError("ABORTED", "the job was cancelled");
      return { value, roundTripMs: performance.now() - t0 };
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Every validation problem of a scenario, checked in the worker (empty when valid). */
  async validate(input: ScenarioInput): Promise<ValidationIssue[]> {
    this.check();
    return unwrap(await this.remote.validate(input));
  }

  /** Size of the worker's kernel memory in bytes (for leak checks: it stays flat across jobs). */
  async memoryBytes(): Promise<number> {
    this.check();
    return this.remote.memoryBytes();
  }

  /** Terminates the worker; later calls reject with DISPOSED. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  [Symbol.dispose](): void {
    this.destroy();
  }

  private check(): void {
    if (this.destroyed) throw new LeptonError("DISPOSED", "this BrowserSolver was destroyed; create a new one");
  }

  private async restart(): Promise<void> {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    await this.start();
  }

  private start(): Promise<void> {
    const url = new URL(this.options.workerUrl ?? new URL("./browser-worker.js", import.meta.url), globalThis.location?.href);
    url.searchParams.set("comlink", this.options.comlinkUrl ?? resolveComlink());
    const worker = new Worker(url, { type: "module", name: "lepton-solver" });
    this.worker = worker;
    this.remote = Comlink.wrap<LeptonWorkerApi>(worker);
    return new Promise((resolve, reject) => {
      const ready = (ev: MessageEvent) => {
        if (!ev.data?.leptonWorkerReady) return;
        worker.removeEventListener("message", ready);
        worker.removeEventListener("error", failed);
        resolve();
      };
      const failed = (ev: ErrorEvent) => {
        worker.removeEventListener("message", ready);
        reject(
          new LeptonError(
            "WASM_LOAD_FAILED",
            `the solver worker ${url.pathname} failed to load (${ev.message || "script error"}); serve dist/ and build/ next to each other and run \`npm run build\``,
          ),
        );
      };
      worker.addEventListener("message", ready);
      worker.addEventListener("error", failed);
    });
  }
}

/** An ArrayBuffer moves to the worker (detached here) instead of being copied. */
function transferable(input: ScenarioInput): unknown {
  return input instanceof ArrayBuffer ? Comlink.transfer(input, [input]) : input;
}

function unwrap<T>(outcome: WorkerOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { code, message, issues } = outcome.error;
  throw new LeptonError(code, message, issues);
}

function resolveComlink(): string {
  try {
    return import.meta.resolve("comlink");
  } catch {
    return new URL("/node_modules/comlink/dist/esm/comlink.mjs", globalThis.location.href).href;
  }
}
