// The client in a real browser: Debian's Chromium (driven by playwright-core) loads src/browser.js from a page
// on another origin and calls the live gateway over gRPC-Web with fetch, which needs the gateway's CORS answer
// (scripts/test.sh starts it with FACEATTEND_CORS_ORIGINS=http://127.0.0.1:<FACEATTEND_BROWSER_ORIGIN_PORT>).
// A page on an origin not listed (http://localhost:<same port>) is refused by the browser.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const url = process.env.FACEATTEND_URL ?? "http://127.0.0.1:8080";
const originPort = Number(process.env.FACEATTEND_BROWSER_ORIGIN_PORT ?? 18180);
const [employeeName, employeePassword] = (process.env.FACEATTEND_TEST_EMPLOYEE ?? "ts-employee:ts-employee-pass").split(":");
const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const types = { ".js": "text/javascript", ".html": "text/html", ".json": "application/json" };

/** Bare imports of the packages the browser entry needs, mapped to their ES module files. */
function importMap() {
  const imports = {};
  for (const name of ["@bufbuild/protobuf", "@connectrpc/connect", "@connectrpc/connect-web"]) {
    const pkg = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const file = typeof target === "string" ? target : (target.import?.default ?? target.import ?? target.default);
      if (typeof file === "string") {
        imports[name + subpath.slice(1)] = `/node_modules/${name}/${file.replace(/^\.\//, "")}`;
      }
    }
  }
  return imports;
}

const page = `<!doctype html><meta charset="utf-8"><title>FaceAttend browser client</title>
<script type="importmap">${JSON.stringify({ imports: importMap() })}</script>`;

let server;
let browser;

before(async () => {
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + "/") || !/^\/(src|gen|node_modules)\//.test(path)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(originPort, "127.0.0.1", done));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => server.close(done));
});

/** Opens the page on `origin` and runs the client there: login (wrong, then right), then today's status. */
async function signInFrom(origin) {
  const tab = await browser.newPage();
  try {
    await tab.goto(`${origin}/`);
    return await tab.evaluate(async ({ url, user, password }) => {
      const { FaceAttendClient, errorReason } = await import("/src/browser.js");
      const client = new FaceAttendClient(url);
      const result = {};
      try {
        await client.login(user, "not-the-password");
      } catch (error) {
        result.wrongPassword = errorReason(error) ?? String(error);
      }
      try {
        const login = await client.login(user, password);
        const status = await client.status();
        result.username = login.user.username;
        result.date = status.date;
      } catch (error) {
        result.error = String(error);
      }
      return result;
    }, { url, user: employeeName, password: employeePassword });
  } finally {
    await tab.close();
  }
}

test("from a configured origin the browser client signs in and reads today's status", async () => {
  const result = await signInFrom(`http://127.0.0.1:${originPort}`);
  assert.equal(result.error, undefined);
  assert.equal(result.wrongPassword, "invalid_credentials");
  assert.equal(result.username, employeeName);
  assert.match(result.date, /^\d{4}-\d{2}-\d{2}$/);
});

test("from an origin not configured the browser refuses the calls (no CORS answer)", async () => {
  const result = await signInFrom(`http://localhost:${originPort}`);
  assert.equal(result.username, undefined);
  assert.match(result.error, /fetch|network|Failed/i);
});
