// The test pane end to end: a fixture CSV is chosen through the page's real file input,
// scored in headless Chromium with ONNX Runtime Web, and the metrics the app shows must
// equal the server's test record for the same file and version (counts exactly, AUC and
// log loss to 1e-6). "Attach to version" then stores a browser test record whose metrics are
// the ones shown and whose data_sha256 is the SHA-256 of the file's bytes. Also: a CSV the
// model cannot take is refused with the column named.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, launch, main } = require("./harness.cjs");

// Multi-class, binary with a ZipMap (scored through the web variant), a regressor, a tree
// ensemble with missing values, and a model with one typed input per column.
const CASES = [
  { fixture: "s02_iris_logreg_tensor", label: "target" },
  { fixture: "s03_breast_cancer_logreg_binary_zipmap", label: "target" },
  { fixture: "s05_diabetes_linear_regressor", label: "target" },
  { fixture: "s07_breast_cancer_xgboost_missing_tensor", label: "target" },
  // One input per column: string and float inputs, missing ages, one-hot encoding in the graph.
  { fixture: "s06_titanic_logreg_multi_input_zipmap", label: "survived" },
];

function featuresOf(dir, label) {
  const header = fs.readFileSync(path.join(dir, "data.csv"), "utf8").split(/\r?\n/)[0];
  return header.split(",").filter((c) => c !== label).join(",");
}

function close(name, got, want, tol) {
  assert.ok(Math.abs(got - want) <= tol, `${name}: browser ${got}, server ${want} (tolerance ${tol})`);
}

main(async (ctx) => {
  const { server } = ctx;
  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base + "?token=" + server.token + "#/models");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user; }, "sign-in");

  for (const c of CASES) {
    const dir = path.join(FIXTURES, c.fixture);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    const label = meta.label_column || c.label;
    const name = c.fixture.replace(/_/g, "-");
    const up = await api(server, "POST", `/api/v1/models/${name}/versions?features=${featuresOf(dir, label)}`,
      fs.readFileSync(path.join(dir, "model.onnx")), "application/octet-stream");
    assert.equal(up.status, 201, c.fixture + " upload: " + JSON.stringify(up.json));
    const rec = await api(server, "POST", `/api/v1/models/${name}/versions/1/tests?label=${label}`,
      fs.readFileSync(path.join(dir, "data.csv")), "text/csv");
    assert.equal(rec.status, 201, c.fixture + " server test: " + JSON.stringify(rec.json));

    await page.evaluate((h) => { window.location.hash = h; }, `#/test/${name}/1`);
    await waitForState(page, (n) => { const s = window.mlgate.state(); return s.route === `#/test/${n}/1`; }, "the test route", name);
    await page.setInputFiles("#csv-file", path.join(dir, "data.csv"));
    await waitForState(page, (n) => { const t = window.mlgate.state().test; return t.model === n && ["done", "failed"].includes(t.status); },
      c.fixture + " scored", name);
    const s = await page.evaluate(() => window.mlgate.state());
    assert.equal(s.test.status, "done", c.fixture + ": " + s.test.error);
    assert.equal(s.test.label, label);
    assert.equal(s.test.rows_scored, rec.json.rows);
    const got = s.test.metrics, want = rec.json.metrics;
    if ("accuracy" in want) {
      assert.deepEqual(got.confusion_matrix, want.confusion_matrix, c.fixture + " confusion matrix");
      for (const k of ["accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_weighted"]) close(c.fixture + " " + k, got[k], want[k], 1e-12);
      for (const k of ["roc_auc", "log_loss"]) close(c.fixture + " " + k, got[k], want[k], 1e-6);
    } else {
      for (const k of ["mae", "rmse", "r2"]) close(c.fixture + " " + k, got[k], want[k], 1e-6 * Math.max(1, Math.abs(want[k])));
    }

    // Attach: the server now lists a browser record with what the page showed.
    await click(page, "attach");
    await waitForState(page, () => { const s = window.mlgate.state(); return s.attached || s.last_error; }, c.fixture + " attached");
    const after = await page.evaluate(() => window.mlgate.state());
    assert.equal(after.last_error, null, c.fixture + " attach");
    const list = await api(server, "GET", `/api/v1/models/${name}/versions/1/tests`);
    const browserRecs = list.json.tests.filter((t) => t.source === "browser");
    assert.equal(browserRecs.length, 1, c.fixture + ": one browser record");
    const br = browserRecs[0];
    assert.equal(br.id, after.attached.id);
    assert.deepEqual(br.metrics, got, c.fixture + ": the stored metrics are the ones the page showed");
    const fileSha = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, "data.csv"))).digest("hex");
    assert.equal(br.data_sha256, fileSha, c.fixture + ": the hash of the file's bytes");
    assert.equal(br.data_sha256, rec.json.data_sha256, c.fixture + ": the same hash as the server's record");
    assert.equal(br.rows, rec.json.rows);
    assert.equal(br.label_column, label);
    assert.equal(br.passed, rec.json.passed, c.fixture + ": the server judges the browser record as its own");
    await page.screenshot({ path: path.join(ARTIFACTS, `test-${name}.png`) });
  }

  // The version details list both records, each with its source.
  await page.evaluate(() => { window.location.hash = "#/models/s02-iris-logreg-tensor/1"; });
  await waitForState(page, () => window.mlgate.state().tests.length === 2, "the tests list");
  const details = await page.evaluate(() => window.mlgate.state());
  assert.deepEqual(details.tests.map((t) => t.source), ["server", "browser"]);
  await page.screenshot({ path: path.join(ARTIFACTS, "version-details-tests.png") });

  // A CSV the model cannot take: the message names the column; nothing is scored.
  const iris = path.join(FIXTURES, "s02_iris_logreg_tensor");
  const bad = path.join(ARTIFACTS, "iris-missing-column.csv");
  fs.writeFileSync(bad, fs.readFileSync(path.join(iris, "data.csv"), "utf8").replace("sepal_width", "sepal_w"));
  await page.evaluate(() => { window.location.hash = "#/test/s02-iris-logreg-tensor/1"; });
  await page.setInputFiles("#csv-file", bad);
  await waitForState(page, () => { const t = window.mlgate.state().test; return t.file === "iris-missing-column.csv" && t.status === "failed"; },
    "the refused CSV");
  const s = await page.evaluate(() => window.mlgate.state());
  assert.match(s.test.error, /'sepal_width'/);
  assert.equal(s.test.rows_scored, 0);
  assert.deepEqual(errors, [], "page errors");
  console.log("test pane e2e passed for " + CASES.length + " models");
});
