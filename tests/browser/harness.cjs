// Shared by the browser tests: the real mlgate binary on a free loopback port, the API
// with its admin token, Debian's Chromium through playwright-core, and waiting on
// window.mlgate.state().
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const BINARY = process.env.MLGATE_BINARY;
const FIXTURES = process.env.MLGATE_FIXTURES_DIR;
const ARTIFACTS = process.env.MLGATE_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-shots-"));
fs.mkdirSync(ARTIFACTS, { recursive: true });
// DESIGN.md: what Debian's Chromium needs here; WebGL2 through SwiftShader.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"];

function startServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-e2e-"));
  const proc = spawn(BINARY, ["serve", "--listen", "127.0.0.1:0", "--data", data, "--threads", "2"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("mlgate did not print its URL: " + out)), 30000);
    proc.stdout.on("data", (d) => {
      out += d;
      // The printed link's secret is single-use (launchUrl); the API calls use the admin token.
      const m = out.match(/open ((http:\/\/127\.0\.0\.1:\d+\/)\?token=lt_[A-Za-z0-9_-]+)/);
      if (m && out.includes("admin token for the API")) {
        clearTimeout(timer);
        const token = fs.readFileSync(path.join(data, "admin.token"), "utf8").trim();
        resolve({ proc, data, base: m[2], launchUrl: m[1], token });
      }
    });
    proc.on("exit", (code) => reject(new Error("mlgate exited with " + code + ": " + out)));
  });
}

async function api(server, method, p, body, type) {
  const r = await fetch(server.base.replace(/\/$/, "") + p, {
    method, body, headers: { Authorization: "Bearer " + server.token, ...(type ? { "Content-Type": type } : {}) },
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function waitForState(page, predicate, what, arg) {
  try {
    // Until the WebAssembly runtime is up, state() throws: that is "not yet", not a failure.
    await page.waitForFunction(({ src, arg }) => {
      try { return (0, eval)("(" + src + ")")(arg); } catch (e) { return false; }
    }, { src: predicate.toString(), arg }, { timeout: 60000, polling: 100 });
  } catch (e) {
    const s = await page.evaluate(() => { try { return window.mlgate && window.mlgate.state(); } catch (e) { return String(e); } });
    throw new Error("timed out waiting for " + what + "; state: " + JSON.stringify(s));
  }
}

// A control the app publishes (state().controls, CSS pixels), once it is drawn.
async function control(page, id) {
  await waitForState(page, (i) => window.mlgate.state().controls.some((c) => c.id === i), "control " + id, id);
  const s = await page.evaluate(() => window.mlgate.state());
  return s.controls.find((c) => c.id === id);
}

// Resolves once the page has drawn `n` more animation frames: the app draws in its own
// requestAnimationFrame callback, so after two of ours it has drawn at least one whole frame.
async function frames(page, n = 2) {
  await page.evaluate((n) => new Promise((done) => {
    const step = (k) => (k === 0 ? done() : requestAnimationFrame(() => step(k - 1)));
    step(n);
  }), n);
}

// ImGui sees the mouse once per frame: hold the button across frames, and let the field
// become active before typing, however slowly a busy machine draws.
async function click(page, id) {
  const c = await control(page, id);
  await page.mouse.move(c.x + c.w / 2, c.y + c.h / 2);
  await page.mouse.down();
  await frames(page);
  await page.mouse.up();
  await frames(page);
}

async function type(page, text) {
  await page.keyboard.type(text, { delay: 25 });
}

// A key pressed and released with no frame between them, as a fast typist or a busy machine
// makes it: both events are dispatched in one task, so the app cannot draw in between.
async function tap(page, key, keyCode) {
  await page.evaluate(({ key, keyCode }) => {
    for (const type of ["keydown", "keyup"]) {
      const e = new KeyboardEvent(type, { key, code: key, bubbles: true, cancelable: true });
      Object.defineProperty(e, "keyCode", { get: () => keyCode });
      Object.defineProperty(e, "which", { get: () => keyCode });
      document.activeElement.dispatchEvent(e);
    }
  }, { key, keyCode });
}

function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

// Runs an async test body with a started server; stops it and the browser whatever happens.
async function run(body) {
  if (!BINARY || !FIXTURES) throw new Error("MLGATE_BINARY and MLGATE_FIXTURES_DIR must be set");
  const server = await startServer();
  const ctx = { server, browser: null };
  try {
    await body(ctx);
  } finally {
    if (ctx.browser) await ctx.browser.close();
    server.proc.kill("SIGTERM");
    fs.rmSync(server.data, { recursive: true, force: true });
  }
}

function main(body) {
  run(body).catch((e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  });
}

module.exports = { FIXTURES, ARTIFACTS, api, waitForState, control, click, type, tap, launch, main };
