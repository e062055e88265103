// Browser benchmark (not a test): scoring time of a large CSV in headless Chromium with ONNX
// Runtime Web (time to metrics, rows/s), the page weight of a first load, and the time to
// the first frame. Run by bench/run.sh after the server benchmark; prints figures.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { FIXTURES, api, waitForState, launch, main } = require("../tests/browser/harness.cjs");

const ROWS = Number(process.env.BROWSER_ROWS || 100000);

main(async (ctx) => {
  const { server } = ctx;
  // The breast-cancer logistic regression (30 features, ZipMap → web variant), on its
  // data rows repeated to ROWS.
  const dir = path.join(FIXTURES, "s03_breast_cancer_logreg_binary_zipmap");
  const lines = fs.readFileSync(path.join(dir, "data.csv"), "utf8").trim().split(/\r?\n/);
  const header = lines[0], label = "diagnosis";
  const features = header.split(",").filter((c) => c !== label).join(",");
  const up = await api(server, "POST", "/api/v1/models/bench/versions?features=" + features, fs.readFileSync(path.join(dir, "model.onnx")),
    "application/octet-stream");
  if (up.status !== 201) throw new Error("upload: " + JSON.stringify(up.json));
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlgate-bench-")), "big.csv");
  const out = [header];
  for (let i = 0; i < ROWS; ++i) out.push(lines[1 + (i % (lines.length - 1))]);
  fs.writeFileSync(csv, out.join("\n") + "\n");

  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Bytes over the wire, from the page's own Resource Timing entries.
  const transferred = () => page.evaluate(() =>
    performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).reduce((n, e) => n + (e.transferSize || 0), 0));
  const t0 = Date.now();
  await page.goto(server.base + "?token=" + server.token + "#/test/bench/1");
  await waitForState(page, () => window.mlgate.state().ready, "the first frame");
  const firstFrame = Date.now() - t0;
  await waitForState(page, () => window.mlgate.state().versions.length === 1, "the version");
  await page.waitForTimeout(500);
  const pageWeight = await transferred();

  const t1 = Date.now();
  await page.setInputFiles("#csv-file", csv);
  // Phases: the CSV read and parsed (the job leaves idle), the model loaded, all rows scored.
  await waitForState(page, () => window.mlgate.state().test.status !== "idle", "the CSV parsed");
  const parsed = (Date.now() - t1) / 1000;
  await waitForState(page, () => window.mlgate.state().test.status !== "loading", "the model loaded");
  const loaded = (Date.now() - t1) / 1000;
  await waitForState(page, () => ["done", "failed"].includes(window.mlgate.state().test.status), "scoring");
  const elapsed = (Date.now() - t1) / 1000;
  const s = await page.evaluate(() => window.mlgate.state());
  if (s.test.status !== "done") throw new Error(s.test.error);
  const size = fs.statSync(csv).size;
  const bytes = await transferred();
  console.log(`browser: ${ROWS} rows x 30 features (${(size / 1048576).toFixed(1)} MB CSV) to metrics in ${elapsed.toFixed(2)} s ` +
              `(${Math.round(ROWS / elapsed)} rows/s, accuracy ${s.test.metrics.accuracy.toFixed(4)}); CSV parsed at ${parsed.toFixed(2)} s, ` +
              `model ready at ${loaded.toFixed(2)} s`);
  console.log(`browser: first frame ${firstFrame} ms; first-load page weight ${(pageWeight / 1024).toFixed(0)} KiB ` +
              `(ONNX Runtime Web and the model add ${((bytes - pageWeight) / 1024) | 0} KiB when a model is first tested)`);
});
