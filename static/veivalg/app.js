/*
 * Small progressive enhancements. Every page works without this file.
 *
 * - Focus the element marked with data-autofocus (the error summary after a failed save) or
 *   the new cost row after "Legg til år", so keyboard and screen reader users land there.
 *   This runs on "load", after the browser has scrolled to a #fragment.
 * - Leave empty filter fields out of htmx GET requests, so the address bar (hx-push-url)
 *   shows only the filters in use.
 */
(function () {
  "use strict";

  window.addEventListener("load", function () {
    var el = document.querySelector("[data-autofocus], .vv-new-row");
    if (el) {
      el.focus();
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (!detail || String(detail.verb).toLowerCase() !== "get") {
      return;
    }
    var data = detail.formData;
    if (data && typeof data.entries === "function") {
      Array.from(data.entries()).forEach(function (entry) {
        if (entry[1] === "") {
          data.delete(entry[0]);
        }
      });
    }
    var params = detail.parameters;
    if (params) {
      Object.keys(params).forEach(function (key) {
        if (params[key] === "") {
          delete params[key];
        }
      });
    }
  });
})();
