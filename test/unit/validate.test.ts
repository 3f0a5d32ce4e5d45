import { describe, expect, it } from "vitest";
import { LeptonError } from "../../src/model/errors.js";
import { assertValidScenario, validateScenario } from "../../src/model/validate.js";
import { makeScenario } from "../helpers/scenarios.js";

// biome-ignore lint/suspicious/noExplicitAny: tests break scenarios on purpose
type Any = any;
const broken = (edit: (s: Any) => void) => {
  const s: Any = structuredClone(makeScenario());
  edit(s);
  return validateScenario(s);
};
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe("validateScenario", () => {
  it("accepts generated scenarios", () => {
    for (let seed = 1; seed <= 20; seed++) expect(validateScenario(makeScenario({ seed, tasks: 30 }))).toEqual([]);
  });

  it("names a negative capacity with its path and value", () => {
    const issues = broken((s) => {
      s.nodes[3].capacity.cpu = -4;
    });
    expect(issues).toContainEqual({ path: "nodes[3].capacity.cpu", message: "must be a positive number (got -4)" });
  });

  it("names an unknown origin site and lists the known sites", () => {
    const issues = broken((s) => {
      s.tasks[0].origin = "x";
    });
    expect(issues).toContainEqual({ path: "tasks[0].origin", message: 'no site "x" (sites are: s0, s1, s2)' });
  });

  it("reports duplicate ids at the second occurrence", () => {
    const issues = broken((s) => {
      s.nodes[1].id = s.nodes[0].id;
    });
    expect(paths(issues)).toEqual(["nodes[1].id"]);
    expect(issues[0].message).toContain('duplicate node id "n0"');
  });

  it("reports a profile of the wrong length and a non-number in a profile", () => {
    expect(paths(broken((s) => s.tasks[0].profile.pop()))).toEqual(["tasks[0].profile"]);
    expect(
      paths(
        broken((s) => {
          s.tasks[0].profile[3] = "high";
        }),
      ),
    ).toEqual(["tasks[0].profile[3]"]);
  });

  it("reports unknown enum values with the allowed ones", () => {
    const issues = broken((s) => {
      s.tasks[2].type = "batch";
      s.sites[1].tier = "fog";
    });
    expect(issues.find((i) => i.path === "tasks[2].type")?.message).toContain('"compute", "storage", "stream", "realtime"');
    expect(issues.find((i) => i.path === "sites[1].tier")?.message).toContain('"core", "edge"');
  });

  it("reports empty task and node lists", () => {
    expect(paths(broken((s) => (s.tasks = [])))).toEqual(["tasks"]);
    expect(paths(broken((s) => (s.nodes = [])))).toEqual(["nodes"]);
  });

  it("reports horizon.slots that is not a positive integer", () => {
    for (const bad of [0, -1, 2.5, "8", null]) {
      const issues = broken((s) => {
        s.horizon.slots = bad;
      });
      expect(paths(issues)).toContain("horizon.slots");
    }
  });

  it("reports every problem at once", () => {
    const issues = broken((s) => {
      s.nodes[0].capacity.cpu = -1;
      s.nodes[1].power.peakW = 1;
      s.tasks[1].origin = "nowhere";
      s.tasks[2].window = { start: 5, end: 3 };
      s.objective.weights.energy = -1;
      delete s.carbon["grid-b"];
    });
    expect(paths(issues)).toEqual(
      expect.arrayContaining([
        "nodes[0].capacity.cpu",
        "nodes[1].power.peakW",
        "tasks[1].origin",
        "tasks[2].window.end",
        "objective.weights.energy",
        "nodes[1].carbonRegion",
      ]),
    );
  });

  it("requires a latency for every pair of sites", () => {
    const issues = broken((s) => s.latency.pop());
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe("latency");
    expect(issues[0].message).toContain("s1 <-> s2");
  });

  it("rejects carbon series of the wrong length and windows beyond the horizon", () => {
    expect(paths(broken((s) => s.carbon["grid-a"].push(1)))).toEqual(["carbon.grid-a"]);
    expect(paths(broken((s) => (s.tasks[0].window = { start: 0, end: 99 })))).toContain("tasks[0].window.end");
  });

  it("assertValidScenario throws a LeptonError listing every issue", () => {
    try {
      assertValidScenario({ name: "x" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LeptonError);
      const err = e as LeptonError;
      expect(err.code).toBe("INVALID_SCENARIO");
      expect(err.issues.length).toBeGreaterThan(4);
      expect(err.message).toContain("horizon: must be an object");
    }
  });

  it("rejects non-objects at the root", () => {
    expect(validateScenario([])).toEqual([
      { path: "(root)", message: "must be a JSON object describing a scenario (got an array)" },
    ]);
  });
});
