import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/model/compile.js";
import { LeptonError } from "../../src/model/errors.js";
import { assertValidEvents, validateEvents } from "../../src/sim/events.js";
import { simulate } from "../../src/sim/simulator.js";
import { makeScenario } from "../helpers/scenarios.js";

const scenario = makeScenario({ seed: 3, nodes: 4, sites: 3, tasks: 6, slots: 8 });
const c = compileScenario(scenario);
const paths = (input: unknown) => validateEvents(input, c).map((i) => `${i.path}: ${i.message}`);

describe("events validation", () => {
  it("accepts a valid file, as an array or an object", () => {
    const events = [
      { tick: 1, type: "nodeDown", node: "n1" },
      { tick: 3, type: "nodeUp", node: "n1" },
      { tick: 3, type: "nodeDown", node: "n1" },
      { tick: 2, type: "spike", site: "s0", factor: 1.5, ticks: 2 },
      { tick: 2, type: "arrive", task: { id: "new", type: "stream", scale: "small", origin: "s1" } },
      { tick: 5, type: "depart", task: "new" },
      { tick: 6, type: "depart", task: "t0" },
    ];
    expect(paths(events)).toEqual([]);
    expect(paths({ events, failureModel: { core: { mtbfHours: 10, mttrHours: 1 } }, load: { noise: 0 } })).toEqual([]);
  });

  it("names an unknown node", () => {
    expect(paths([{ tick: 1, type: "nodeDown", node: "ghost" }])).toEqual([
      expect.stringMatching(/^events\[0\]\.node: unknown node "ghost"; nodes are e\.g\. n0, n1, n2/),
    ]);
  });

  it("rejects a failure of a node already down, naming both events", () => {
    const out = paths([
      { tick: 4, type: "nodeDown", node: "n2" },
      { tick: 2, type: "nodeDown", node: "n2" },
    ]);
    expect(out).toEqual([
      expect.stringMatching(
        /^events\[0\]: node "n2" is already down at tick 4 \(failed at tick 2 by events\[1\]\); add a nodeUp/,
      ),
    ]);
  });

  it("rejects a recovery of a node that is up", () => {
    expect(paths([{ tick: 2, type: "nodeUp", node: "n0" }])).toEqual([
      expect.stringMatching(/^events\[0\]: node "n0" is not down at tick 2/),
    ]);
  });

  it("rejects times outside the horizon", () => {
    const out = paths([
      { tick: 8, type: "nodeDown", node: "n0" },
      { tick: -1, type: "nodeDown", node: "n1" },
      { tick: 1.5, type: "nodeDown", node: "n1" },
      { type: "nodeDown", node: "n1" },
    ]);
    expect(out).toHaveLength(4);
    for (const [i, line] of out.entries())
      expect(line).toMatch(new RegExp(`^events\\[${i}\\]\\.tick: must be an integer tick inside the horizon \\[0, 8\\)`));
  });

  it("checks types, spikes, arrivals and departures field by field", () => {
    const out = paths({
      events: [
        { tick: 1, type: "explode" },
        { tick: 1, type: "spike", site: "nowhere", factor: -1, ticks: 0 },
        { tick: 1, type: "arrive", task: { id: "t0", type: "compute", scale: "huge", origin: "s9" } },
        { tick: 1, type: "depart", task: "later" },
        { tick: 5, type: "arrive", task: { id: "later", type: "compute", scale: "small", origin: "s0" } },
      ],
      failureModel: { edge: { mtbfHours: 0, mttrHours: 1 } },
      extra: true,
    });
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^extra: is not a field/),
        expect.stringMatching(/^failureModel\.edge\.mtbfHours: must be a positive number/),
        expect.stringMatching(/^events\[0\]\.type: must be one of nodeDown, nodeUp, spike, arrive, depart \(got "explode"\)/),
        expect.stringMatching(/^events\[1\]\.site: unknown site "nowhere"/),
        expect.stringMatching(/^events\[1\]\.factor: must be a positive number/),
        expect.stringMatching(/^events\[1\]\.ticks: must be an integer >= 1/),
        expect.stringMatching(/^events\[2\]\.task\.id: "t0" was already submitted/),
        expect.stringMatching(/^events\[2\]\.task\.scale: must be one of small, medium, large \(got "huge"\)/),
        expect.stringMatching(/^events\[2\]\.task\.origin: must be the id of a site/),
        expect.stringMatching(/^events\[3\]\.task: unknown task "later" at tick 1/),
      ]),
    );
  });

  it("throws INVALID_EVENTS listing every problem; simulate rejects before running", async () => {
    expect(() => assertValidEvents([{ tick: 99, type: "nodeUp", node: "x" }], c)).toThrow(LeptonError);
    try {
      assertValidEvents("nope", c);
    } catch (e) {
      expect((e as LeptonError).code).toBe("INVALID_EVENTS");
      expect((e as LeptonError).message).toMatch(/^invalid events: 1 problem\n {2}\(root\): must be an array of events/);
    }
    await expect(simulate(scenario, { events: [{ tick: 0, type: "nodeUp", node: "n0" }] })).rejects.toMatchObject({
      code: "INVALID_EVENTS",
    });
  });

  it("the CLI exits 2 with the file and the field for a bad events file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lepton-sim-"));
    const sc = join(dir, "s.json");
    const ev = join(dir, "e.json");
    writeFileSync(sc, JSON.stringify(scenario));
    writeFileSync(ev, JSON.stringify([{ tick: 1, type: "nodeDown", node: "ghost" }]));
    const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
    const err = await promisify(execFile)("node", [CLI, "simulate", sc, "--events", ev]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain(`lepton simulate: ${ev}: invalid events: 1 problem`);
    expect(err.stderr).toContain('events[0].node: unknown node "ghost"');
    expect(err.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
