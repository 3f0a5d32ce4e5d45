#!/usr/bin/env node
/**
 * A tiny static server for the demo app (`npm run serve`): serves web/, dist/, build/, examples/ and
 * the two browser dependencies (comlink, uplot) from node_modules, on 127.0.0.1 only, with correct
 * MIME types (`.wasm` as application/wasm, which WebAssembly streaming compilation requires).
 *
 *   node scripts/serve.mjs [--port 8080]      (PORT=0 picks a free port)
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** URL path prefixes that map onto the repository; nothing else is reachable. */
const ALLOWED = ["/web/", "/dist/", "/build/", "/examples/", "/node_modules/comlink/", "/node_modules/uplot/"];

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".wat": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Starts the server; resolves with its URL and a `close()`. `port` 0 picks a free port.
 * @param {{ port?: number, host?: string, quiet?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function startServer({ port = 8080, host = "127.0.0.1", quiet = true } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const target = path === "/" || path === "/index.html" ? "/web/index.html" : path;
    const file = normalize(join(ROOT, target));
    // Check the normalised path, so "/web/%2e%2e/package.json" cannot climb out of an allowed folder.
    const rel = `/${relative(ROOT, file).split(sep).join("/")}`;
    const allowed = file.startsWith(ROOT) && ALLOWED.some((p) => rel.startsWith(p));
    if (!quiet) process.stderr.write(`${req.method} ${path}\n`);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    try {
      if (!allowed) throw Object.assign(new Error("not served"), { code: "ENOENT" });
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        // Cross-origin isolation: makes SharedArrayBuffer available to threaded WASM builds.
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`404 ${path}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
      resolve({
        url: `http://${host}:${actual}/`,
        port: actual,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function isMain() {
  return process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1]);
}

if (isMain()) {
  const i = process.argv.indexOf("--port");
  const raw = i >= 0 ? process.argv[i + 1] : (process.env.PORT ?? "8080");
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`serve: --port must be an integer 0..65535 (got "${raw}")\n`);
    process.exit(2);
  }
  startServer({ port, quiet: !process.argv.includes("--verbose") }).then(
    ({ url }) => process.stdout.write(`Lepton demo at ${url}  (Ctrl-C to stop)\n`),
    (e) => {
      process.stderr.write(`serve: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}); try --port 0\n`);
      process.exit(2);
    },
  );
}
