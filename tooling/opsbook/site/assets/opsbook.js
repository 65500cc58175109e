// opsbook index tables: sort by any column, filter by status, service, owner and tag, and a
// free-text filter, without leaving the page. Works with Material's instant navigation
// (document$ emits after every page swap) and without it.
(function () {
  "use strict";

  var FILTERS = [
    ["status", "Status", false],
    ["service", "Service", true],
    ["owner", "Owner", false],
    ["tags", "Tag", true]
  ];

  function values(rows, key, many) {
    var seen = {};
    rows.forEach(function (row) {
      var raw = row.getAttribute("data-" + key) || "";
      (many ? raw.split(" ") : [raw]).forEach(function (v) { if (v) { seen[v] = true; } });
    });
    return Object.keys(seen).sort();
  }

  function select(label, key, options, onChange) {
    var wrap = document.createElement("label");
    wrap.className = "opsbook-filter";
    wrap.appendChild(document.createTextNode(label + " "));
    var box = document.createElement("select");
    box.setAttribute("data-filter", key);
    var any = document.createElement("option");
    any.value = "";
    any.textContent = "all";
    box.appendChild(any);
    options.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value.replace(/_/g, " ");
      box.appendChild(option);
    });
    box.addEventListener("change", onChange);
    wrap.appendChild(box);
    return wrap;
  }

  function setupTable(table) {
    if (table.getAttribute("data-opsbook-ready")) { return; }
    table.setAttribute("data-opsbook-ready", "true");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var container = table.parentNode.querySelector("[data-opsbook-filters]") ||
      document.querySelector("[data-opsbook-filters]");
    var state = {};
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Filter rows";
    text.className = "opsbook-filter-text";

    function apply() {
      var needle = text.value.toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = FILTERS.every(function (f) {
          var wanted = state[f[0]];
          if (!wanted) { return true; }
          var raw = row.getAttribute("data-" + f[0]) || "";
          return f[2] ? raw.split(" ").indexOf(wanted) >= 0 : raw === wanted;
        }) && (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }

    var count = document.createElement("span");
    count.className = "opsbook-filter-count";
    if (container) {
      FILTERS.forEach(function (f) {
        var options = values(rows, f[0], f[2]);
        if (options.length > 1) {
          container.appendChild(select(f[1], f[0], options, function (event) {
            state[f[0]] = event.target.value;
            apply();
          }));
        }
      });
      text.addEventListener("input", apply);
      container.appendChild(text);
      container.appendChild(count);
      apply();
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
      cell.classList.add("opsbook-sortable");
      cell.setAttribute("role", "button");
      cell.tabIndex = 0;
      function sort() {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(cell.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[index] ? a.cells[index].textContent.trim() : "";
          var y = b.cells[index] ? b.cells[index].textContent.trim() : "";
          var order = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      cell.addEventListener("click", sort);
      cell.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function setup() {
    // Index tables are the index script's (opsbook-index.js): it filters across all records.
    document.querySelectorAll("table[data-opsbook-table]:not([data-opsbook-index])").forEach(setupTable);
  }

  // Every opsbook script runs its setup on each page through this one hook (this script loads
  // first): Material's instant navigation swaps pages without a load event, and document$
  // emits after every swap; without it, the page's own load is the only one.
  window.opsbookOnEveryPage = function (setup) {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(setup);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setup);
    } else {
      setup();
    }
  };
  window.opsbookOnEveryPage(setup);
})();
