// Compiles every AssemblyScript module in assembly/ that is listed below into build/<name>.wasm.
// Modules are separate on purpose: each solver family owns its own memory and can be loaded
// on its own (a browser page that only plans does not download the ILP).
import { main } from "assemblyscript/asc";
import { mkdirSync } from "node:fs";

const MODULES = ["kernels", "online", "ga", "kernels-mt", "ilp"];
const target = process.argv.includes("--debug") ? "debug" : "release";
// Extra asc flags per module. kernels-mt shares one memory between threads: imported, shared,
// with a fixed maximum (1 GiB) because shared memory cannot move when it grows.
const EXTRA_FLAGS = {
  "kernels-mt": ["--importMemory", "--sharedMemory", "--maximumMemory", "16384", "--enable", "threads"],
  // The ILP's hot loops index typed arrays; the GC's shadow stack blocks inlining there (10x slower).
  // One instance per solve, allocations bounded by the search size: the stub runtime is enough.
  ilp: ["--runtime", "stub"],
};

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
    ...(EXTRA_FLAGS[name] ?? []),
  ]);
  if (error) {
    process.stderr.write(stderr.toString());
    process.stderr.write(`build-wasm: ${name} failed: ${error.message}\n`);
    process.exit(1);
  }
}
