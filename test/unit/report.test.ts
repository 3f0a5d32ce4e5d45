import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { isLeptonError, type LeptonError } from "../../src/model/errors.js";
import { TIERS } from "../../src/model/types.js";
import { buildPlanReportData, renderReportHtml } from "../../src/report/html-report.js";
import { runPlanJob, viewOfPlan } from "../../src/runtime/plan-job.js";
import { makeScenario } from "../helpers/scenarios.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "lepton-report-"));

async function rejection(p: Promise<unknown>): Promise<LeptonError> {
  try {
    await p;
  } catch (e) {
    if (isLeptonError(e)) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

describe("plan view", () => {
  it.each(["greedy", "spread"] as const)(
    "%s: per-slot energy and carbon add up to the evaluator's tier totals",
    async (policy) => {
      const { plan, view } = await runPlanJob(makeScenario({ tasks: 40, nodes: 6, seed: 3 }), { policy });
      const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
      for (const t of TIERS) {
        expect(sum(view.tiers[t].energyKWh)).toBeCloseTo(plan.evaluation.tiers[t].energyKWh, 9);
        expect(sum(view.tiers[t].carbonKg)).toBeCloseTo(plan.evaluation.tiers[t].carbonKg, 9);
      }
      expect(view.nodes.reduce((a, n) => a + n.tasks, 0)).toBe(view.totals.placed);
      expect(view.cpuUtil.length).toBe(view.nodes.length * view.slots);
      expect(view.slo.byType.reduce((a, r) => a + r.tasks, 0)).toBe(40);
    },
  );

  it("spread places every task of a roomy scenario and powers at least as many nodes as greedy", async () => {
    const s = makeScenario({ tasks: 30, nodes: 9, seed: 5 });
    const greedy = await runPlanJob(s, { policy: "greedy" });
    const spread = await runPlanJob(s, { policy: "spread" });
    expect(spread.plan.unplaced).toEqual(greedy.plan.unplaced);
    const used = (r: typeof greedy) => r.view.nodes.filter((n) => n.onSlots > 0).length;
    expect(used(spread)).toBeGreaterThanOrEqual(used(greedy));
  });
});

describe("viewOfPlan", () => {
  it("re-scores a plan made elsewhere to the same view as the job that made it", async () => {
    const s = makeScenario({ tasks: 30, nodes: 6, seed: 8 });
    const { plan, view } = await runPlanJob(s, { policy: "spread" });
    const again = await viewOfPlan(s, plan);
    expect(again.policy).toBe("spread");
    expect(again.totals).toEqual(view.totals);
    expect(Array.from(again.cpuUtil)).toEqual(Array.from(view.cpuUtil));
  });
});

describe("runPlanJob input errors", () => {
  it("reports broken JSON with line and column", async () => {
    const e = await rejection(runPlanJob('{\n  "name": "x",\n  oops\n}'));
    expect(e.code).toBe("INVALID_JSON");
    expect(e.message).toMatch(/line 3, column 3/);
  });

  it("reports truncated JSON at its end", async () => {
    const e = await rejection(runPlanJob(new TextEncoder().encode('{"name": "x",\n "horizon": ')));
    expect(e.code).toBe("INVALID_JSON");
    expect(e.message).toMatch(/line 2/);
  });

  it("lists every validation issue with its path", async () => {
    const s = structuredClone(makeScenario()) as unknown as {
      nodes: { capacity: { cpu: number } }[];
      tasks: { origin: string }[];
    };
    s.nodes[0].capacity.cpu = -4;
    s.tasks[1].origin = "nowhere";
    const e = await rejection(runPlanJob(JSON.stringify(s)));
    expect(e.code).toBe("INVALID_SCENARIO");
    expect(e.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["nodes[0].capacity.cpu", "tasks[1].origin"]));
  });

  it("rejects an unknown policy and honours an aborted signal", async () => {
    expect((await rejection(runPlanJob(makeScenario(), { policy: "magic" as "greedy" }))).code).toBe("INVALID_INPUT");
    const ctrl = new AbortController();
    ctrl.abort();
    expect((await rejection(runPlanJob(makeScenario(), { signal: ctrl.signal }))).code).toBe("ABORTED");
  });
});

describe("HTML report", () => {
  it("is one self-contained file: uPlot, renderer and data inline, nothing fetched", async () => {
    const data = await buildPlanReportData(makeScenario({ tasks: 20 }));
    data.title = "</script><b>x</b>";
    const html = await renderReportHtml(data);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(html).toContain("renderDashboard(");
    expect(html).toContain("uPlot");
    expect(html).toContain("&#60;/script&#62;");
    const json = /<script id="lepton-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? "";
    const parsed = JSON.parse(json);
    expect(parsed.policies.map((p: { policy: string }) => p.policy)).toEqual(["greedy", "spread"]);
    expect(Array.isArray(parsed.policies[0].cpuUtil)).toBe(true);
  });

  it("lepton plan --report writes the report; an unwritable path exits 2", async () => {
    const scenario = join(dir, "s.json");
    writeFileSync(scenario, JSON.stringify(makeScenario({ tasks: 20 })));
    const out = join(dir, "r.html");
    const ok = await run("node", [join(ROOT, "dist/cli/main.js"), "plan", scenario, "--report", out]);
    expect(ok.stdout).toContain(`report     ${out}`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
    const bad = await run("node", [
      join(ROOT, "dist/cli/main.js"),
      "plan",
      scenario,
      "--report",
      join(dir, "no/such/dir/r.html"),
    ]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--report .*cannot write the report/);
  });
});

describe("browser entry", () => {
  it("reaches no node: module through static imports (page entry and worker entry)", () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)) {
        const spec = m[1] ?? m[2];
        if (/^\s*(?:import|export)\s+type\s/.test(m[0])) continue;
        if (spec.startsWith("node:")) offenders.push(`${file}: ${spec}`);
        // Bare imports resolve through the page's import map, which maps only these.
        else if (!spec.startsWith(".") && spec !== "comlink" && spec !== "uplot") offenders.push(`${file}: ${spec}`);
        else if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      }
    };
    visit(join(ROOT, "src/browser.ts"));
    visit(join(ROOT, "src/runtime/browser-worker.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
