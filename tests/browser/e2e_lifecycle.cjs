// The registry by click, as three people in three browsers: a deployer uploads a model
// through the page (file picker, progress) and requests its promotion; a viewer's attempt
// to approve is refused with the 403 shown; an approver approves and the version is in
// production; the viewer's predict form then agrees with the API. Buttons are found through the controls the app publishes and clicked on the
// canvas like a person would.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, type, launch, main } = require("./harness.cjs");

async function signIn(browser, server, token, hash, deviceScaleFactor = 1) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor });
  await page.goto(server.base + "?token=" + token + hash);
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user; }, "sign-in");
  return page;
}

main(async (ctx) => {
  const { server } = ctx;
  const token = async (name, role) => {
    const r = await api(server, "POST", "/api/v1/tokens", JSON.stringify({ name, role }), "application/json");
    assert.equal(r.status, 201);
    return r.json.token;
  };
  const alice = await token("alice", "deployer"), bob = await token("bob", "approver"), victor = await token("victor", "viewer");
  const browser = (ctx.browser = await launch());
  const iris = path.join(FIXTURES, "s02_iris_logreg_tensor");

  // Alice uploads through the page: names the model and its features, picks the file. Her
  // screen is HiDPI (2 device pixels per CSS pixel): the published controls are in CSS pixels.
  const a = await signIn(browser, server, alice, "#/models", 2);
  await click(a, "new-model-name");
  await type(a, "iris");
  await click(a, "feature-names");
  await type(a, "sepal_length,sepal_width,petal_length,petal_width");
  const chooser = a.waitForEvent("filechooser");
  await click(a, "upload");
  await (await chooser).setFiles(path.join(iris, "model.onnx"));
  await waitForState(a, () => window.mlgate.state().models.includes("iris"), "the uploaded model in the list");
  let s = await a.evaluate(() => window.mlgate.state());
  assert.match(s.notice, /iris v1 uploaded, in staging/);
  const v1 = await api(server, "GET", "/api/v1/models/iris/versions/1");
  assert.deepEqual(v1.json.signature.features, ["sepal_length", "sepal_width", "petal_length", "petal_width"]);
  assert.equal(v1.json.created_by, "alice");

  // A passing test record (the server-side test), then Alice requests promotion by click.
  const rec = await api(server, "POST", "/api/v1/models/iris/versions/1/tests?label=target", fs.readFileSync(path.join(iris, "data.csv")), "text/csv");
  assert.equal(rec.status, 201);
  await a.evaluate(() => { window.location.hash = "#/models/iris/1"; });
  await click(a, "promote:iris:1");
  await waitForState(a, () => window.mlgate.state().promotions.length === 1, "the pending promotion");
  await a.screenshot({ path: path.join(ARTIFACTS, "lifecycle-requested.png") });
  const promotion = (await a.evaluate(() => window.mlgate.state())).promotions[0];

  // Victor, a viewer, tries to approve: refused, and the page says so.
  const v = await signIn(browser, server, victor, "#/models");
  await click(v, "approve:" + promotion.id);
  await waitForState(v, () => /not allowed/.test(window.mlgate.state().last_error || ""), "the 403 message");
  s = await v.evaluate(() => window.mlgate.state());
  assert.match(s.last_error, /approver/);
  await v.screenshot({ path: path.join(ARTIFACTS, "lifecycle-viewer-403.png") });

  // Bob approves: v1 is in production.
  const b = await signIn(browser, server, bob, "#/models/iris/1");
  await click(b, "approve:" + promotion.id);
  await waitForState(b, () => { const s = window.mlgate.state(); return s.versions.length === 1 && s.versions[0].stage === "production"; },
    "v1 in production");
  await b.screenshot({ path: path.join(ARTIFACTS, "lifecycle-approved.png") });
  const audit = await api(server, "GET", "/api/v1/audit?model=iris");
  const approved = audit.json.events.find((e) => e.action === "promotion.approved");
  assert.equal(approved.actor, "bob");

  // The predict form, filled in by typing, gives what the API gives for the same row.
  const row = { sepal_length: 6.3, sepal_width: 2.8, petal_length: 5.1, petal_width: 1.5 };
  await v.evaluate(() => { window.location.hash = "#/predict/iris"; });
  for (const [f, x] of Object.entries(row)) {
    await click(v, "feature:" + f);
    await type(v, String(x));
  }
  await click(v, "predict");
  await waitForState(v, () => window.mlgate.state().prediction !== null, "the prediction");
  const shown = (await v.evaluate(() => window.mlgate.state())).prediction;
  const direct = await api(server, "POST", "/api/v1/models/iris/predict", JSON.stringify({ rows: [row] }), "application/json");
  assert.equal(direct.status, 200);
  assert.equal(shown.label, direct.json.predictions[0].label);
  assert.equal(shown.confidence, direct.json.predictions[0].confidence);
  await v.waitForFunction((l) => document.getElementById("live").textContent.includes("prediction: " + l), shown.label, { timeout: 60000 });
  await v.screenshot({ path: path.join(ARTIFACTS, "predict.png") });
  console.log("lifecycle e2e passed");
});
