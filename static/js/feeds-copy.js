// Copy buttons for calendar addresses (templates/feeds/_macros.html). The buttons stay
// hidden without JavaScript: the address field is still there to select and copy by hand.
(function () {
  "use strict";
  if (window.eventappFeedsCopy) { return; } // the macro may include this file more than once
  window.eventappFeedsCopy = true;

  function announce(button, text) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(field.id.replace(/-url$/, "-status"));
    if (status) { status.textContent = text; }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var done = function () { announce(button, button.getAttribute("data-copied-text")); };
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (document.execCommand("copy")) { done(); }
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-copy-target]");
      if (button) { copy(button); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
