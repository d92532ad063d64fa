// The municipality's sections (templates/cooperation/includes/municipality_nav.html). Progressive enhancement
// of native <details> disclosures, which work on their own without JavaScript: here one group stays open at
// a time, Escape closes it (focus goes back to its summary when it was inside), a click or focus elsewhere
// closes it, and a panel that would leave the viewport opens towards the left.
(function () {
  "use strict";
  var GROUP = "[data-municipality-nav-group]";

  function groups() {
    return document.querySelectorAll(GROUP);
  }

  function closeAll(except) {
    groups().forEach(function (group) {
      if (group !== except && group.open) group.open = false;
    });
  }

  function fit(group) {
    var panel = group.querySelector(".municipality-nav__panel");
    if (!panel) return;
    panel.classList.remove("municipality-nav__panel--end");
    if (panel.getBoundingClientRect().right > document.documentElement.clientWidth) {
      panel.classList.add("municipality-nav__panel--end");
    }
  }

  function groupOf(node) {
    return node && node.closest ? node.closest(GROUP) : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(GROUP)) return;
    groups().forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (group.open) {
          closeAll(group);
          fit(group);
        }
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.querySelector(GROUP + "[open]");
      if (!open) return;
      var hadFocus = open.contains(document.activeElement);
      open.open = false;
      if (hadFocus) open.querySelector("summary").focus();
    });
    document.addEventListener("click", function (event) {
      closeAll(groupOf(event.target));
    });
    document.addEventListener("focusin", function (event) {
      closeAll(groupOf(event.target));
    });
  });
})();
