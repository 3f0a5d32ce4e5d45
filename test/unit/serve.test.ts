import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { startServer } from "../../scripts/serve.mjs";

let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startServer({ port: 0 });
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, method = "GET") => fetch(new URL(path, server.url), { method });

describe("npm run serve (scripts/serve.mjs)", () => {
  it("serves the app at / and each file type with its MIME type", async () => {
    const cases: [string, string][] = [
      ["/", "text/html; charset=utf-8"],
      ["/web/app.js", "text/javascript; charset=utf-8"],
      ["/web/app.css", "text/css; charset=utf-8"],
      ["/dist/browser.js", "text/javascript; charset=utf-8"],
      ["/build/kernels.wasm", "application/wasm"],
      ["/examples/default.json", "application/json; charset=utf-8"],
      ["/node_modules/comlink/dist/esm/comlink.mjs", "text/javascript; charset=utf-8"],
      ["/node_modules/uplot/dist/uPlot.min.css", "text/css; charset=utf-8"],
    ];
    for (const [path, type] of cases) {
      const res = await get(path, "HEAD");
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(res.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    }
  });

  it("serves nothing outside its folders, however the path is spelled", async () => {
    for (const path of [
      "/package.json",
      "/src/browser.ts",
      "/node_modules/vitest/package.json",
      "/web/%2e%2e/package.json",
      "/web/..%2fpackage.json",
      "/dist/%2e%2e/%2e%2e/etc/passwd",
      "/web/",
      "/web/missing.js",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await get("/web/app.js", "POST")).status).toBe(405);
  });
});
