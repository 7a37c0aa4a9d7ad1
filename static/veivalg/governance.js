/*
 * Governance pages: after htmx swaps the agenda (a case moved up or down), put keyboard
 * focus back on the moved case's button. The page works without this file.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function () {
    var agenda = document.getElementById("saksliste");
    if (!agenda) {
      return;
    }
    var id = agenda.getAttribute("data-focus-target");
    var target = id ? document.getElementById(id) : null;
    if (target) {
      target.focus();
    }
  });
})();
