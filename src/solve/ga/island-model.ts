import { LeptonError } from "../../model/errors.js";
import type { GaTask, GaTaskResult } from "../../runtime/ga-worker.js";
import { SearchClock, type Termination, terminationFrom, timeLimit } from "../termination.js";
import { better, bestIndex, replaceWorst } from "./island-state.js";
import type { MipNeighbourhoodOptions } from "./mip-neighbourhood.js";
import { assertGaProblem, type GaProblem } from "./problem.js";

/**
 * What the island model needs of a pool of GA workers: the piscina pool in Node
 * (`createGaPool` in runtime/ga-pool.ts) or a one-thread stand-in in a browser worker. Pass one to
 * several solves to pay the worker start-up once.
 */
export interface GaPool {
  readonly threads: number;
  run(task: GaTask, signal?: AbortSignal): Promise<GaTaskResult>;
  destroy(): Promise<void>;
}

/**
 * The Node pool, loaded only when a solve is given no pool: a static import would pull piscina
 * and node:os into every module graph that reaches the GA, browsers included.
 */
export async function defaultPool(threads: number): Promise<GaPool> {
  const { createGaPool } = await import("../../runtime/ga-pool.js");
  return createGaPool(threads);
}

export interface GaProgress {
  /** Best feasible objective so far (minimisation sense of the engine); Infinity if none yet. */
  best: number;
  /** Generations done by each island. */
  generations: number;
  elapsedMs: number;
  evaluations: number;
}

/** Options of one island-model GA run. Termination: any of the limits given (default 10 s). */
export interface GaRunOptions {
  seed?: number;
  /** Worker threads (ignored when `pool` is given). Default 2. */
  threads?: number;
  /** Islands; fixed independently of threads so results do not depend on the thread count. Default 4. */
  islands?: number;
  /** Chromosomes per island. */
  population?: number;
  /**
   * GAP offspring improvement: 0 Chu & Beasley's repair + one improvement pass, 1 full shift/chain
   * descent, 2 penalised descent then 1, 3 breakout search with per-agent weights.
   */
  localSearch?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** With localSearch 4: share of offspring given the deep search (level 2), the rest level 0. */
  deepShare?: number;
  /**
   * Generations without a new island best before the island reseeds every member but the best as
   * a perturbation of it. Default 0 (never): at 6-10 s budgets it measured no gain (docs/ga.md).
   */
  restartAfter?: number;
  /** HCSP: an offspring's iterated-greedy step removes 2 to 1 + hcspDestroy tasks (default 4). */
  hcspDestroy?: number;
  /** Generations between ring migrations. */
  migrationInterval?: number;
  /**
   * GAP only: at every migration point each island's best member also gets this many sub-problems
   * of the agent-subset MIP neighbourhood (mip-neighbourhood.ts), and the result joins the island.
   * Default off here; `solveGapGa` turns it on.
   */
  mipNeighbourhood?: MipNeighbourhoodSettings | false;
  timeLimitMs?: number;
  /** Generations per island; with no time limit this makes the run fully reproducible. */
  generations?: number;
  /** Stop after this many generations without improvement. */
  stagnationGenerations?: number;
  /** Stop once the best reaches this value (engine's minimisation sense). */
  target?: number;
  /** A custom termination rule; replaces the four above. */
  termination?: Termination;
  signal?: AbortSignal;
  onProgress?: (p: GaProgress) => void;
  pool?: GaPool;
}

/** Work of the MIP neighbourhood per island per migration point. */
export type MipNeighbourhoodSettings = Pick<MipNeighbourhoodOptions, "iterations" | "agents" | "nodeLimit">;

export interface GaRunResult {
  /** The best chromosome (a copy). */
  best: Int32Array;
  objective: number;
  /** Total overload of `best` (GAP); 0 means feasible. */
  unfitness: number;
  generations: number;
  evaluations: number;
  /** Sub-problems of the MIP neighbourhood that improved an island's best (0 when it is off). */
  neighbourhoodImprovements: number;
  timeMs: number;
  stoppedBy: "termination" | "abort";
}

let runCounter = 0;
const RUN_PREFIX = Math.random().toString(36).slice(2);

/** Island seeds derived from the run seed by splitmix32, so islands are decorrelated. */
function islandSeed(seed: number, k: number): number {
  let z = (seed + Math.imul(k + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

interface Island {
  genes: Int32Array;
  meta: Float64Array;
  best: number;
}

function shared<T extends Int32Array | Float64Array>(
  ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
}

function sharedCopy(a: Float64Array): Float64Array {
  const s = shared(Float64Array, a.length);
  s.set(a);
  return s;
}

/**
 * The island model (Whitley, Rana & Heckendorn 1999; Cantú-Paz 2000): `islands` populations evolve
 * independently on the worker pool and every `migrationInterval` generations the best member of
 * island k replaces the worst of island k+1 (ring). Migration happens on this thread in island
 * order, and island work is split into chunks whose boundaries do not change any island's random
 * stream, so with a generation budget the result is identical for any number of threads. Under a
 * time limit the number of generations reached depends on the machine, and so may the result.
 */
export async function runIslandGa(
  problem: GaProblem,
  warmStarts: Int32Array[],
  options: GaRunOptions = {},
): Promise<GaRunResult> {
  assertGaProblem(problem, "problem");
  const islands = options.islands ?? 4;
  // Defaults measured on the public benchmarks (docs/ga.md). GAP: when the deep descent is cheap
  // (its ejection-chain pass is O(n^2 m)), offspring get Chu & Beasley's cheap operator and only
  // new island bests (plus 0.2% at random) get the deep one, in large islands that migrate rarely;
  // on larger instances every offspring gets the deep penalised descent, in small islands (the
  // cheap operator stalls on types D and E with 400 jobs). HCSP: iterated-greedy offspring.
  const deepIsCheap = problem.m * problem.n * problem.n <= 1e6;
  const localSearch = options.localSearch ?? (deepIsCheap ? 6 : 2);
  const cheap = localSearch === 0 || localSearch === 4 || localSearch === 6;
  const P = options.population ?? (problem.kind === "hcsp" ? 30 : cheap ? 100 : 20);
  const E = options.migrationInterval ?? (problem.kind === "hcsp" ? 200 : cheap ? 2000 : 20);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(islands) || islands < 1 || islands > 64) {
    throw new LeptonError("INVALID_INPUT", `islands must be an integer from 1 to 64 (got ${islands})`);
  }
  if (!Number.isInteger(P) || P < 2 || P > 10_000) {
    throw new LeptonError("INVALID_INPUT", `population must be an integer from 2 to 10000 (got ${P})`);
  }
  if (!Number.isInteger(E) || E < 1)
    throw new LeptonError("INVALID_INPUT", `migrationInterval must be a positive integer (got ${E})`);
  for (const [i, w] of warmStarts.entries()) {
    if (w.length !== problem.n)
      throw new LeptonError("INVALID_INPUT", `warmStarts[${i}] must have n = ${problem.n} genes (got ${w.length})`);
    for (const g of w)
      if (!(g >= 0 && g < problem.m))
        throw new LeptonError("INVALID_INPUT", `warmStarts[${i}] has agent ${g} outside 0..${problem.m - 1}`);
  }
  const termination =
    options.termination ??
    terminationFrom(
      {
        timeLimitMs: options.timeLimitMs,
        generations: options.generations,
        stagnationGenerations: options.stagnationGenerations,
        target: options.target,
      },
      timeLimit(10_000),
    );
  const cap = termination.generationCap();
  const clock = new SearchClock();
  const startEpoch = Date.now();
  const mip = options.mipNeighbourhood || undefined;
  if (mip) assertMipSettings(mip, problem.m);
  // Set on abort so a worker inside a (long) MIP neighbourhood step stops within ~20 ms.
  const stop = shared(Int32Array, 1);
  const onAbort = () => Atomics.store(stop, 0, 1);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const { n } = problem;
  const shareProblem: GaProblem =
    problem.kind === "gap"
      ? {
          ...problem,
          cost: sharedCopy(problem.cost),
          resource: sharedCopy(problem.resource),
          capacity: sharedCopy(problem.capacity),
        }
      : { ...problem, cost: sharedCopy(problem.cost) };
  // Unique per run within this process (or page), so workers never mix two runs' cached problems.
  const key = `${RUN_PREFIX}:${++runCounter}:${Date.now()}`;
  const pool = options.pool ?? (await defaultPool(options.threads ?? 2));
  let evaluations = 0;
  let neighbourhoodImprovements = 0;
  try {
    const isl: Island[] = [];
    for (let k = 0; k < islands; k++) {
      const genes = shared(Int32Array, P * n + 4);
      const seeded = Math.min(warmStarts.length, P);
      for (let q = 0; q < seeded; q++) genes.set(warmStarts[q], q * n);
      isl.push({ genes, meta: shared(Float64Array, 3 * P + 2 + problem.m), best: 0 });
    }
    const base = {
      key,
      problem: shareProblem,
      population: P,
      localSearch,
      deepShare: options.deepShare ?? (localSearch === 6 ? 0.002 : 0.02),
      restartAfter: options.restartAfter ?? 0,
      hcspDestroy: options.hcspDestroy ?? 4,
      deadline: options.timeLimitMs !== undefined ? startEpoch + options.timeLimitMs : undefined,
    };
    const results = await Promise.all(
      isl.map((island, k) =>
        pool.run({
          ...base,
          op: "init",
          genes: island.genes,
          meta: island.meta,
          generations: 0,
          seeded: Math.min(warmStarts.length, P),
          seed: islandSeed(seed, k),
        }),
      ),
    );
    results.forEach((r, k) => {
      isl[k].best = bestIndex(isl[k], P);
      evaluations += r.evals;
    });
    let gen = 0;
    let chunk = Math.min(E, 5);
    const bestOf = () => {
      let bk = 0;
      for (let k = 1; k < islands; k++) {
        const a = isl[k];
        const b = isl[bk];
        if (better(a.meta[a.best], a.meta[P + a.best], b.meta[b.best], b.meta[P + b.best])) bk = k;
      }
      return bk;
    };
    const report = () => {
      const b = isl[bestOf()];
      const feasibleBest = b.meta[P + b.best] <= 1e-9 ? b.meta[b.best] : Number.POSITIVE_INFINITY;
      clock.update(gen, feasibleBest);
      options.onProgress?.({ best: feasibleBest, generations: gen, elapsedMs: clock.state.elapsedMs, evaluations });
    };
    report();
    let stoppedBy: GaRunResult["stoppedBy"] = "termination";
    while (!termination.done(clock.tick())) {
      if (options.signal?.aborted) {
        stoppedBy = "abort";
        break;
      }
      const step = Math.max(1, Math.min(chunk, E - (gen % E), cap - gen));
      const t0 = performance.now();
      const rs = await Promise.all(
        isl.map((island) =>
          pool.run({ ...base, op: "evolve", genes: island.genes, meta: island.meta, generations: step, seeded: 0, seed: 0 }),
        ),
      );
      rs.forEach((r, k) => {
        isl[k].best = r.best;
        evaluations += r.evals;
      });
      gen += step;
      if (gen % E === 0 && mip && problem.kind === "gap") {
        // Seeded by the run seed, island and migration point: the same under any thread count.
        const point = gen / E;
        const ns = await Promise.all(
          isl.map((island, k) =>
            pool.run({
              ...base,
              op: "neighbourhood",
              genes: island.genes,
              meta: island.meta,
              generations: 0,
              seeded: 0,
              seed: islandSeed((seed + Math.imul(point, 0x27d4eb2d)) >>> 0, k),
              neighbourhood: mip,
              stop,
            }),
          ),
        );
        ns.forEach((r, k) => {
          isl[k].best = r.best;
          evaluations += r.evals;
          neighbourhoodImprovements += r.improvements ?? 0;
        });
      }
      if (gen % E === 0 && islands > 1) migrate(isl, P, n);
      report();
      // Aim for ~100 ms chunks: short enough for time limits and aborts, long enough to amortise messaging.
      const dt = performance.now() - t0;
      chunk = Math.max(1, Math.min(E, Math.round(dt > 0 ? (step * 100) / dt : step * 2), chunk * 2));
    }
    if (options.signal?.aborted) stoppedBy = "abort";
    const b = isl[bestOf()];
    return {
      best: b.genes.slice(b.best * n, b.best * n + n),
      objective: b.meta[b.best],
      unfitness: b.meta[P + b.best],
      generations: gen,
      evaluations,
      neighbourhoodImprovements,
      timeMs: clock.tick().elapsedMs,
      stoppedBy,
    };
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (!options.pool) await pool.destroy();
  }
}

function assertMipSettings(mip: MipNeighbourhoodSettings, m: number): void {
  const fail = (field: string, what: string, got: unknown) => {
    throw new LeptonError(
      "INVALID_INPUT",
      `mipNeighbourhood.${field} must be ${what} (got ${got}); or pass false to turn it off`,
    );
  };
  if (!(Number.isInteger(mip.iterations) && mip.iterations >= 1)) fail("iterations", "a positive integer", mip.iterations);
  if (mip.agents !== undefined && !(Number.isInteger(mip.agents) && mip.agents >= 2 && mip.agents <= m))
    fail("agents", `an integer from 2 to m = ${m}`, mip.agents);
  if (mip.nodeLimit !== undefined && !(mip.nodeLimit >= 1)) fail("nodeLimit", "at least 1", mip.nodeLimit);
}

/** Ring migration: island k's best replaces island k+1's worst unless it is no better or already there. */
function migrate(isl: Island[], P: number, n: number): void {
  const emigrants = isl.map((island) => {
    const b = bestIndex(island, P);
    return {
      genes: island.genes.slice(b * n, b * n + n),
      obj: island.meta[b],
      unfit: island.meta[P + b],
      hash: island.meta[2 * P + b],
    };
  });
  for (let k = 0; k < isl.length; k++) {
    const e = emigrants[k];
    const to = isl[(k + 1) % isl.length];
    if (replaceWorst(to, P, e.genes, e.obj, e.unfit, e.hash)) to.best = bestIndex(to, P);
  }
}
