// Organisation names from the programme's directory, offered as the participant types
// (templates/programmes/_organisation_suggestions.html). The browser's own <datalist> list
// does the showing and choosing (a native, accessible combobox); any new name may still be
// typed. Without JavaScript the field is a plain text field.
(function () {
  "use strict";
  var list = document.getElementById("organisation-suggestions");
  if (!list || !window.fetch) { return; }
  var input = document.getElementById(list.getAttribute("data-for"));
  if (!input) { return; }
  var hint = document.getElementById("organisation-suggestions-hint");
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  if (hint) {
    hint.hidden = false;
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);
  }
  var timer = null;
  var latest = 0;
  var asked = {};

  function show(names) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  function suggest() {
    var text = input.value.trim();
    if (text.length < 2) { show([]); return; }
    if (asked[text]) { show(asked[text]); return; }
    var number = ++latest;
    fetch(list.getAttribute("data-url") + "?q=" + encodeURIComponent(text),
          {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || number !== latest) { return; }
        asked[text] = body.names || [];
        show(asked[text]);
      })
      .catch(function () { /* no suggestions: the field still takes any name */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
})();
