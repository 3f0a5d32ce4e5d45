// Kernel and forecast benchmark as a plain script (benchmark.js), same as `lepton bench kernels`.
// Run after `npm run build`:  node bench/kernels.mjs [--json] [--data ../shared/data] [--sizes 1e4,1e6,3e7]
import { processIO, runCli } from "../dist/cli/main.js";

process.exitCode = await runCli(["bench", "kernels", ...process.argv.slice(2)], processIO);
