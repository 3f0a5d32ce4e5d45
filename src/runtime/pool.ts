import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { LeptonError } from "../model/errors.js";

/**
 * The built worker file. Node cannot run .ts workers, so the pool always loads the compiled .js
 * from dist/ (from src/runtime this resolves to ../../dist/runtime, from dist/runtime to itself).
 */
function workerUrl(name: string): URL {
  return new URL(`../../dist/runtime/${name}.js`, import.meta.url);
}

/**
 * A small fixed-size worker pool (a thin layer over piscina): `threads` workers, started eagerly,
 * running the default export of one built worker module. One owner calls `destroy()`.
 */
export class WorkerPool<Task, Result> {
  private readonly pool: Piscina;
  private destroyed = false;
  readonly threads: number;

  constructor(worker: string, threads: number) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new LeptonError("INVALID_INPUT", `threads must be an integer from 1 to 64 (got ${threads})`);
    }
    this.threads = threads;
    this.pool = new Piscina({
      filename: workerUrl(worker).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
    });
  }

  /** Runs one task on some worker. */
  async run(task: Task, signal?: AbortSignal): Promise<Result> {
    if (this.destroyed) throw new LeptonError("DISPOSED", "this worker pool was destroyed; create a new one");
    try {
      return (await this.pool.run(task, signal ? { signal } : {})) as Result;
    } catch (e) {
      if ((e as Error).name === "AbortError") throw new LeptonError("ABORTED", "the task was aborted");
      const msg = (e as Error).message ?? String(e);
      if (/Cannot find module|ERR_MODULE_NOT_FOUND/.test(msg)) {
        throw new LeptonError(
          "WASM_LOAD_FAILED",
          `worker ${workerUrl("…")} not built: ${msg}. Maybe run \`npm run build\` first.`,
        );
      }
      throw e;
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

/** Default thread count: the machine's cores, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
