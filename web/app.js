// Lepton demo app: loads a scenario, plans it with two policies in a Web Worker (BrowserSolver),
// streams progress, and renders the plans side by side with the same dashboard the HTML reports use.
import uPlot from "uplot";
import { BrowserSolver, createProgressChart, isLeptonError, PLAN_POLICIES, renderDashboard } from "/dist/browser.js";

const $ = (id) => document.getElementById(id);
const ui = {
  loadDefault: $("load-default"),
  file: $("file"),
  source: $("source"),
  policyA: $("policy-a"),
  policyB: $("policy-b"),
  seed: $("seed"),
  gaSeconds: $("ga-seconds"),
  plan: $("plan"),
  simulate: $("simulate"),
  cancel: $("cancel"),
  status: $("status"),
  errors: $("errors"),
  dashboard: $("dashboard"),
};

/** Page state, also read by the end-to-end tests. */
const app = {
  state: "starting",
  solver: null,
  /** The scenario's bytes; each plan sends a copy, because the worker takes ownership of what it gets. */
  bytes: null,
  sourceName: "",
  results: [],
  simulations: [],
  dashboard: null,
  error: null,
  controller: null,
  progress: null,
  planDefault,
  planCurrent,
  simulateCurrent,
};

/** Simulator policies compared by the Simulate button: the optimising default and the spread baseline. */
const SIM_POLICIES = ["consolidate", "spread"];
window.lepton = app;

for (const select of [ui.policyA, ui.policyB]) {
  for (const p of PLAN_POLICIES) select.append(new Option(p, p));
}
ui.policyA.value = PLAN_POLICIES[0];
ui.policyB.value = PLAN_POLICIES.includes("spread") ? "spread" : PLAN_POLICIES[PLAN_POLICIES.length - 1];

function setStatus(text, isError = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle("error", isError);
}

function setBusy(busy) {
  ui.plan.disabled = busy || !app.bytes;
  ui.simulate.disabled = busy || !app.bytes;
  ui.cancel.disabled = !busy;
  ui.loadDefault.disabled = busy;
  ui.file.disabled = busy;
}

function showErrors(error, source) {
  const box = ui.errors;
  box.replaceChildren();
  if (!error) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const issues = isLeptonError(error) ? error.issues : [];
  const title = document.createElement("h2");
  if (issues.length > 0) {
    title.textContent = `${source} is not a valid scenario: ${issues.length} ${issues.length === 1 ? "problem" : "problems"}`;
    const list = document.createElement("ol");
    for (const issue of issues) {
      const li = document.createElement("li");
      const path = document.createElement("code");
      path.textContent = issue.path;
      li.append(path, `: ${issue.message}`);
      list.append(li);
    }
    box.append(title, list);
  } else {
    title.textContent = `${source}: ${error.code ?? "error"}`;
    const p = document.createElement("p");
    p.textContent = error.message;
    box.append(title, p);
  }
}

async function loadBytes(bytes, name) {
  app.bytes = bytes;
  app.sourceName = name;
  ui.source.textContent = `${name} (${(bytes.byteLength / 1024).toFixed(0)} KiB)`;
  await planCurrent();
}

async function planDefault() {
  const res = await fetch("/examples/default.json");
  if (!res.ok) {
    setStatus(`cannot load the default scenario (HTTP ${res.status}); run \`npm run build\` and serve from the repository`, true);
    return;
  }
  await loadBytes(await res.arrayBuffer(), "examples/default.json");
}

/** Plans the current scenario with policy A then policy B, and renders both. */
async function planCurrent() {
  if (!app.bytes || !app.solver) return;
  app.controller?.abort();
  const controller = new AbortController();
  app.controller = controller;
  const policies = [ui.policyA.value, ui.policyB.value].filter((p, i, all) => all.indexOf(p) === i);
  const seed = Number(ui.seed.value) || 1;
  app.state = "planning";
  app.error = null;
  app.simulations = [];
  showErrors(null);
  setBusy(true);
  app.progress.reset(policies);
  const t0 = performance.now();
  const results = [];
  try {
    for (const [run, policy] of policies.entries()) {
      const events = [];
      const result = await app.solver.plan(app.bytes.slice(0), {
        policy,
        seed,
        timeLimitMs: policy === "ga" ? Math.max(0.5, Number(ui.gaSeconds.value) || 5) * 1000 : undefined,
        signal: controller.signal,
        onProgress(e) {
          events.push(e);
          const best = e.bestScore === null ? "" : ` · best score ${e.bestScore.toFixed(1)}`;
          const gen = e.generation === undefined ? "" : ` · generation ${e.generation}`;
          setStatus(`Planning ${app.sourceName} with ${policy}: ${e.phase} (${e.elapsedMs.toFixed(0)} ms)${gen}${best}`);
          app.progress.push(run, performance.now() - t0, e.bestScore);
        },
      });
      results.push({ policy, result, events });
    }
    app.results = results;
    render(results);
    const ms = (performance.now() - t0).toFixed(0);
    const summary = results
      .map(
        ({ policy, result }) =>
          `${policy} ${result.view.totals.feasible ? "feasible" : "with violations"} in ${result.timings.totalMs.toFixed(0)} ms`,
      )
      .join(" · ");
    setStatus(`Planned ${app.sourceName} in ${ms} ms: ${summary}`);
    app.state = "done";
  } catch (e) {
    app.error = e;
    if (isLeptonError(e) && e.code === "ABORTED") {
      setStatus("Cancelled.");
      app.state = "cancelled";
    } else {
      setStatus(`Could not plan ${app.sourceName}: ${isLeptonError(e) ? e.code : "error"}`, true);
      showErrors(e, app.sourceName);
      app.dashboard?.destroy();
      app.dashboard = null;
      ui.dashboard.replaceChildren();
      app.state = "error";
    }
  } finally {
    if (app.controller === controller) app.controller = null;
    setBusy(false);
  }
}

/** Simulates the current scenario with each simulator policy and adds the runs to the dashboard. */
async function simulateCurrent() {
  if (!app.bytes || !app.solver) return;
  app.controller?.abort();
  const controller = new AbortController();
  app.controller = controller;
  const seed = Number(ui.seed.value) || 1;
  app.state = "simulating";
  app.error = null;
  showErrors(null);
  setBusy(true);
  const t0 = performance.now();
  try {
    const runs = [];
    for (const policy of SIM_POLICIES) {
      const run = await app.solver.simulate(app.bytes.slice(0), {
        policy,
        seed,
        signal: controller.signal,
        onProgress(e) {
          setStatus(`Simulating ${app.sourceName} with ${policy}: tick ${e.generation} (${e.elapsedMs.toFixed(0)} ms)`);
        },
      });
      runs.push(run);
    }
    app.simulations = runs;
    if (app.results.length > 0) render(app.results);
    const summary = runs
      .map((r) => `${r.view.policy} ${r.summary.energyKWh.toFixed(1)} kWh, ${r.summary.tasksLost} lost`)
      .join(" · ");
    setStatus(`Simulated ${app.sourceName} in ${(performance.now() - t0).toFixed(0)} ms: ${summary}`);
    app.state = "done";
    document.querySelector('[data-chart="sim-tasks"]')?.scrollIntoView({ block: "center" });
  } catch (e) {
    app.error = e;
    if (isLeptonError(e) && e.code === "ABORTED") {
      setStatus("Cancelled.");
      app.state = "cancelled";
    } else {
      setStatus(`Could not simulate ${app.sourceName}: ${isLeptonError(e) ? e.code : "error"}`, true);
      showErrors(e, app.sourceName);
      app.state = "error";
    }
  } finally {
    if (app.controller === controller) app.controller = null;
    setBusy(false);
  }
}

function render(results) {
  app.dashboard?.destroy();
  const first = results[0].result;
  const v = first.view;
  app.dashboard = renderDashboard(
    ui.dashboard,
    {
      title: first.plan.scenario,
      scenario: {
        name: app.sourceName,
        sites: v.sites.length,
        nodes: v.nodes.length,
        tasks: v.totals.tasks,
        slots: v.slots,
        slotMinutes: v.slotMinutes,
      },
      policies: results.map((r) => r.result.view),
      // A best-score chart only says something when a solver improved its score over time.
      progress: results.some(({ events }) => events.filter((e) => e.bestScore !== null).length > 1)
        ? results.map(({ policy, events }) => {
            const scored = events.filter((e) => e.bestScore !== null);
            return { policy, elapsedMs: scored.map((e) => e.elapsedMs), bestScore: scored.map((e) => e.bestScore) };
          })
        : undefined,
      simulations: app.simulations.map((s) => s.view),
    },
    uPlot,
  );
}

ui.loadDefault.addEventListener("click", () => planDefault());
ui.plan.addEventListener("click", () => planCurrent());
ui.simulate.addEventListener("click", () => simulateCurrent());
ui.cancel.addEventListener("click", () => app.controller?.abort());
ui.file.addEventListener("change", async () => {
  const file = ui.file.files?.[0];
  if (!file) return;
  await loadBytes(await file.arrayBuffer(), file.name);
  ui.file.value = "";
});

app.progress = createProgressChart($("progress-chart"), uPlot);
try {
  app.solver = await BrowserSolver.create();
  app.state = "idle";
  setStatus("Solver worker ready.");
  await planDefault();
} catch (e) {
  app.state = "error";
  app.error = e;
  setStatus(`The solver worker could not start: ${e.message}`, true);
}
