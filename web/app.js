// The page side of the client: the token, fetch() for the WebAssembly app, the aria-live
// mirror and window.mlgate.state(). The app itself (client.js/client.wasm) is C++.
"use strict";
(function () {
  // Sign-in: the server prints a URL with ?token=; keep it for this tab only and take it out
  // of the address bar so it is not bookmarked, shared or sent as a Referer.
  const params = new URLSearchParams(window.location.search);
  if (params.has("token")) {
    sessionStorage.setItem("mlgate.token", params.get("token"));
    params.delete("token");
    const q = params.toString();
    history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
  }
  const token = () => sessionStorage.getItem("mlgate.token") || "";
  // What the URL carried is traded at once for an expiring session credential, so that what
  // this tab keeps is worth less if it leaks: the printed link's one-time secret (lt_...)
  // through POST /api/v1/launch, a person's long-lived token through POST /api/v1/session.
  // Every request waits for the trade (signedIn): a spent link then reads as "not signed in".
  const signedIn = (() => {
    const printed = token();
    if (!printed || printed.startsWith("ses_")) return Promise.resolve();
    const launch = printed.startsWith("lt_");
    const request = launch
      ? fetch("/api/v1/launch", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: printed }) })
      : fetch("/api/v1/session", { method: "POST", headers: { Authorization: "Bearer " + printed } });
    return request
      .then((r) => (r.status === 201 ? r.json() : null))
      // A spent link stays as it is: the server's 401 for it says what happened.
      .then((s) => { if (s && s.token && token() === printed) sessionStorage.setItem("mlgate.token", s.token); })
      .catch(() => {});
  })();

  function withString(text, fn) {
    const n = lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    stringToUTF8(text, p, n);
    try { fn(p); } finally { Module._free(p); }
  }

  // SHA-256 of the file's bytes, as the server computes it for a CSV it tests; "" where the
  // page is not a secure context (plain http other than localhost has no crypto.subtle).
  function sha256Hex(bytes) {
    if (!window.crypto || !crypto.subtle) return Promise.resolve("");
    return crypto.subtle.digest("SHA-256", bytes)
      .then((d) => Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join(""));
  }

  // A CSV for the test pane, from the picker or dropped on the page: read here, handed to
  // the app, never sent anywhere (a browser test record carries its hash, not its rows).
  // The bytes go to the app as they are (not decoded here), so that a NUL or a byte that is
  // not UTF-8 is reported with its line as the server reports it. ONNX Runtime Web starts
  // loading meanwhile: a CSV is chosen to be scored.
  function readCsv(file) {
    if (!file) return;
    loadOrt().catch(() => {});  // a failure is reported when the model is loaded
    file.arrayBuffer().then((bytes) => sha256Hex(bytes).then((sha) => {
      const p = Module._malloc(Math.max(1, bytes.byteLength));
      HEAPU8.set(new Uint8Array(bytes), p);
      try {
        withString(file.name, (n) => withString(sha, (h) => Module._mlgate_on_csv(n, p, bytes.byteLength, h)));
      } finally { Module._free(p); }
    }));
  }
  document.getElementById("csv-file").addEventListener("change", (e) => { readCsv(e.target.files[0]); e.target.value = ""; });
  window.addEventListener("dragover", (e) => e.preventDefault());
  // A file dropped on the chat is for the agent; anywhere else it is a CSV to test in the browser.
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    const onChat = window.location.hash.startsWith("#/chat");
    (onChat ? uploadForChat : readCsv)(e.dataTransfer.files[0]);
  });

  // Uploads: XMLHttpRequest rather than fetch() for the upload progress.
  function upload(url, file, type, progress, done) {
    signedIn.then(() => sendUpload(url, file, type, progress, done));
  }
  function sendUpload(url, file, type, progress, done) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", "Bearer " + token());
    xhr.setRequestHeader("Content-Type", type);
    xhr.upload.onprogress = (p) => { if (p.lengthComputable) progress(p.loaded / p.total); };
    xhr.onload = () => withString(xhr.responseText || "", (b) => done(xhr.status, b));
    xhr.onerror = () => withString("", (b) => done(0, b));
    xhr.send(file);
  }

  // A file for the chat agent: uploaded to /api/v1/uploads; the agent then names it by its
  // upload id ("register the model I just uploaded").
  function uploadForChat(file) {
    if (!file) return;
    withString(file.name, (n) => Module._mlgate_on_chat_upload_started(n));
    upload("/api/v1/uploads?filename=" + encodeURIComponent(file.name), file, "application/octet-stream",
      (f) => Module._mlgate_on_upload_progress(f), (s, b) => Module._mlgate_on_chat_upload_done(s, b));
  }
  document.getElementById("chat-file").addEventListener("change", (e) => { uploadForChat(e.target.files[0]); e.target.value = ""; });

  let uploadTo = "", uploadFeatures = "";
  document.getElementById("model-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file || !uploadTo) return;
    const query = uploadFeatures ? "?features=" + encodeURIComponent(uploadFeatures) : "";
    withString(uploadTo, (m) => Module._mlgate_on_upload_started(m));
    upload("/api/v1/models/" + encodeURIComponent(uploadTo) + "/versions" + query, file, "application/octet-stream",
      (f) => Module._mlgate_on_upload_progress(f), (s, b) => Module._mlgate_on_upload_done(s, b));
  });

  // Test on server: the page holds the file; the app sees its first two lines (header and a
  // row, to pick the label column) and asks for the upload once the label is chosen.
  let serverCsv = null;
  document.getElementById("server-csv-file").addEventListener("change", (e) => {
    serverCsv = e.target.files[0] || null;
    e.target.value = "";
    if (!serverCsv) return;
    const file = serverCsv;
    file.slice(0, 1 << 16).text().then((text) => {
      const head = text.split(/\r?\n/).slice(0, 2).join("\n") + "\n";
      withString(file.name, (n) => withString(head, (h) => Module._mlgate_on_server_csv(n, h)));
    });
  });

  // ONNX Runtime Web, loaded the first time a model is tested.
  let ortReady = null;
  function loadOrt() {
    if (!ortReady) {
      ortReady = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = "/ort/ort.wasm.min.js";
        s.onload = () => { ort.env.wasm.wasmPaths = "/ort/"; resolve(ort); };
        s.onerror = () => reject(new Error("ONNX Runtime Web is not in this server build"));
        document.head.appendChild(s);
      });
    }
    return ortReady;
  }
  const sessions = new Map();  // run id -> InferenceSession
  const message = (e) => String(e && e.message ? e.message : e);

  // Runs a loaded model on the feeds `make` builds and hands the output back to the app.
  function runModel(run, output, make) {
    const session = sessions.get(run);
    const reply = (values, error) => {
      const n = values ? values.length : 0;
      const p = Module._malloc(Math.max(8, n * 8));
      if (n) HEAPF64.set(values, p >> 3);
      withString(error || "", (e) => Module._mlgate_on_scored(run, p, n, e));
      Module._free(p);
    };
    if (!session) return reply(null, "the model is not loaded");
    let feeds;
    try { feeds = make(); } catch (e) { return reply(null, message(e)); }
    session.run(feeds, [output])
      .then((out) => reply(Float64Array.from(out[output].data, Number), ""))
      .catch((e) => reply(null, message(e)));
  }

  // A feed {name, type, shape, data} as an ONNX Runtime Web tensor: null is a missing number.
  function tensorOf(f) {
    const num = (x) => (x === null ? NaN : x === "inf" ? Infinity : x === "-inf" ? -Infinity : x);
    switch (f.type) {
      case "string": return new ort.Tensor("string", f.data, f.shape);
      case "float": return new ort.Tensor("float32", Float32Array.from(f.data, num), f.shape);
      case "double": return new ort.Tensor("float64", Float64Array.from(f.data, num), f.shape);
      case "int64": return new ort.Tensor("int64", BigInt64Array.from(f.data, (x) => BigInt(x)), f.shape);
      case "int32": return new ort.Tensor("int32", Int32Array.from(f.data), f.shape);
      default: throw new Error("input '" + f.name + "' has type " + f.type + ", which the browser cannot feed");
    }
  }

  // The chat input: a real textarea over the canvas, so IME and composed characters work.
  const chat = document.getElementById("chat-input");
  chat.addEventListener("keydown", (e) => {
    e.stopPropagation();  // keys typed here are not ImGui's
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      const text = chat.value.trim();
      chat.value = "";
      if (text) withString(text, (p) => Module._mlgate_on_chat_send(p));
    }
  });
  ["keyup", "keypress"].forEach((t) => chat.addEventListener(t, (e) => e.stopPropagation()));

  window.mlgateBridge = {
    placeChat(visible, x, y, w, h) {
      chat.style.display = visible ? "block" : "none";
      if (!visible) return;
      Object.assign(chat.style, { left: x + "px", top: y + "px", width: w + "px", height: h + "px" });
    },
    takeChat() {
      const text = chat.value.trim();
      chat.value = "";
      return text;
    },
    uploadServerTest(path) {
      if (!serverCsv) return;
      Module._mlgate_on_server_test_started();
      upload(path, serverCsv, "text/csv", (f) => Module._mlgate_on_server_test_progress(f),
        (s, b) => Module._mlgate_on_server_test_done(s, b));
    },
    pickChatFile() { document.getElementById("chat-file").click(); },
    pickModel(model, features) {
      uploadTo = model;
      uploadFeatures = features;
      document.getElementById("model-file").click();
    },
    loadModel(run, url) {
      Promise.all([loadOrt(), signedIn])
        .then(() => fetch(url, { headers: { Authorization: "Bearer " + token() } }))
        .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status + " for " + url); return r.arrayBuffer(); })
        .then((bytes) => ort.InferenceSession.create(new Uint8Array(bytes)))
        .then((session) => { sessions.set(run, session); Module._mlgate_on_model_ready(run, 1, 0); })
        .catch((e) => withString(message(e), (p) => Module._mlgate_on_model_ready(run, 0, p)));
    },
    score(run, input, output, data, rows, cols) {
      runModel(run, output, () => ({ [input]: new ort.Tensor("float32", data, [rows, cols]) }));
    },
    // One feed per input (models with one input per column), as the app describes them.
    scoreFeeds(run, json, output) {
      runModel(run, output, () => {
        const feeds = {};
        for (const f of JSON.parse(json).inputs) feeds[f.name] = tensorOf(f);
        return feeds;
      });
    },
    fetch(id, method, path, body) {
      signedIn.then(() => {
        const headers = { Authorization: "Bearer " + token() };
        if (body) headers["Content-Type"] = "application/json";
        return fetch(path, { method, headers, body: body || undefined });
      })
        .then((r) => r.text().then((t) => withString(t, (p) => Module._mlgate_on_response(id, r.status, p))))
        .catch((e) => withString(JSON.stringify({ error: { code: "network", message: String(e) } }), (p) => Module._mlgate_on_response(id, 0, p)));
    },
    live(text) {
      document.getElementById("live").textContent = text;
    },
  };

  // Read-only view of the app's state, for tests and tools; never a way around the UI.
  window.mlgate = {
    state() {
      if (!window.Module || !Module._mlgate_state_json) return { pane: null, ready: false };
      const s = JSON.parse(UTF8ToString(Module._mlgate_state_json()));
      s.ready = true;
      return s;
    },
  };

  window.Module = {
    canvas: document.getElementById("canvas"),
    onRuntimeInitialized() {
      document.getElementById("boot").remove();
      window.addEventListener("hashchange", () => {
        const h = window.location.hash;
        const n = lengthBytesUTF8(h) + 1;
        const p = Module._malloc(n);
        stringToUTF8(h, p, n);
        Module._mlgate_on_fragment(p);
        Module._free(p);
      });
    },
  };
})();
