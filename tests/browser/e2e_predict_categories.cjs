// The predict form of a model with categorical inputs (fixture s06 titanic: sex and
// passengerClass one-hot encoded in the graph, age a number): the categories are drop-downs,
// chosen by click, and the prediction equals the API's for the same values.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, type, launch, main } = require("./harness.cjs");

main(async (ctx) => {
  const { server } = ctx;
  const dir = path.join(FIXTURES, "s06_titanic_logreg_multi_input_zipmap");
  const up = await api(server, "POST", "/api/v1/models/titanic/versions", fs.readFileSync(path.join(dir, "model.onnx")), "application/octet-stream");
  assert.equal(up.status, 201);
  assert.equal((await api(server, "POST", "/api/v1/models/titanic/versions/1/tests?label=survived", fs.readFileSync(path.join(dir, "data.csv")), "text/csv")).status, 201);
  const tok = await api(server, "POST", "/api/v1/tokens", JSON.stringify({ name: "abe", role: "approver" }), "application/json");
  const promo = await api(server, "POST", "/api/v1/models/titanic/versions/1/promotion");
  assert.equal(promo.status, 202);
  assert.equal((await api({ ...server, token: tok.json.token }, "POST", `/api/v1/promotions/${promo.json.id}/approve`)).status, 200);

  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base + "?token=" + server.token + "#/predict/titanic");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user; }, "sign-in");

  const row = { sex: "female", age: 29, passengerClass: "1st" };
  for (const f of ["sex", "passengerClass"]) {
    await click(page, "feature:" + f);
    await click(page, `option:${f}:${row[f]}`);  // only a drop-down publishes options
  }
  await click(page, "feature:age");
  await type(page, String(row.age));
  await page.screenshot({ path: path.join(ARTIFACTS, "predict-categories.png") });
  await click(page, "predict");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.prediction !== null || s.last_error; }, "the prediction");
  const s = await page.evaluate(() => window.mlgate.state());
  assert.equal(s.last_error, null);
  const direct = await api(server, "POST", "/api/v1/models/titanic/predict", JSON.stringify({ rows: [row] }), "application/json");
  assert.equal(direct.status, 200);
  assert.equal(s.prediction.label, direct.json.predictions[0].label);
  assert.equal(s.prediction.confidence, direct.json.predictions[0].confidence);
  assert.deepEqual(s.prediction.probabilities, direct.json.predictions[0].probabilities);
  await page.screenshot({ path: path.join(ARTIFACTS, "predict-titanic.png") });
  assert.deepEqual(errors, [], "page errors");
  console.log("predict form with categories e2e passed");
});
