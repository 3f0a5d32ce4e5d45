import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { gapObjective } from "../../src/problems/gap.js";
import { gapText, makeGap, makeHcsp } from "../helpers/ga-instances.js";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "lepton-gap-"));

async function lepton(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const gapInst = makeGap(3, 12, 9);
const gapFile = join(dir, "tiny.txt");
writeFileSync(gapFile, `2\n${gapText(gapInst)}${gapText(makeGap(2, 8, 4, 1.2))}`);
const hcsp = makeHcsp(40, 4, 1);
const hcspFile = join(dir, "tiny.etc");
writeFileSync(hcspFile, `${Array.from(hcsp.etc, (v) => v.toFixed(6)).join("\r\n")}\r\n`);

describe("lepton gap / lepton hcsp", () => {
  it("gap --json prints one feasible result per instance of a multi-instance file", async () => {
    const r = await lepton("gap", gapFile, "--generations", "30", "--threads", "1", "--json");
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.instance)).toEqual(["tiny-1", "tiny-2"]);
    expect(lines[0]).toMatchObject({ m: 3, n: 12, solver: "ga" });
    expect(["feasible", "optimal"]).toContain(lines[0].status);
    expect(lines[0].bound).toBeLessThanOrEqual(lines[0].objective);
    expect(gapObjective(gapInst, lines[0].assignment)).toEqual({ objective: lines[0].objective, feasible: true });
  });

  it("gap --solver greedy needs no workers", async () => {
    const r = await lepton("gap", gapFile, "--solver", "greedy", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.split("\n")[0]).solver).toBe("greedy");
  });

  it("hcsp --json reports the makespan; the GA never loses to Min-Min", async () => {
    const mm = JSON.parse((await lepton("hcsp", hcspFile, "--machines", "4", "--solver", "minmin", "--json")).stdout);
    const ga = JSON.parse((await lepton("hcsp", hcspFile, "--machines", "4", "--generations", "50", "--json")).stdout);
    expect(mm).toMatchObject({ instance: "tiny.etc", tasks: 40, machines: 4, solver: "minmin" });
    expect(ga.makespan).toBeLessThanOrEqual(mm.makespan);
    expect(ga.assignment).toHaveLength(40);
  });

  it("bad input exits 2 with a message naming the problem", async () => {
    const cases: [string[], RegExp][] = [
      [["gap", join(dir, "missing.txt")], /no such file/],
      [["gap", gapFile, "--sense", "up"], /--sense must be min or max/],
      [["gap", gapFile, "--solver", "magic"], /--solver must be one of/],
      [["gap", gapFile, "--threads", "0"], /--threads/],
      [["gap", gapFile, "--time-limit", "-3"], /--time-limit/],
      [["gap", hcspFile], /not an OR-Library GAP file/],
      [["gap"], /at least one/],
      [["hcsp", hcspFile, "--machines", "7"], /not a multiple of --machines 7/],
      [["hcsp", hcspFile, "--machines", "4", "--solver", "ilp"], /--solver must be one of ga, minmin/],
    ];
    for (const [args, message] of cases) {
      const r = await lepton(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it("stops quietly with exit 0 when the reader closes the pipe early (| head)", async () => {
    const many = join(dir, "many.txt");
    const insts = Array.from({ length: 40 }, (_, k) => gapText(makeGap(3, 12, k + 1)));
    writeFileSync(many, `${insts.length}\n${insts.join("")}`);
    const child = spawn("node", [CLI, "gap", many, "--solver", "greedy"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
