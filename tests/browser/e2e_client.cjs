// End to end in Debian's headless Chromium against the real mlgate binary: sign-in from
// the printed URL, the models pane and its links, the Back button, the audit pane, the
// aria-live mirror, and a plain 401. Screenshots of each pane go to MLGATE_ARTIFACTS.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert/strict");
const { FIXTURES, ARTIFACTS, api, waitForState, click, type, tap, launch, main } = require("./harness.cjs");

main(async (ctx) => {
  const { server } = ctx;
  {
    const iris = path.join(FIXTURES, "s02_iris_logreg_tensor");
    const up = await api(server, "POST", "/api/v1/models/iris/versions?features=sepal_length,sepal_width,petal_length,petal_width",
      fs.readFileSync(path.join(iris, "model.onnx")), "application/octet-stream");
    assert.equal(up.status, 201, "upload: " + JSON.stringify(up.json));

    const browser = (ctx.browser = await launch());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors = [];
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));

    // Sign in from the printed one-time link: its secret leaves the address bar at once.
    await page.goto(server.launchUrl + "#/models");
    await waitForState(page, () => { const s = window.mlgate.state(); return s.ready && s.user && s.models.length > 0; }, "sign-in and models");
    assert.ok(!page.url().includes("token="), "the token is still in the address bar: " + page.url());
    // What the tab keeps is an expiring session credential, not the link's secret.
    await page.waitForFunction(() => (sessionStorage.getItem("mlgate.token") || "").startsWith("ses_"), null, { timeout: 20000 });
    const kept = await page.evaluate(() => sessionStorage.getItem("mlgate.token"));
    assert.ok(!server.launchUrl.includes(kept) && kept !== server.token);
    // The link is spent: another tab opening it is not signed in, and the API refuses it again.
    {
      const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await other.goto(server.launchUrl + "#/models");
      await waitForState(other, () => { const s = window.mlgate.state(); return s.ready && /one-time sign-in link, already used/.test(s.last_error || ""); }, "a spent link is refused");
      assert.equal((await other.evaluate(() => window.mlgate.state())).user, null);
      await other.close();
      const again = await fetch(server.base + "api/v1/launch", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: new URL(server.launchUrl).searchParams.get("token") }) });
      assert.equal(again.status, 401);
    }
    // A person's own token in the URL is traded for a session as well.
    {
      const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await other.goto(server.base + "?token=" + server.token + "#/models");
      await other.waitForFunction(() => (sessionStorage.getItem("mlgate.token") || "").startsWith("ses_"), null, { timeout: 20000 });
      await waitForState(other, () => { const s = window.mlgate.state(); return s.user && s.user.role === "admin"; }, "sign-in with a token");
      await other.close();
    }
    let s = await page.evaluate(() => window.mlgate.state());
    assert.equal(s.pane, "models");
    assert.equal(s.user.role, "admin");
    assert.deepEqual(s.models, ["iris"]);
    await page.screenshot({ path: path.join(ARTIFACTS, "models.png") });

    // A shared link to a version opens it; the aria-live region says what is on screen.
    await page.evaluate(() => { window.location.hash = "#/models/iris/1"; });
    await waitForState(page, () => { const s = window.mlgate.state(); return s.versions.length === 1 && s.route === "#/models/iris/1"; }, "iris v1");
    s = await page.evaluate(() => window.mlgate.state());
    assert.equal(s.versions[0].stage, "staging");
    await page.waitForFunction(() => document.getElementById("live").textContent.includes("iris version 1, staging"), null, { timeout: 60000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "version.png") });

    // The audit pane shows the upload; Back returns to the version.
    await page.evaluate(() => { window.location.hash = "#/audit"; });
    await waitForState(page, () => { const s = window.mlgate.state(); return s.pane === "audit" && s.audit_events >= 2; }, "audit events");
    await page.screenshot({ path: path.join(ARTIFACTS, "audit.png") });
    await page.goBack();
    await waitForState(page, () => window.mlgate.state().route === "#/models/iris/1", "Back to the version");

    // Clicking the Chat tab (drawn by ImGui on the canvas) changes the route.
    await page.mouse.click(5, 5);  // focus
    await page.evaluate(() => { window.location.hash = "#/chat"; });
    await waitForState(page, () => window.mlgate.state().pane === "chat", "chat pane");
    // The chat input is a real textarea (IME works there): Enter sends, Shift+Enter breaks the line.
    await page.waitForSelector("#chat-input", { state: "visible" });
    await page.click("#chat-input");
    await page.keyboard.type("promote iris");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("please");
    await page.keyboard.press("Enter");
    await waitForState(page, () => window.mlgate.state().chat.length === 2, "the chat reply");
    s = await page.evaluate(() => window.mlgate.state());
    assert.equal(s.chat[0].role, "user");
    assert.equal(s.chat[0].text, "promote iris\nplease");
    assert.equal(s.chat[1].role, "assistant");  // the offline planner answers (no LLM key here)
    assert.ok(s.chat[1].text.length > 0);
    assert.equal(await page.inputValue("#chat-input"), "");
    await page.screenshot({ path: path.join(ARTIFACTS, "chat.png") });
    // Leaving the pane hides the textarea.
    await page.evaluate(() => { window.location.hash = "#/audit"; });
    await page.waitForSelector("#chat-input", { state: "hidden" });

    // The audit log filtered by model, typed into its field: the server filters, the link says so.
    await click(page, "audit-model");
    await type(page, "iris");
    await tap(page, "Enter", 13);  // within one frame: ImGui 1.86 alone would never see it
    await waitForState(page, () => { const s = window.mlgate.state(); return s.route === "#/audit/iris" && s.audit_events === 1; },
      "the filtered audit log");

    // The light theme, chosen by click, is remembered by the browser.
    await click(page, "theme");
    await page.waitForFunction(() => localStorage.getItem("mlgate.theme") === "light", null, { timeout: 60000 });
    await page.screenshot({ path: path.join(ARTIFACTS, "audit-light.png") });

    // A bad token is a plain error, not a blank page.
    const anon = await browser.newPage();
    await anon.goto(server.base + "#/models");
    await waitForState(anon, () => { const s = window.mlgate.state(); return s.ready && s.last_error; }, "the 401 message");
    s = await anon.evaluate(() => window.mlgate.state());
    assert.match(s.last_error, /not signed in/);
    assert.equal(s.user, null);

    // The expected refusals (the anonymous 401) is logged by the browser itself.
    assert.deepEqual(consoleErrors.filter((e) => !/status of 401/.test(e)), [], "console errors");
    console.log("browser e2e passed; screenshots in " + ARTIFACTS);
  }
});
