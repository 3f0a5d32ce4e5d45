import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { makeScenario } from "../helpers/scenarios.js";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "lepton-cli-"));

/** Runs the built CLI as a user would and returns exit code and output. */
async function lepton(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

// biome-ignore lint/suspicious/noExplicitAny: tests break scenarios on purpose
function brokenScenario(edit: (s: any) => void): unknown {
  const s = structuredClone(makeScenario()) as unknown;
  edit(s);
  return s;
}

describe("lepton plan", () => {
  it("plans a valid scenario, writes the plan and exits 0", async () => {
    const out = join(dir, "plan.json");
    const r = await lepton("plan", file("ok.json", makeScenario({ tasks: 20 })), "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Lepton plan: generated-1");
    expect(r.stdout).toContain("energy");
    const plan = JSON.parse(readFileSync(out, "utf8"));
    expect(plan.assignments).toHaveLength(20);
    expect(plan.evaluation.feasible).toBe(true);
  });

  it("--json prints the plan as one JSON document", async () => {
    const r = await lepton("plan", file("ok2.json", makeScenario({ tasks: 5 })), "--json", "--seed", "7");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.seed).toBe(7);
    expect(plan.assignments.map((a: { task: string }) => a.task)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
  });

  // The ten kinds of malformed input from the Foundation issue: each exits 2 naming the path.
  const malformed: [string, () => string, string][] = [
    ["missing file", () => join(dir, "nope.json"), "no such file"],
    ["broken JSON", () => file("broken.json", '{"name": "x", '), "not valid JSON"],
    [
      "negative capacity",
      () =>
        file(
          "m1.json",
          brokenScenario((s) => (s.nodes[3].capacity.cpu = -4)),
        ),
      "nodes[3].capacity.cpu: must be a positive number (got -4)",
    ],
    [
      "unknown origin",
      () =>
        file(
          "m2.json",
          brokenScenario((s) => (s.tasks[0].origin = "x")),
        ),
      'tasks[0].origin: no site "x"',
    ],
    [
      "duplicate id",
      () =>
        file(
          "m3.json",
          brokenScenario((s) => (s.nodes[1].id = "n0")),
        ),
      "nodes[1].id: duplicate node id",
    ],
    [
      "profile length",
      () =>
        file(
          "m4.json",
          brokenScenario((s) => s.tasks[0].profile.push(1)),
        ),
      "tasks[0].profile: must have",
    ],
    [
      "profile non-number",
      () =>
        file(
          "m5.json",
          brokenScenario((s) => (s.tasks[0].profile[3] = "x")),
        ),
      "tasks[0].profile[3]",
    ],
    [
      "unknown enum",
      () =>
        file(
          "m6.json",
          brokenScenario((s) => (s.tasks[1].scale = "huge")),
        ),
      "tasks[1].scale: must be one of",
    ],
    [
      "empty tasks",
      () =>
        file(
          "m7.json",
          brokenScenario((s) => (s.tasks = [])),
        ),
      "tasks: must not be empty",
    ],
    [
      "horizon.slots",
      () =>
        file(
          "m8.json",
          brokenScenario((s) => (s.horizon.slots = 0)),
        ),
      "horizon.slots: must be a positive integer (got 0)",
    ],
  ];
  for (const [what, path, expected] of malformed) {
    it(`exits 2 on ${what}, naming the problem`, async () => {
      const r = await lepton("plan", path());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(expected);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
    });
  }

  it("exits 2 on unknown options and bad option values", async () => {
    expect((await lepton("plan", "--bogus")).stderr).toContain("unknown option --bogus");
    const r = await lepton("plan", "--seed", "abc");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed must be an integer (got "abc")');
  });

  it("exits 2 on an unknown command", async () => {
    const r = await lepton("plna");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "plna"');
  });
});
