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

  function deliver(id, status, text) {
    const n = lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    stringToUTF8(text, p, n);
    Module._mlgate_on_response(id, status, p);
    Module._free(p);
  }

  window.mlgateBridge = {
    fetch(id, method, path, body) {
      const headers = { Authorization: "Bearer " + token() };
      if (body) headers["Content-Type"] = "application/json";
      fetch(path, { method, headers, body: body || undefined })
        .then((r) => r.text().then((t) => deliver(id, r.status, t)))
        .catch((e) => deliver(id, 0, JSON.stringify({ error: { code: "network", message: String(e) } })));
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
