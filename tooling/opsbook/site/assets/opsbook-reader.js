// opsbook reader pages: every wide table scrolls inside a focusable, labelled frame (so nothing
// is clipped on a phone and a keyboard can scroll it), and its column headers carry a scope.
// Tables rendered in Python already come framed; this frames the rest (the index tables).
(function () {
  "use strict";

  function frame(table) {
    var parent = table.parentNode;
    if (parent && parent.classList && parent.classList.contains("opsbook-scroll")) { return; }
    var box = document.createElement("div");
    box.className = "opsbook-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    var heading = table.getAttribute("aria-label") || (document.querySelector("h1") || {}).textContent || "Table";
    box.setAttribute("aria-label", heading.trim());
    parent.insertBefore(box, table);
    box.appendChild(table);
  }

  function setup() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (table.tHead) {
        table.tHead.querySelectorAll("th").forEach(function (th) {
          if (!th.hasAttribute("scope")) { th.setAttribute("scope", "col"); }
        });
      }
      if (/(^|\s)opsbook-/.test(table.className)) { frame(table); }
    });
    // A long code line scrolls its block: the keyboard must reach it too.
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (!code.hasAttribute("tabindex")) { code.tabIndex = 0; }
    });
  }

  window.opsbookOnEveryPage(setup);  // opsbook.js
})();
