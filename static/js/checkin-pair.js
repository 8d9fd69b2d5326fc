/* Pairing a station with a token: the token is kept in this browser's storage for the
   check-in API (sent as a bearer token, never in a URL), then the form is sent so that the
   server can check it and open the station page. */
(function () {
  "use strict";

  var form = document.getElementById("pair-form");
  if (form) {
    form.addEventListener("submit", function () {
      var value = form.querySelector("input[name=token]").value.trim();
      if (value) { localStorage.setItem("checkin-token", value); }
    });
  }
  var forget = document.getElementById("unpair-form");
  if (forget) {
    forget.addEventListener("submit", function () { localStorage.removeItem("checkin-token"); });
  }
})();
