// Search as you type in a directory (templates/programmes/invite_speakers.html): the results are
// the server's own rendering of the page for the typed text, swapped in place. Without
// JavaScript the search button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("directory-search");
  var results = document.getElementById("directory-results");
  if (!form || !results || !window.fetch) { return; }
  var input = form.querySelector("input[type=search]");
  var timer = null;
  var latest = 0;

  function search() {
    var text = input.value.trim();
    if (text.length > 0 && text.length < 2) { return; }
    var asked = ++latest;
    var url = form.getAttribute("action") || window.location.pathname;
    fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || asked !== latest) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("directory-results");
        if (fresh) { results.innerHTML = fresh.innerHTML; }
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
})();
