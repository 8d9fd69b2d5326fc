// "Ask only if": hide a question while the earlier answer it depends on is not chosen.
// Without this script every question shows, with a hint saying when to answer it;
// the server ignores answers to questions whose condition does not hold.
(function () {
  "use strict";
  var dependants = document.querySelectorAll("[data-ask-if]");
  if (!dependants.length) { return; }
  var form = dependants[0].closest("form");

  function chosen(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.tagName === "SELECT") { values.push(input.value); }
      else if (input.checked) { values.push(input.value); }
    });
    return values;
  }

  function update() {
    dependants.forEach(function (field) {
      var parent = document.getElementById(field.dataset.askIf + "-field");
      var parentShown = !parent || !parent.hidden;
      var show = parentShown && chosen(field.dataset.askIf).indexOf(field.dataset.askOption) !== -1;
      field.hidden = !show;
      field.querySelectorAll(".ask-if-hint").forEach(function (hint) { hint.hidden = true; });
    });
  }

  form.addEventListener("change", update);
  update();
})();
