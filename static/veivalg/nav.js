/*
 * The main menu as disclosure navigation (WAI-ARIA Authoring Practices, "Disclosure Navigation
 * Menu"). Without this file every group's links are shown in the header; with it each group
 * button opens and closes its own list:
 *
 * - the button toggles aria-expanded and the list's hidden attribute; only one list is open;
 * - Escape closes the open list and, when focus was in that group, returns it to the button;
 * - a click outside the group, or focus leaving it (Tab past the last link), closes it;
 * - coming back to the page from the browser's history starts with every list closed.
 */
(function () {
  "use strict";

  var nav = document.querySelector("[data-disclosure-nav]");
  if (!nav) {
    return;
  }
  var toggles = Array.from(nav.querySelectorAll(".vv-nav__toggle[aria-controls]"));

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(button, open) {
    var panel = panelOf(button);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (panel) {
      panel.hidden = !open;
    }
  }

  function closeAll(except) {
    toggles.forEach(function (button) {
      if (button !== except && isOpen(button)) {
        setOpen(button, false);
      }
    });
  }

  toggles.forEach(function (button) {
    setOpen(button, false);
    button.addEventListener("click", function () {
      var open = !isOpen(button);
      closeAll(button);
      setOpen(button, open);
    });
  });
  nav.classList.add("vv-nav--disclosure");

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    toggles.forEach(function (button) {
      if (!isOpen(button)) {
        return;
      }
      var group = button.parentElement;
      var focusInside = group.contains(document.activeElement);
      setOpen(button, false);
      if (focusInside) {
        button.focus();
        event.preventDefault();
      }
    });
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var group = target && target.closest ? target.closest(".vv-nav__group") : null;
    toggles.forEach(function (button) {
      if (button.parentElement !== group && isOpen(button)) {
        setOpen(button, false);
      }
    });
  });

  nav.addEventListener("focusout", function (event) {
    var group = event.target.closest(".vv-nav__group");
    var next = event.relatedTarget;
    if (!group || !next || group.contains(next)) {
      return;
    }
    var button = group.querySelector(".vv-nav__toggle");
    if (button && isOpen(button)) {
      setOpen(button, false);
    }
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      closeAll(null);
    }
  });
})();
