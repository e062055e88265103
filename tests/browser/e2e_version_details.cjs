// Version details end to end: "Test on server" uploads a fixture CSV through the page's real
// file input with the label column pre-selected, and the new record is the server's own (the
// file's SHA-256); the stage history shows the version's audit events, from staging to
// production, with who did it.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, launch, main } = require("./harness.cjs");

main(async (ctx) => {
  const { server } = ctx;
  const dir = path.join(FIXTURES, "s02_iris_logreg_tensor");
  const csv = path.join(dir, "data.csv");
  const up = await api(server, "POST", "/api/v1/models/iris/versions?features=sepal_length,sepal_width,petal_length,petal_width",
    fs.readFileSync(path.join(dir, "model.onnx")), "application/octet-stream");
  assert.equal(up.status, 201);

  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.base + "?token=" + server.token + "#/models/iris/1");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user && s.history.length > 0; }, "the version details");

  // Test on server: the button opens the picker; the file goes in through the real input.
  const chooser = page.waitForEvent("filechooser");
  await click(page, "server-test:iris:1");
  await (await chooser).setFiles(csv);
  await waitForState(page, () => window.mlgate.state().server_test.label !== "", "the label column");
  let s = await page.evaluate(() => window.mlgate.state());
  assert.equal(s.server_test.label, "target", "the one column that is not a feature");
  await click(page, "server-test-upload");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.server_test.record || s.last_error; }, "the server test");
  await waitForState(page, () => window.mlgate.state().tests.length === 1, "the refreshed tests list");
  s = await page.evaluate(() => window.mlgate.state());
  assert.equal(s.last_error, null);
  const listed = (await api(server, "GET", "/api/v1/models/iris/versions/1/tests")).json.tests;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].id, s.server_test.record.id);
  assert.equal(listed[0].source, "server");
  assert.equal(listed[0].label_column, "target");
  assert.equal(listed[0].data_sha256, crypto.createHash("sha256").update(fs.readFileSync(csv)).digest("hex"));
  assert.deepEqual(s.tests.map((t) => [t.id, t.source, t.passed]), [[listed[0].id, "server", listed[0].passed]]);

  // Promote through the API (an approver approves), then the details show the way there.
  const tok = await api(server, "POST", "/api/v1/tokens", JSON.stringify({ name: "abe", role: "approver" }), "application/json");
  const promo = await api(server, "POST", "/api/v1/models/iris/versions/1/promotion", JSON.stringify({ reason: "ship it" }), "application/json");
  assert.equal(promo.status, 202);
  const abe = { ...server, token: tok.json.token };
  assert.equal((await api(abe, "POST", `/api/v1/promotions/${promo.json.id}/approve`)).status, 200);
  await page.evaluate(() => { window.location.hash = "#/models"; });
  await page.evaluate(() => { window.location.hash = "#/models/iris/1"; });
  await waitForState(page, () => window.mlgate.state().history.some((e) => e.to === "production"), "the stage history");
  s = await page.evaluate(() => window.mlgate.state());
  const want = (await api(server, "GET", "/api/v1/audit?model=iris")).json.events.filter((e) => e.version === 1);
  assert.deepEqual(s.history, want.map((e) => ({ at: e.at, actor: e.actor, action: e.action, from: e.from_stage, to: e.to_stage })));
  const toProd = s.history.find((e) => e.to === "production");
  assert.equal(toProd.from, "staging");
  assert.equal(toProd.actor, "abe");
  await page.screenshot({ path: path.join(ARTIFACTS, "version-details-history.png") });
  assert.deepEqual(errors, [], "page errors");
  console.log("version details e2e passed");
});
