// The monitor pane against the real server: iris (fixture s02) promoted, 120 one-row
// predictions and feedback on some of them, then #/monitor/iris must show the request count
// and accuracy the monitoring API returns, and one drift row per feature (plus the
// prediction's) as the drift API reports them; a row's histograms open on click, the window
// selector asks again, Retrain now shows its job or its refusal, and an unknown model is a
// plain 404.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, launch, main } = require("./harness.cjs");

const FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

function readRows(file) {
  const [header, ...lines] = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = header.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], Number(v)])));
}

main(async (ctx) => {
  const { server } = ctx;
  const dir = path.join(FIXTURES, "s02_iris_logreg_tensor");
  const up = await api(server, "POST", "/api/v1/models/iris/versions?features=" + FEATURES.join(","),
    fs.readFileSync(path.join(dir, "model.onnx")), "application/octet-stream");
  assert.equal(up.status, 201, "upload: " + JSON.stringify(up.json));
  const test = await api(server, "POST", "/api/v1/models/iris/versions/1/tests?label=target", fs.readFileSync(path.join(dir, "data.csv")), "text/csv");
  assert.equal(test.status, 201, "test: " + JSON.stringify(test.json));
  const approver = await api(server, "POST", "/api/v1/tokens", JSON.stringify({ name: "abe", role: "approver" }), "application/json");
  const promo = await api(server, "POST", "/api/v1/models/iris/versions/1/promotion");
  assert.equal(promo.status, 202);
  assert.equal((await api({ ...server, token: approver.json.token }, "POST", `/api/v1/promotions/${promo.json.id}/approve`)).status, 200);

  // Traffic: 120 requests of one row each, cycling through the fixture's 45 rows; feedback
  // (the true class) on the first 20.
  const rows = readRows(path.join(dir, "data.csv"));
  const predictions = [];
  for (let i = 0; i < 120; ++i) {
    const { target, ...features } = rows[i % rows.length];
    const r = await api(server, "POST", "/api/v1/models/iris/predict", JSON.stringify({ rows: [features] }), "application/json");
    assert.equal(r.status, 200, "predict: " + JSON.stringify(r.json));
    predictions.push({ id: r.json.predictions[0].id, label: r.json.predictions[0].label, target });
  }
  // The prediction log is written off the request thread: wait until it holds all 120.
  let monitoring;
  for (let t = 0; t < 100; ++t) {
    monitoring = await api(server, "GET", "/api/v1/models/iris/monitoring?window=1h");
    assert.equal(monitoring.status, 200, "monitoring: " + JSON.stringify(monitoring.json));
    if (monitoring.json.totals.requests === 120) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(monitoring.json.totals.requests, 120);
  const items = predictions.slice(0, 20).map((p) => ({ prediction_id: p.id, label: typeof p.label === "number" ? p.target : String(p.target) }));
  const fb = await api(server, "POST", "/api/v1/feedback", JSON.stringify({ items }), "application/json");
  assert.ok(fb.status >= 200 && fb.status < 300, "feedback: " + fb.status + " " + JSON.stringify(fb.json));
  for (let t = 0; t < 100; ++t) {
    monitoring = await api(server, "GET", "/api/v1/models/iris/monitoring?window=1h");
    if (monitoring.json.totals.labelled === 20) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(monitoring.json.totals.labelled, 20);
  assert.equal(typeof monitoring.json.totals.accuracy, "number");
  const drift = await api(server, "GET", "/api/v1/models/iris/drift?window=1h");
  assert.equal(drift.status, 200, "drift: " + JSON.stringify(drift.json));
  const apiRows = drift.json.features.map((f) => f.feature).concat(drift.json.prediction ? [drift.json.prediction.feature] : []);

  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1700 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base + "?token=" + server.token + "#/monitor/iris");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user && s.monitor.figures.length > 0 && s.monitor.drift; },
    "the monitor pane's figures and drift");
  let s = await page.evaluate(() => window.mlgate.state());
  assert.equal(s.pane, "monitor");
  assert.equal(s.last_error, null);
  const figure = (name) => s.monitor.figures.find((f) => f.name === name);
  assert.equal(figure("requests").text, String(monitoring.json.totals.requests));
  assert.equal(figure("labelled").value, monitoring.json.totals.labelled);
  assert.equal(figure("accuracy").value, monitoring.json.totals.accuracy);
  assert.ok(Math.abs(Number(figure("accuracy").text) - monitoring.json.totals.accuracy) < 5e-4, "accuracy as drawn: " + figure("accuracy").text);
  assert.equal(s.monitor.regression, false);
  assert.equal(s.monitor.plots.length, 4);
  assert.deepEqual(s.monitor.plots[3].series.map((x) => x.name), ["accuracy (feedback)", "expected (label-free)"]);
  assert.ok(s.monitor.plots[0].series[0].points > 0, "the request-rate line has points");

  // The drift table: one row per feature the API reports, then the prediction; same statuses.
  assert.equal(s.monitor.drift.status, drift.json.status);
  assert.deepEqual(s.monitor.drift.rows.map((r) => r.feature), apiRows);
  for (const f of drift.json.features) {
    const row = s.monitor.drift.rows.find((r) => r.feature === f.feature);
    assert.equal(row.status, f.status);
    assert.equal(row.statistic, f.statistic);
    assert.equal(row.value, f.value);
  }
  if (drift.json.status === "ok" || drift.json.status === "drifting") {
    assert.deepEqual(drift.json.features.map((f) => f.feature), FEATURES);
    const drifted = drift.json.features.filter((f) => f.drifted).length;
    assert.match(s.monitor.drift.verdict, new RegExp(`${drift.json.drifted_features} of ${drift.json.feature_count} features`));
    assert.ok(drifted <= drift.json.feature_count);
    // A row's histograms open on click.
    await click(page, "drift-row:petal_length");
    await waitForState(page, () => window.mlgate.state().monitor.drift.selected === "petal_length", "the petal_length histogram");
  } else {
    assert.equal(s.monitor.drift.verdict, drift.json.message);  // the message, plainly
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "monitor.png"), fullPage: true });

  // The window selector asks again, for 24h.
  await click(page, "window:24h");
  await waitForState(page, () => { const m = window.mlgate.state().monitor; return m.window === "24h" && !m.loading && m.figures.length > 0; }, "the 24h window");
  const day = await api(server, "GET", "/api/v1/models/iris/monitoring?window=24h");
  s = await page.evaluate(() => window.mlgate.state());
  assert.equal(s.monitor.figures.find((f) => f.name === "requests").value, day.json.totals.requests);

  // Retrain now (the admin is a deployer too): the 202 job, listed once the pane refreshes,
  // or the server's refusal as it said it.
  await click(page, "retrain");
  await waitForState(page, () => { const r = window.mlgate.state().monitor.retrain; return !r.sending && (r.job !== null || r.error !== null); },
    "the retrain outcome");
  s = await page.evaluate(() => window.mlgate.state());
  const retrain = s.monitor.retrain.job !== null ? "job " + s.monitor.retrain.job : s.monitor.retrain.error;
  if (s.monitor.retrain.job !== null) {
    const id = s.monitor.retrain.job;
    await waitForState(page, (id) => window.mlgate.state().monitor.jobs.some((j) => j.id === id), "the retrain job in the table", id);
    const jobs = await api(server, "GET", "/api/v1/jobs?model=iris");
    assert.ok(jobs.json.jobs.some((j) => j.id === id));
  } else {
    assert.match(s.monitor.retrain.error, /HTTP 4\d\d|not allowed/);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, "monitor-retrain.png"), fullPage: true });

  // An unknown model: the server's 404, plainly.
  await page.evaluate(() => { window.location.hash = "#/monitor/ghost"; });
  await waitForState(page, () => { const m = window.mlgate.state().monitor; return m.model === "ghost" && m.errors.monitoring; }, "the 404");
  s = await page.evaluate(() => window.mlgate.state());
  assert.match(s.monitor.errors.monitoring, /HTTP 404/);
  assert.match(s.last_error, /HTTP 404/);

  assert.deepEqual(errors, [], "page errors");
  console.log(`monitor pane e2e passed (drift ${drift.json.status}, retrain ${retrain}); screenshots in ` + ARTIFACTS);
});
