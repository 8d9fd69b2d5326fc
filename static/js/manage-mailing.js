// Mailing progress: poll the job's counts and update the table, the bar and the status line.
(function () {
  "use strict";
  var box = document.getElementById("mailing-progress");
  if (!box || box.getAttribute("data-finished") === "yes") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("mailing-bar");
  var state = document.getElementById("mailing-state");

  function show(p) {
    ["queued", "waiting", "sent", "failed", "total"].forEach(function (name) {
      var cell = box.querySelector('[data-field="' + name + '"]');
      if (cell) { cell.textContent = p[name]; }
    });
    bar.max = p.total || 1;
    bar.value = p.sent + p.failed;
    state.textContent = state.getAttribute(p.finished ? "data-done" : "data-running");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) { show(p); if (!p.finished) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
