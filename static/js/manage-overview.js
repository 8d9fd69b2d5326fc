// Event overview: keep the registration numbers live (every 30 s while the page is visible).
(function () {
  "use strict";
  var box = document.getElementById("overview-numbers");
  if (!box) { return; }
  var url = box.getAttribute("data-url");

  function show(numbers) {
    Object.keys(numbers).forEach(function (name) {
      var cell = box.querySelector('[data-field="' + name + '"]');
      if (cell && cell.textContent !== String(numbers[name])) { cell.textContent = numbers[name]; }
    });
    box.setAttribute("data-updated", String(Date.now()));
  }

  function poll() {
    if (document.visibilityState === "hidden") { window.setTimeout(poll, 30000); return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(show)
      .catch(function () { /* offline for a moment: try again at the next round */ })
      .then(function () { window.setTimeout(poll, Number(box.getAttribute("data-every") || 30000)); });
  }
  window.setTimeout(poll, Number(box.getAttribute("data-every") || 30000));
})();
