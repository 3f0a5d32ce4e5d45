import { describe, expect, it } from "vitest";
import type { CommandIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import { LeptonError } from "../../src/model/errors.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CommandIO = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    interactive: false,
    usageError: (m) => new LeptonError("INVALID_INPUT", m),
  };
  return { sink, out, err };
}

describe("lepton bench: bad input exits 2 with the fix", () => {
  for (const [argv, message] of [
    [["bench"], /give the suite to run: `lepton bench kernels`/],
    [["bench", "gpu"], /give the suite to run/],
    [["bench", "kernels", "--sizes", "1e4,abc"], /--sizes must be comma-separated element counts/],
    [["bench", "kernels", "--threads", "0"], /--threads must be in \[1, 64\]/],
    [["bench", "kernels", "--data", "/no/such/dir"], /--data \/no\/such\/dir: no such directory/],
    [["bench", "kernels", "--fast"], /unknown option --fast/],
  ] as const) {
    it(argv.join(" "), async () => {
      const { sink, err } = io();
      expect(await runCli([...argv], sink)).toBe(2);
      expect(err.join("\n")).toMatch(message);
    });
  }
});
