import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Lepton } from "../../src/sim/facade.js";
import { Scheduler } from "../../src/sim/scheduler.js";
import { makeScenario } from "../helpers/scenarios.js";

const dir = mkdtempSync(join(tmpdir(), "lepton-facade-"));

describe("Lepton facade", () => {
  it("opens a fleet, places a task by type and scale and writes the placement record", async () => {
    const { tasks: _tasks, objective: _objective, ...fleet } = makeScenario({ seed: 2, nodes: 4, sites: 3 });
    const lepton = await Lepton.open(fleet);
    try {
      const output = join(dir, "placed.json");
      const placed = await lepton.executeTask({ type: "compute", scale: "medium", output });
      expect(placed.state).toBe("running");
      expect(placed.node).toMatch(/^n\d$/);
      expect(placed.demand).toEqual({ cpu: 2, memGiB: 4, gpu: 0, netMbps: 20 });
      expect(placed.task).toBe("task-1");
      expect(JSON.parse(readFileSync(output, "utf8"))).toEqual(placed);
      const second = await lepton.executeTask({ type: "realtime", scale: "small", origin: "s1", latencySloMs: 100 });
      expect(second.task).toBe("task-2");
      expect(second.latencyMs).toBeLessThanOrEqual(100);
      lepton.complete("task-1");
      // A service facade drops finished tasks (flat memory) and only counts them.
      expect(lepton.scheduler.taskInfo("task-1")).toBeUndefined();
      expect(lepton.scheduler.counts()).toEqual({ submitted: 2, completed: 1, rejected: 0 });
    } finally {
      lepton.close();
    }
  });

  it("opens a scenario file by path; bad requests reject with the field named", async () => {
    const file = join(dir, "s.json");
    writeFileSync(file, JSON.stringify(makeScenario({ seed: 4 })));
    const lepton = await Lepton.open(file);
    try {
      await expect(lepton.executeTask({ type: "gpu" as never, scale: "small" })).rejects.toThrow(
        /type must be one of compute, storage, stream, realtime \(got "gpu"\)/,
      );
      await expect(lepton.executeTask({ type: "compute", scale: "xl" as never })).rejects.toThrow(
        /scale must be one of small, medium, large/,
      );
      await expect(lepton.executeTask({ type: "compute", scale: "small", origin: "mars" })).rejects.toThrow(
        /task\.origin: must be the id of a site/,
      );
      await expect(
        lepton.executeTask({ type: "compute", scale: "small", output: join(dir, "no/such/dir/x.json") }),
      ).rejects.toThrow(/cannot write output/);
    } finally {
      lepton.close();
    }
    await expect(Lepton.open(join(dir, "missing.json"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
    await expect(Lepton.open({ nodes: [] } as never)).rejects.toMatchObject({ code: "INVALID_SCENARIO" });
  });
});

describe("Scheduler API", () => {
  it("fails tasks over when a node goes down and reports bad node events", async () => {
    const scenario = makeScenario({ seed: 9, nodes: 6, sites: 2, tasks: 20 });
    const s = await Scheduler.create(scenario, { policy: "consolidate" });
    try {
      for (const t of scenario.tasks) s.submit(t);
      const busy = s.taskInfos().find((t) => t.state === "running")?.node as string;
      const onBusy = s.taskInfos().filter((t) => t.node === busy).length;
      const moves = s.nodeDown(busy);
      expect(moves.length).toBe(onBusy);
      for (const m of moves) {
        expect(m).toMatchObject({ from: busy, reason: "failover" });
        expect(m.to).not.toBe(busy);
      }
      expect(s.taskInfos().filter((t) => t.node === busy)).toEqual([]);
      expect(s.audit()).toEqual([]);
      expect(() => s.nodeDown(busy)).toThrow(`nodeDown: node "${busy}" is already down`);
      expect(() => s.nodeDown("ghost")).toThrow(/nodeDown: unknown node "ghost"/);
      expect(() => s.nodeUp("n0" === busy ? "n1" : "n0")).toThrow(/is not down/);
      s.nodeUp(busy);
      expect(() => s.submit(scenario.tasks[0])).toThrow(/task\.id: "t0" was already submitted/);
      expect(() => s.observe([{ task: "t1", load: -1 }])).toThrow(/samples\[0\]\.load must be a finite number >= 0/);
      expect(() => s.advance(-1)).toThrow(/advance: tick must be an integer >= the current tick/);
    } finally {
      s.dispose();
    }
    expect(() => s.submit(scenario.tasks[0])).toThrow(/disposed/);
  });

  it("rejects a task no node can ever host, with the reason", async () => {
    const scenario = makeScenario({ seed: 1, nodes: 2, sites: 2 });
    const s = await Scheduler.create(scenario);
    try {
      const p = s.submit({ id: "huge", type: "compute", scale: "large", origin: "s0", demand: { cpu: 1000 } });
      expect(p.state).toBe("rejected");
      expect(p.reason).toMatch(/needs more cpu than any of the 2 node\(s\)/);
    } finally {
      s.dispose();
    }
  });

  it("bad options name the option", async () => {
    const scenario = makeScenario();
    await expect(Scheduler.create(scenario, { policy: "nope" as never })).rejects.toThrow(/options\.policy must be one of/);
    await expect(Scheduler.create(scenario, { moveBudget: -1 })).rejects.toThrow(/options\.moveBudget must be an integer >= 0/);
    await expect(Scheduler.create(scenario, { targetUtilisation: 2 })).rejects.toThrow(
      /options\.targetUtilisation must be a number in/,
    );
  });
});

describe("lepton simulate CLI", () => {
  const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
  const run = (...args: string[]) =>
    promisify(execFile)("node", [CLI, "simulate", ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

  it("--json prints a summary whose counts add up, and --out writes the timeline", async () => {
    const sc = join(dir, "cli.json");
    writeFileSync(sc, JSON.stringify(makeScenario({ seed: 5, nodes: 6, sites: 3, tasks: 30, slots: 12 })));
    const out = join(dir, "timeline.json");
    const r = await run(sc, "--seed", "3", "--json", "--out", out);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    for (const k of [
      "tasksSubmitted",
      "tasksCompleted",
      "tasksRunning",
      "tasksQueued",
      "tasksRejected",
      "tasksLost",
      "sloViolationSlots",
    ]) {
      expect(typeof s[k]).toBe("number");
    }
    for (const k of ["energyKWh", "carbonKg", "costUsd", "migrations", "failoversCompleted", "maxFailoverTicks"])
      expect(typeof s[k]).toBe("number");
    expect(s.tasksCompleted + s.tasksRunning + s.tasksQueued + s.tasksRejected).toBe(s.tasksSubmitted);
    expect(s.tasksLost).toBe(0);
    expect(s.timeline).toHaveLength(12);
    expect(JSON.parse(readFileSync(out, "utf8")).timeline).toEqual(s.timeline);
    const text = await run(sc, "--policy", "spread");
    expect(text.stdout).toMatch(/policy {5}spread/);
  });

  it("the ga and ilp policies re-plan with the GA and the ILP and lose nothing", async () => {
    const sc = join(dir, "small.json");
    writeFileSync(sc, JSON.stringify(makeScenario({ seed: 6, nodes: 5, sites: 3, tasks: 25, slots: 8 })));
    for (const policy of ["ga", "ilp"]) {
      const r = await run(sc, "--policy", policy, "--json", "--seed", "2");
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.policy).toBe(policy);
      expect(s.tasksLost).toBe(0);
      expect(s.tasksCompleted + s.tasksRunning + s.tasksQueued + s.tasksRejected).toBe(s.tasksSubmitted);
    }
  });

  it("bad options exit 2 with a message, never a stack trace", async () => {
    const bad = await run("--policy", "fastest");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--policy must be one of consolidate, greedy, spread, ga, ilp/);
    const seed = await run("--seed", "x");
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be an integer/);
    const missing = await run("nowhere.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.json: no such file/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
