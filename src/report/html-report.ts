/**
 * Self-contained HTML reports (Node only): one file with uPlot's JS and CSS, the dashboard renderer
 * and the data inlined, so it opens offline, from a mail attachment or a CI artifact, with no server.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LeptonError } from "../model/errors.js";
import type { Scenario } from "../model/types.js";
import { PLAN_POLICIES, type PlanPolicy, type PlanProgress, runPlanJob, viewOfPlan } from "../runtime/plan-job.js";
import { nodeGaRunner } from "../runtime/node-ga-runner.js";
import type { Plan } from "../solve/plan.js";
import type { DashboardData } from "./dashboard.js";
import { type SimResultLike, simulationView } from "./simulation-view.js";
import type { PlanView } from "./view.js";

/** Policies a plan report shows by default: the plan, and the spread baseline next to it. */
export const DEFAULT_REPORT_POLICIES: PlanPolicy[] = ["greedy", "spread"];

export interface PlanReportOptions {
  seed?: number;
  /** One or two policies, the first being the plan (default: greedy and spread). */
  policies?: PlanPolicy[];
  /**
   * A plan already made (by `lepton plan --solver ga`, say): shown first, next to the greedy plan,
   * or next to the spread baseline when it is itself the greedy plan. Replaces `policies`.
   */
  plan?: Plan;
  title?: string;
}

/** Plans `scenario` with each policy and gathers the dashboard data of a plan report. */
export async function buildPlanReportData(scenario: Scenario, options: PlanReportOptions = {}): Promise<DashboardData> {
  const policies = options.policies ?? DEFAULT_REPORT_POLICIES;
  for (const p of policies) {
    if (!(PLAN_POLICIES as readonly string[]).includes(p)) {
      throw new LeptonError("INVALID_INPUT", `report: unknown policy "${p}"; policies are: ${PLAN_POLICIES.join(", ")}`);
    }
  }
  const views: PlanView[] = [];
  const progress: NonNullable<DashboardData["progress"]> = [];
  if (options.plan) {
    views.push(await viewOfPlan(scenario, options.plan));
    const baseline: PlanPolicy = options.plan.solver === "greedy" ? "spread" : "greedy";
    views.push((await runPlanJob(scenario, { policy: baseline, seed: options.seed })).view);
  }
  for (const policy of options.plan ? [] : policies) {
    const events: PlanProgress[] = [];
    const r = await runPlanJob(scenario, { policy, seed: options.seed, onProgress: (e) => events.push(e), ga: nodeGaRunner });
    views.push(r.view);
    const scored = events.filter((e) => e.bestScore !== null);
    progress.push({ policy, elapsedMs: scored.map((e) => e.elapsedMs), bestScore: scored.map((e) => e.bestScore as number) });
  }
  return {
    title: options.title ?? `Lepton plan report: ${scenario.name}`,
    scenario: scenarioSummary(scenario),
    policies: views,
    progress: progress.some((p) => p.elapsedMs.length > 1) ? progress : undefined,
    generatedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

/** The header numbers of a scenario. */
export function scenarioSummary(s: Scenario): DashboardData["scenario"] {
  return {
    name: s.name,
    sites: s.sites.length,
    nodes: s.nodes.length,
    tasks: s.tasks.length,
    slots: s.horizon.slots,
    slotMinutes: s.horizon.slotMinutes,
  };
}

/** Writes the plan report of `scenario` to `path`; see `buildPlanReportData`. */
export async function writePlanReport(path: string, scenario: Scenario, options: PlanReportOptions = {}): Promise<void> {
  await writeReportFile(path, await renderReportHtml(await buildPlanReportData(scenario, options)));
}

/**
 * Writes a simulation report: each simulated run's per-tick series and summary side by side, and
 * (unless `plans` is false) the static plans of the same scenario for context. This is what
 * `lepton simulate --report` calls.
 */
export async function writeSimulationReport(
  path: string,
  scenario: Scenario,
  results: SimResultLike[],
  options: PlanReportOptions & { plans?: boolean } = {},
): Promise<void> {
  const data: DashboardData =
    options.plans === false
      ? { title: "", scenario: scenarioSummary(scenario), policies: [], generatedAt: new Date().toISOString() }
      : await buildPlanReportData(scenario, options);
  data.title = options.title ?? `Lepton simulation report: ${scenario.name}`;
  data.simulations = results.map(simulationView);
  await writeReportFile(path, await renderReportHtml(data));
}

async function writeReportFile(path: string, html: string): Promise<void> {
  try {
    await writeFile(path, html);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new LeptonError(
      "INVALID_INPUT",
      `--report ${path}: cannot write the report (${err.code ?? err.message}); check the directory exists`,
    );
  }
}

/** One HTML document with uPlot, the dashboard renderer and `data` inlined; it loads nothing from the network. */
export async function renderReportHtml(data: DashboardData): Promise<string> {
  const assets = await loadAssets();
  const title = escapeHtml(data.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${assets.uplotCss}</style>
<style>body{margin:0;padding:16px 24px;background:#f8fafc}</style>
</head>
<body>
<main id="app"><noscript>This report draws its charts with JavaScript; enable it to see them.</noscript></main>
<script id="lepton-data" type="application/json">${JSON.stringify(data, plainArrays).replace(/</g, "\\u003c")}</script>
<script>${scriptSafe(assets.uplotJs)}</script>
<script type="module">
${scriptSafe(assets.dashboardJs)}
const data = JSON.parse(document.getElementById("lepton-data").textContent);
window.leptonDashboard = renderDashboard(document.getElementById("app"), data, window.uPlot);
</script>
</body>
</html>
`;
}

interface Assets {
  uplotJs: string;
  uplotCss: string;
  dashboardJs: string;
}

let assetsCache: Promise<Assets> | undefined;

function loadAssets(): Promise<Assets> {
  assetsCache ??= (async () => {
    const uplotDir = dirname(createRequire(import.meta.url).resolve("uplot"));
    // From dist/report the compiled renderer is a sibling; from src/report (tests) it is in dist/.
    const here = dirname(fileURLToPath(import.meta.url));
    const candidates = [join(here, "dashboard.js"), join(here, "../../dist/report/dashboard.js")];
    const dashboardPath = candidates.find((p) => existsSync(p));
    if (!dashboardPath) throw new LeptonError("INTERNAL", "dist/report/dashboard.js is missing; run `npm run build`");
    const [uplotJs, uplotCss, dashboardJs] = await Promise.all([
      readFile(join(uplotDir, "uPlot.iife.min.js"), "utf8"),
      readFile(join(uplotDir, "uPlot.min.css"), "utf8"),
      readFile(dashboardPath, "utf8"),
    ]);
    return { uplotJs, uplotCss, dashboardJs: dashboardJs.replace(/^\/\/# sourceMappingURL=.*$/m, "") };
  })();
  assetsCache.catch(() => {
    assetsCache = undefined;
  });
  return assetsCache;
}

/** JSON.stringify replacer: typed arrays become plain arrays (they would become objects otherwise). */
function plainArrays(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Text inside a <script> must not close it: `</script` and `<!--` are broken up (valid in JS and JSON strings). */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
