// Certificates ZIP: poll the build's progress row and update the bar, the text and the link.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box) { return; }
  var bar = document.getElementById("batch-bar");
  var text = document.getElementById("batch-text");
  var download = document.getElementById("batch-download");
  var url = box.getAttribute("data-status-url");

  function say(template, state) {
    return template.replace("{done}", state.done).replace("{total}", state.total);
  }

  function show(state) {
    box.setAttribute("data-status", state.status);
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = state.percent + "%";
    if (state.status === "done") {
      text.textContent = say(text.getAttribute("data-done"), state);
      if (state.download_url) { download.querySelector("a").href = state.download_url; }
      download.hidden = false;
    } else if (state.status === "failed") {
      text.textContent = text.getAttribute("data-failed");
    } else {
      text.textContent = say(text.getAttribute("data-running"), state);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        show(state);
        if (state.status === "queued" || state.status === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  var status = box.getAttribute("data-status");
  if (status === "queued" || status === "running") { poll(); }
})();
