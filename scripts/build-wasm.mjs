// Compiles every AssemblyScript module in assembly/ that is listed below into build/<name>.wasm.
// Modules are separate on purpose: each solver family owns its own memory and can be loaded
// on its own (a browser page that only plans does not download the ILP).
import { main } from "assemblyscript/asc";
import { mkdirSync } from "node:fs";

const MODULES = ["kernels", "ga"];
const target = process.argv.includes("--debug") ? "debug" : "release";

mkdirSync("build", { recursive: true });
for (const name of MODULES) {
  const { error, stderr } = await main([
    `assembly/${name}.ts`,
    "--config",
    "asconfig.json",
    "--target",
    target,
    "--outFile",
    `build/${name}.wasm`,
    "--textFile",
    `build/${name}.wat`,
  ]);
  if (error) {
    process.stderr.write(stderr.toString());
    process.stderr.write(`build-wasm: ${name} failed: ${error.message}\n`);
    process.exit(1);
  }
}
