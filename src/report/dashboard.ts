/**
 * Renders plans (and simulations) as a dashboard of uPlot charts and tables: the web app and the
 * self-contained HTML report both call `renderDashboard`. This file has no runtime imports, because
 * the report inlines its compiled JavaScript into one HTML file; uPlot comes in as a parameter
 * (an ES import in the app, the inlined IIFE global in a report).
 */
import type uPlot from "uplot";
import type { PlanView } from "./view.js";

type UPlotCtor = typeof uPlot;
type Num = ArrayLike<number>;

/** One simulation run as the dashboard shows it: per-tick series and summary counts. */
export interface SimulationView {
  policy: string;
  /** Tick index of every sample. */
  ticks: Num;
  running: Num;
  queued: Num;
  nodesOn: Num;
  energyKWh: Num;
  carbonKg: Num;
  sloViolations: Num;
  /** Named totals shown in the summary table (tasksLost, energyKWh, ...). */
  summary: Record<string, number>;
}

/** What a dashboard shows; every array may be a typed array or a plain JSON array. */
export interface DashboardData {
  title: string;
  scenario: { name: string; sites: number; nodes: number; tasks: number; slots: number; slotMinutes: number };
  /** One or two plans; the first is the primary. */
  policies: PlanView[];
  /** Best score over time of each solver run that reported progress. */
  progress?: { policy: string; elapsedMs: Num; bestScore: Num }[];
  simulations?: SimulationView[];
  generatedAt?: string;
}

export interface DashboardChart {
  id: string;
  plot: uPlot;
}

export interface Dashboard {
  charts: DashboardChart[];
  destroy(): void;
}

const TIER_COLOURS = { core: "#2563eb", edge: "#16a34a" } as const;
const POLICY_COLOURS = ["#7c3aed", "#ea580c", "#0891b2", "#be123c"];
const CSS_ID = "lepton-dashboard-css";

/** Styles of the dashboard; injected once per document. */
export const DASHBOARD_CSS = `
.lp{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937}
.lp h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.lp h3{font-size:14px;margin:10px 0 4px;color:#374151}
.lp .sub{color:#6b7280;font-size:13px}
.lp table{border-collapse:collapse;font-size:13px;margin:4px 0 8px}
.lp th,.lp td{padding:3px 8px;border-bottom:1px solid #f1f5f9;text-align:right;white-space:nowrap}
.lp th:first-child,.lp td:first-child{text-align:left}
.lp thead th{background:#f8fafc;color:#475569;font-weight:600}
.lp .pair{display:grid;grid-template-columns:repeat(var(--cols,2),minmax(0,1fr));gap:16px}
.lp .card{border:1px solid #e5e7eb;border-radius:8px;padding:8px 10px;background:#fff;min-width:0}
.lp .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.lp .ok{background:#dcfce7;color:#166534}.lp .bad{background:#fee2e2;color:#991b1b}
.lp .readout{font-size:12px;color:#475569;min-height:16px}
.lp .scale{display:flex;align-items:center;gap:6px;font-size:12px;color:#475569}
.lp .scale i{display:inline-block;width:140px;height:10px;border-radius:2px;background:linear-gradient(90deg,#fff7bc,#fec44f,#f03b20,#7f0000)}
.lp .off{display:inline-block;width:12px;height:10px;background:#e5e7eb;border-radius:2px}
.lp .scroll{max-height:320px;overflow:auto}
.lp .chart{min-height:40px}
.lp ul.issues{margin:4px 0;padding-left:18px;font-size:13px}
@media (max-width:1000px){.lp .pair{grid-template-columns:minmax(0,1fr)}}
`;

/** Renders `data` into `root` (replacing its content) and returns the uPlot charts it made. */
export function renderDashboard(root: HTMLElement, data: DashboardData, uPlotCtor: UPlotCtor): Dashboard {
  ensureCss(root.ownerDocument);
  root.replaceChildren();
  root.classList.add("lp");
  const charts: DashboardChart[] = [];
  const add = (id: string, plot: uPlot) => charts.push({ id, plot });
  const policies = data.policies;
  const cols = String(Math.max(1, policies.length));

  const s = data.scenario;
  root.append(
    el("h1", { style: "font-size:20px;margin:4px 0" }, data.title),
    el(
      "div",
      { class: "sub" },
      `${s.name} · ${s.tasks} tasks · ${s.nodes} nodes · ${s.sites} sites · ${s.slots} slots × ${s.slotMinutes} min` +
        (data.generatedAt ? ` · generated ${data.generatedAt}` : ""),
    ),
  );

  if (policies.length > 0) {
    root.append(el("h2", {}, policies.length > 1 ? "Policies side by side" : "Plan summary"), comparisonTable(policies));
  }

  if (data.progress && data.progress.length > 0) {
    root.append(el("h2", {}, "Best score over time"));
    const box = el("div", { class: "card chart", "data-chart": "progress" });
    root.append(box);
    add("progress", progressChart(box, data.progress, uPlotCtor));
  }

  if (policies.length > 0) {
    const maxLoad = Math.max(...policies.flatMap((p) => tierList(p).map((t) => p.tiers[t].cpuCapacity)));
    const maxEnergy = Math.max(1e-9, ...policies.flatMap((p) => tierList(p).map((t) => max(p.tiers[t].energyKWh))));
    const maxCarbon = Math.max(1e-9, ...policies.flatMap((p) => tierList(p).map((t) => max(p.tiers[t].carbonKg))));
    const section = (title: string, note: string, make: (box: HTMLElement, p: PlanView) => [string, uPlot]) => {
      root.append(el("h2", {}, title), el("div", { class: "sub" }, note));
      const grid = el("div", { class: "pair", style: `--cols:${cols}` });
      root.append(grid);
      for (const p of policies) {
        const card = el("div", { class: "card" }, el("h3", {}, p.policy));
        const box = el("div", { class: "chart" });
        card.append(box);
        grid.append(card);
        const [id, plot] = make(box, p);
        box.dataset.chart = id;
        add(id, plot);
      }
    };
    section(
      "Node × slot CPU utilisation",
      "Each row is a node (core first), each column a time slot; grey = powered off.",
      (b, p) => [`heat:${p.policy}`, heatmap(b, p, uPlotCtor)],
    );
    section(
      "Load per tier against capacity",
      "CPU cores demanded per slot (solid) against the capacity of powered-on nodes (dashed) and of the whole tier (dotted).",
      (b, p) => [`load:${p.policy}`, tierLoadChart(b, p, maxLoad, uPlotCtor)],
    );
    section("Energy per tier", "kWh per slot, facility power (PUE) included.", (b, p) => [
      `energy:${p.policy}`,
      tierSeriesChart(b, p, "energyKWh", "kWh", maxEnergy, uPlotCtor),
    ]);
    section("Carbon per tier", "kg CO2e per slot: energy times the region's grid intensity.", (b, p) => [
      `carbon:${p.policy}`,
      tierSeriesChart(b, p, "carbonKg", "kg CO2e", maxCarbon, uPlotCtor),
    ]);

    root.append(el("h2", {}, "SLO status"));
    const sloGrid = el("div", { class: "pair", style: `--cols:${cols}` });
    root.append(sloGrid);
    for (const p of policies) sloGrid.append(sloCard(p));

    root.append(el("h2", {}, "Fleet"), fleetTables(policies));
  }

  if (data.simulations && data.simulations.length > 0) {
    const sims = data.simulations;
    root.append(el("h2", {}, "Simulation"), el("div", { class: "card" }, simulationTable(sims)));
    const charts: [string, string, ("running" | "queued" | "nodesOn" | "energyKWh" | "carbonKg" | "sloViolations")[]][] = [
      ["sim-tasks", "Tasks running (solid) and queued (dashed) per tick", ["running", "queued"]],
      ["sim-nodes", "Nodes powered on per tick", ["nodesOn"]],
      ["sim-energy", "Energy per tick (kWh)", ["energyKWh"]],
      ["sim-carbon", "Carbon per tick (kg CO2e)", ["carbonKg"]],
      ["sim-slo", "SLO-violation slots per tick", ["sloViolations"]],
    ];
    const grid = el("div", { class: "pair", style: "--cols:2" });
    root.append(grid);
    for (const [id, title, keys] of charts) {
      const box = el("div", { class: "chart", "data-chart": id });
      grid.append(el("div", { class: "card" }, el("h3", {}, title), box));
      add(id, simulationChart(box, sims, keys, uPlotCtor));
    }
  }

  const onResize = () => {
    for (const c of charts) {
      const parent = c.plot.root.parentElement;
      if (parent) c.plot.setSize({ width: chartWidth(parent), height: c.plot.height });
    }
  };
  root.ownerDocument.defaultView?.addEventListener("resize", onResize);
  return {
    charts,
    destroy() {
      root.ownerDocument.defaultView?.removeEventListener("resize", onResize);
      for (const c of charts) c.plot.destroy();
      charts.length = 0;
    },
  };
}

/**
 * A best-score-over-time chart that grows as progress events arrive (the app's live view): one
 * series per run, `push(run, elapsedMs, bestScore)`; `reset(labels)` starts over with new runs.
 */
export function createProgressChart(box: HTMLElement, uPlotCtor: UPlotCtor) {
  ensureCss(box.ownerDocument);
  let xs: number[] = [];
  let ys: (number | null)[][] = [];
  let plot: uPlot | undefined;
  const make = (labels: string[]) => {
    plot?.destroy();
    xs = [];
    ys = labels.map(() => []);
    plot = new uPlotCtor(
      {
        width: chartWidth(box),
        height: 180,
        scales: { x: { time: false } },
        axes: [{ label: "elapsed (ms)" }, { label: "best score", size: 70, values: (_u, v) => v.map(short) }],
        series: [
          { label: "ms" },
          ...labels.map((label, i) => ({
            label,
            stroke: POLICY_COLOURS[i % POLICY_COLOURS.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 6 },
          })),
        ],
      },
      [xs, ...ys] as uPlot.AlignedData,
      box,
    );
  };
  make(["best score"]);
  return {
    get plot() {
      return plot as uPlot;
    },
    push(run: number, elapsedMs: number, bestScore: number | null) {
      if (bestScore === null || !Number.isFinite(bestScore) || !plot || run >= ys.length) return;
      xs.push(elapsedMs);
      ys.forEach((y, i) => {
        y.push(i === run ? bestScore : null);
      });
      plot.setData([xs, ...ys] as uPlot.AlignedData);
    },
    reset(labels: string[]) {
      make(labels);
    },
  };
}

function ensureCss(doc: Document): void {
  if (doc.getElementById(CSS_ID)) return;
  const style = doc.createElement("style");
  style.id = CSS_ID;
  style.textContent = DASHBOARD_CSS;
  doc.head.append(style);
}

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function table(head: string[], rows: (string | number | Node)[][]): HTMLElement {
  const t = el("table");
  t.append(el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const r of rows) body.append(el("tr", {}, ...r.map((c) => el("td", {}, typeof c === "number" ? String(c) : c))));
  t.append(body);
  return t;
}

function tierList(p: PlanView): ("core" | "edge")[] {
  return (Object.keys(p.tiers) as ("core" | "edge")[]).filter((t) => p.tiers[t].cpuCapacity > 0);
}

function max(xs: Num): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}

function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "∞";
}

function short(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${fmt(x / 1e9, 1)}G`;
  if (a >= 1e6) return `${fmt(x / 1e6, 1)}M`;
  if (a >= 1e4) return `${fmt(x / 1e3, 0)}k`;
  return fmt(x, a < 10 ? 2 : 0);
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${Math.round(100 * x)}%` : "∞";
}

function badge(ok: boolean, yes: string, no: string): HTMLElement {
  return el("span", { class: `badge ${ok ? "ok" : "bad"}` }, ok ? yes : no);
}

function slotLabel(slot: number, slotMinutes: number): string {
  const m = Math.round(slot * slotMinutes);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

function chartWidth(box: HTMLElement): number {
  return Math.max(280, Math.floor(box.clientWidth || box.parentElement?.clientWidth || 600) - 4);
}

function slotAxis(p: { slotMinutes: number }) {
  return { label: "time of day", values: (_u: uPlot, v: number[]) => v.map((x) => slotLabel(x, p.slotMinutes)) };
}

function comparisonTable(policies: PlanView[]): HTMLElement {
  const metric = (name: string, f: (p: PlanView) => string | Node) => [name, ...policies.map(f)];
  const tiers = (f: (t: PlanView["totals"]["tiers"]["core"]) => string) => (p: PlanView) =>
    `${f(p.totals.tiers.core)} / ${f(p.totals.tiers.edge)}`;
  return table(
    ["", ...policies.map((p) => p.policy)],
    [
      metric("status", (p) => badge(p.totals.feasible, "feasible", "violations")),
      metric("tasks placed", (p) => `${p.totals.placed} of ${p.totals.tasks}`),
      metric("SLO violations", (p) => String(p.totals.sloViolations)),
      metric("capacity violations", (p) => String(p.totals.capacityViolations)),
      metric("mean latency (ms)", (p) => fmt(p.totals.meanLatencyMs, 2)),
      metric("energy (kWh)", (p) => fmt(p.totals.energyKWh)),
      metric(
        "  core / edge",
        tiers((t) => fmt(t.energyKWh)),
      ),
      metric("carbon (kg CO2e)", (p) => fmt(p.totals.carbonKg)),
      metric(
        "  core / edge",
        tiers((t) => fmt(t.carbonKg)),
      ),
      metric("cost (USD)", (p) => fmt(p.totals.costUsd, 2)),
      metric(
        "nodes used core / edge",
        tiers((t) => String(t.nodesUsed)),
      ),
      metric(
        "peak CPU core / edge",
        tiers((t) => pct(t.peakCpuUtilisation)),
      ),
      metric("imbalance (pp)", (p) => fmt(p.totals.imbalance, 2)),
      metric("objective", (p) => fmt(p.totals.objective, 2)),
      metric("solver time (ms)", (p) => fmt(p.timeMs, 1)),
    ],
  );
}

function progressChart(box: HTMLElement, runs: NonNullable<DashboardData["progress"]>, uPlotCtor: UPlotCtor): uPlot {
  // uPlot shares one x array: merge the runs' times and leave gaps where a run has no sample.
  const xs = [...new Set(runs.flatMap((r) => Array.from(r.elapsedMs)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = runs.map((r) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    for (let i = 0; i < r.elapsedMs.length; i++) y[index.get(r.elapsedMs[i]) as number] = r.bestScore[i];
    return y;
  });
  return new uPlotCtor(
    {
      width: chartWidth(box),
      height: 200,
      scales: { x: { time: false } },
      axes: [{ label: "elapsed (ms)" }, { label: "best score", size: 70, values: (_u, v) => v.map(short) }],
      series: [
        { label: "ms" },
        ...runs.map((r, i) => ({ label: r.policy, stroke: POLICY_COLOURS[i % POLICY_COLOURS.length], width: 2, spanGaps: true })),
      ],
    },
    [xs, ...ys] as uPlot.AlignedData,
    box,
  );
}

/** Heat colour for a utilisation in [0, 1+]: yellow → orange → red, dark red above capacity. */
function heatColour(u: number): string {
  if (u > 1 + 1e-6) return "#4a0010";
  const stops = [
    [255, 247, 188],
    [254, 196, 79],
    [240, 59, 32],
    [127, 0, 0],
  ];
  const x = Math.max(0, Math.min(1, u)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/**
 * Node × slot heatmap: uPlot supplies the scales, axes and cursor; the cells are painted in its
 * draw hook, as uPlot's own heatmap demos do.
 */
function heatmap(box: HTMLElement, p: PlanView, uPlotCtor: UPlotCtor): uPlot {
  const S = p.slots;
  // Core nodes first, then edge, each in scenario order.
  const order = p.nodes
    .map((_, i) => i)
    .sort((a, b) => (p.nodes[a].tier === p.nodes[b].tier ? a - b : p.nodes[a].tier === "core" ? -1 : 1));
  const N = order.length;
  const xs = Array.from({ length: S + 1 }, (_, i) => i);
  const readout = el("div", { class: "readout" }, "Hover a cell for its node, slot and utilisation.");
  const scale = el("div", { class: "scale" }, "0%", el("i"), "100%", el("span", { class: "off" }), "off");
  const rowStep = Math.max(1, Math.ceil(N / 40));
  // Room for the longest node id at the axis font (about 7 px per character).
  const labelWidth = Math.min(220, 16 + 7 * Math.max(4, ...p.nodes.map((n) => n.id.length)));
  const draw = (u: uPlot) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    for (let r = 0; r < N; r++) {
      const n = order[r];
      const y0 = u.valToPos(N - r, "y", true);
      const y1 = u.valToPos(N - r - 1, "y", true);
      for (let s = 0; s < S; s++) {
        const x0 = u.valToPos(s, "x", true);
        const x1 = u.valToPos(s + 1, "x", true);
        ctx.fillStyle = p.nodeOn[n * S + s] ? heatColour(p.cpuUtil[n * S + s]) : "#e5e7eb";
        ctx.fillRect(x0, y0, Math.max(1, x1 - x0 - 0.5), Math.max(1, y1 - y0 - 0.5));
      }
    }
    ctx.restore();
  };
  const plot = new uPlotCtor(
    {
      width: chartWidth(box),
      height: Math.min(760, Math.max(180, N * 14 + 60)),
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: false, range: [0, S] }, y: { range: [0, N] } },
      axes: [
        slotAxis(p),
        {
          size: labelWidth,
          splits: () => order.filter((_, r) => r % rowStep === 0).map((_, k) => N - k * rowStep - 0.5),
          values: (_u, v) => v.map((y) => p.nodes[order[N - 0.5 - y]]?.id ?? ""),
          grid: { show: false },
        },
      ],
      series: [{}, { label: "nodes on", paths: () => null, points: { show: false } }],
      hooks: {
        draw: [draw],
        setCursor: [
          (u) => {
            const { left, top } = u.cursor;
            if (left === undefined || top === undefined || left < 0 || top < 0) return;
            const s = Math.floor(u.posToVal(left, "x"));
            const r = N - 1 - Math.floor(u.posToVal(top, "y"));
            if (s < 0 || s >= S || r < 0 || r >= N) return;
            const n = order[r];
            const node = p.nodes[n];
            const on = p.nodeOn[n * S + s];
            readout.textContent = `${node.id} (${node.tier}, ${node.site}) at ${slotLabel(s, p.slotMinutes)}: ${on ? `${pct(p.cpuUtil[n * S + s])} CPU` : "off"}`;
          },
        ],
      },
    },
    // The one y series holds the number of powered-on nodes per slot (the cells are drawn from the view).
    [xs, xs.map((s) => (s < S ? order.reduce((a, n) => a + (p.nodeOn[n * S + s] ? 1 : 0), 0) : null))] as uPlot.AlignedData,
    box,
  );
  box.append(scale, readout);
  return plot;
}

function tierLoadChart(box: HTMLElement, p: PlanView, yMax: number, uPlotCtor: UPlotCtor): uPlot {
  const S = p.slots;
  const xs = Array.from({ length: S }, (_, i) => i);
  const series: uPlot.Series[] = [{ label: "slot", value: (_u, v) => (v == null ? "" : slotLabel(v, p.slotMinutes)) }];
  const data: Num[] = [xs];
  for (const t of tierList(p)) {
    const tier = p.tiers[t];
    const c = TIER_COLOURS[t];
    series.push({ label: `${t} load`, stroke: c, width: 2, value: (_u, v) => (v == null ? "" : fmt(v)) });
    series.push({ label: `${t} on`, stroke: c, width: 1, dash: [6, 4], value: (_u, v) => (v == null ? "" : fmt(v, 0)) });
    series.push({ label: `${t} total`, stroke: c, width: 1, dash: [2, 3], value: (_u, v) => (v == null ? "" : fmt(v, 0)) });
    data.push(
      Array.from(tier.cpuLoad),
      Array.from(tier.cpuCapacityOn),
      xs.map(() => tier.cpuCapacity),
    );
  }
  return new uPlotCtor(
    {
      width: chartWidth(box),
      height: 230,
      scales: { x: { time: false }, y: { range: [0, yMax * 1.05] } },
      axes: [slotAxis(p), { label: "CPU cores", size: 60 }],
      series,
    },
    data as uPlot.AlignedData,
    box,
  );
}

function tierSeriesChart(
  box: HTMLElement,
  p: PlanView,
  key: "energyKWh" | "carbonKg",
  unit: string,
  yMax: number,
  uPlotCtor: UPlotCtor,
): uPlot {
  const S = p.slots;
  const xs = Array.from({ length: S }, (_, i) => i);
  const stepped = uPlotCtor.paths.stepped?.({ align: 1 });
  const series: uPlot.Series[] = [{ label: "slot", value: (_u, v) => (v == null ? "" : slotLabel(v, p.slotMinutes)) }];
  const data: Num[] = [xs];
  for (const t of tierList(p)) {
    const c = TIER_COLOURS[t];
    const total = Array.from(p.tiers[t][key]).reduce((a, b) => a + b, 0);
    series.push({
      label: `${t} (Σ ${fmt(total)} ${unit})`,
      stroke: c,
      fill: `${c}22`,
      width: 1.5,
      paths: stepped,
      value: (_u, v) => (v == null ? "" : fmt(v, 3)),
    });
    data.push(Array.from(p.tiers[t][key]));
  }
  return new uPlotCtor(
    {
      width: chartWidth(box),
      height: 200,
      scales: { x: { time: false }, y: { range: [0, yMax * 1.05] } },
      axes: [slotAxis(p), { label: `${unit} per slot`, size: 60 }],
      series,
    },
    data as uPlot.AlignedData,
    box,
  );
}

function sloCard(p: PlanView): HTMLElement {
  const t = p.totals;
  const ok = t.sloViolations === 0 && t.unplaced === 0;
  const card = el(
    "div",
    { class: "card", "data-slo": p.policy },
    el("h3", {}, `${p.policy} `, badge(ok, "all SLOs met", `${t.sloViolations + t.unplaced} tasks miss their SLO`)),
    table(
      ["task type", "tasks", "placed", "within SLO", "share"],
      p.slo.byType
        .filter((r) => r.tasks > 0)
        .map((r) => [r.type, r.tasks, r.placed, r.met, pct(r.tasks > 0 ? r.met / r.tasks : 1)]),
    ),
    el("div", { class: "sub" }, `mean latency ${fmt(t.meanLatencyMs, 2)} ms · ${t.capacityViolations} capacity violations`),
  );
  const list = (title: string, items: string[], total: number) => {
    if (total === 0) return;
    card.append(el("h3", {}, `${title} (${total})`), el("ul", { class: "issues" }, ...items.map((i) => el("li", {}, i))));
    if (total > items.length) card.append(el("div", { class: "sub" }, `… and ${total - items.length} more`));
  };
  list(
    "SLO violations",
    p.slo.violations.map((v) => `${v.task} on ${v.node}: ${fmt(v.latencyMs, 2)} ms > ${fmt(v.sloMs, 2)} ms`),
    t.sloViolations,
  );
  list(
    "Unplaced",
    p.slo.unplaced.map((u) => `${u.task}: ${u.reason}`),
    t.unplaced,
  );
  list(
    "Capacity violations",
    p.slo.capacity.map((v) => `${v.node} slot ${v.slot} ${v.resource}: +${fmt(v.amount, 2)}`),
    t.capacityViolations,
  );
  return card;
}

function fleetTables(policies: PlanView[]): HTMLElement {
  const p0 = policies[0];
  const box = el("div", { class: "pair", style: "--cols:2" });
  const sites = table(
    ["site", "tier", "nodes", "tasks from here", ...policies.map((p) => `placed (${p.policy})`)],
    p0.sites.map((s, i) => [s.id, s.tier, s.nodes, s.originTasks, ...policies.map((p) => p.sites[i].placedTasks)]),
  );
  const nodes = table(
    ["node", "site", "tier", "CPU", "GiB", "GPU", "Mbps", ...policies.flatMap((p) => [`tasks (${p.policy})`, "peak CPU"])],
    p0.nodes.map((n, i) => [
      n.id,
      n.site,
      n.tier,
      n.cpu,
      n.memGiB,
      n.gpu,
      n.netMbps,
      ...policies.flatMap((p) => [p.nodes[i].tasks, p.nodes[i].onSlots > 0 ? pct(p.nodes[i].peakCpu) : "off"]),
    ]),
  );
  box.append(
    el("div", { class: "card", "data-fleet": "sites" }, el("h3", {}, `Sites (${p0.sites.length})`), sites),
    el("div", { class: "card scroll", "data-fleet": "nodes" }, el("h3", {}, `Nodes (${p0.nodes.length})`), nodes),
  );
  return box;
}

function simulationTable(sims: SimulationView[]): HTMLElement {
  const keys = [...new Set(sims.flatMap((s) => Object.keys(s.summary)))];
  return table(
    ["", ...sims.map((s) => s.policy)],
    keys.map((k) => [
      k,
      ...sims.map((s) => (k in s.summary ? (Number.isInteger(s.summary[k]) ? String(s.summary[k]) : fmt(s.summary[k], 2)) : "–")),
    ]),
  );
}

function simulationChart(
  box: HTMLElement,
  sims: SimulationView[],
  keys: ("running" | "queued" | "nodesOn" | "energyKWh" | "carbonKg" | "sloViolations")[],
  uPlotCtor: UPlotCtor,
): uPlot {
  const xs = Array.from(sims[0].ticks);
  const series: uPlot.Series[] = [{ label: "tick" }];
  const data: (number | null)[][] = [xs];
  sims.forEach((s, i) => {
    for (const k of keys) {
      const dashed = k === "queued";
      series.push({
        label: `${s.policy} ${k}`,
        stroke: POLICY_COLOURS[i % POLICY_COLOURS.length],
        width: dashed ? 1 : 2,
        dash: dashed ? [4, 3] : undefined,
      });
      // Runs of different lengths share the first run's ticks; missing samples are gaps.
      const ys = Array.from(s[k] ?? []);
      data.push(xs.map((_, j) => (j < ys.length ? ys[j] : null)));
    }
  });
  return new uPlotCtor(
    { width: chartWidth(box), height: 200, scales: { x: { time: false } }, axes: [{ label: "tick" }, { size: 60 }], series },
    data as uPlot.AlignedData,
    box,
  );
}
