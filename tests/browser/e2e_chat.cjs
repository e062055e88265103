// The chat pane end to end in headless Chromium against the real binary: a model handed to
// the agent with the Attach button (through the real file chooser) becomes an upload the
// conversation names; "register the model I just uploaded" registers it; a CSV dropped on
// the chat's file input is tested by asking for it; the registry shows both.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, launch, main } = require("./harness.cjs");

async function say(page, text) {
  const before = await page.evaluate(() => window.mlgate.state().chat.length);
  await page.click("#chat-input");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await waitForState(page, (n) => { const c = window.mlgate.state().chat; return c.length >= n + 2 && c[c.length - 1].role === "assistant"; },
    "the reply to: " + text, before);
  const chat = await page.evaluate(() => window.mlgate.state().chat);
  return chat[chat.length - 1];
}

main(async (ctx) => {
  const { server } = ctx;
  const iris = path.join(FIXTURES, "s01_iris_logreg_zipmap");
  const browser = (ctx.browser = await launch());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.base + "?token=" + server.token + "#/chat");
  await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user && s.pane === "chat"; }, "the chat pane");

  // Attach: the button opens the real file chooser; the upload becomes a note naming its id.
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), click(page, "chat-attach")]);
  await chooser.setFiles(path.join(iris, "model.onnx"));
  await waitForState(page, () => window.mlgate.state().chat.some((m) => m.role === "note" && m.text.includes("model.onnx")), "the upload note");
  const uploads = await api(server, "GET", "/api/v1/uploads");
  assert.equal(uploads.status, 200);
  assert.equal(uploads.json.uploads.length, 1, JSON.stringify(uploads.json));
  const note = (await page.evaluate(() => window.mlgate.state().chat)).find((m) => m.role === "note");
  assert.ok(note.text.includes(uploads.json.uploads[0].upload_id), note.text);

  const registered = await say(page, "register the model I just uploaded as iris");
  assert.ok(/iris v1/.test(registered.text), registered.text);
  const model = await api(server, "GET", "/api/v1/models/iris");
  assert.equal(model.status, 200, JSON.stringify(model.json));
  assert.equal(model.json.versions.length, 1);
  assert.equal(model.json.versions[0].stage, "staging");

  // A CSV through the same input (as a drop on the chat does), then a test asked for in words.
  await page.setInputFiles("#chat-file", path.join(iris, "data.csv"));
  await waitForState(page, () => window.mlgate.state().chat.some((m) => m.role === "note" && m.text.includes("data.csv")), "the CSV note");
  const tested = await say(page, "test iris v1 with data.csv, the label is target");
  assert.ok(/test #1/.test(tested.text), tested.text);
  const tests = await api(server, "GET", "/api/v1/models/iris/versions/1/tests");
  assert.equal(tests.json.tests.length, 1);
  assert.equal(tests.json.tests[0].source, "server");
  assert.equal(tests.json.tests[0].rows, fs.readFileSync(path.join(iris, "data.csv"), "utf8").trim().split("\n").length - 1);
  await page.screenshot({ path: path.join(ARTIFACTS, "chat-attach.png") });
});
