// opsbook index pages: filter and sort across every record of the kind, not only the page of
// rows the HTML carries. The rows come from the kind's index data (index-rows.json, written by
// site/render/index_data.py); the state lives in the URL's query, so a filtered view can be
// bookmarked and shared. Without JavaScript the static pages and their pager remain.
(function () {
  "use strict";

  var ROWS_PER_PAGE = 200;
  var SELECTS = [
    ["service", "Service"], ["owner", "Owner"], ["assignee", "Assignee"], ["tag", "Tag"], ["priority", "Priority"]
  ];
  var KEYS = ["status", "service", "owner", "assignee", "tag", "priority", "from", "to", "q", "open", "sort", "dir", "page"];
  // Made when an index page first needs it: building an ICU collator took 40 to 50 ms of the
  // main thread at every page load, index or not (Chrome's profiler, a record page).
  var collator = null;
  function compare(a, b) {
    if (!collator) { collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }).compare; }
    return collator(a, b);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function words(value) { return value ? String(value).split(",").filter(Boolean) : []; }

  // -- state <-> URL ------------------------------------------------------------------------

  function readState() {
    var query = new URLSearchParams(location.search);
    var state = {};
    KEYS.forEach(function (key) { state[key] = query.get(key) || ""; });
    state.status = words(state.status);
    state.page = Math.max(1, parseInt(state.page, 10) || 0);
    return state;
  }

  function writeState(state, defaultPage) {
    var query = new URLSearchParams(location.search);
    KEYS.forEach(function (key) { query.delete(key); });
    var parts = query.toString() ? [query.toString()] : [];
    KEYS.forEach(function (key) {
      var value = key === "status" ? state.status.join(",") : String(state[key] || "");
      if (key === "page" && state.page === defaultPage) { value = ""; }
      // Commas stay commas: `?status=new,in_progress` reads well in a shared link.
      if (value) { parts.push(key + "=" + encodeURIComponent(value).replace(/%2C/g, ",")); }
    });
    var text = parts.join("&");
    history.replaceState(history.state, "", location.pathname + (text ? "?" + text : "") + location.hash);
  }

  // -- matching and ordering ----------------------------------------------------------------

  function matches(row, state) {
    if (state.open === "1" && !row.open) { return false; }
    if (state.status.length && state.status.indexOf(row.status) < 0) { return false; }
    if (state.service && row.service.indexOf(state.service) < 0) { return false; }
    if (state.owner && row.owner !== state.owner) { return false; }
    if (state.assignee && row.assignee !== state.assignee) { return false; }
    if (state.tag && row.tags.indexOf(state.tag) < 0) { return false; }
    if (state.priority && row.priority !== state.priority) { return false; }
    var day = row.date.slice(0, 10);
    if (state.from && !(day && day >= state.from)) { return false; }
    if (state.to && !(day && day <= state.to)) { return false; }
    if (state.q && row.text.indexOf(state.q.toLowerCase()) < 0) { return false; }
    return true;
  }

  // The text a cell sorts by: its time's ISO value, or its text without markup.
  function sortKey(html) {
    var time = /datetime="([^"]*)"/.exec(html);
    if (time) { return time[1]; }
    return html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&quot;/g, "\"").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").trim();
  }

  function newestFirst(a, b) {
    return (b.open - a.open) || (b.number - a.number) || compare(a.id, b.id);
  }

  // Each row's place in a column's order, computed once per column (the collator is slow:
  // 4,000 rows take tens of milliseconds to sort with it); rows with equal text share a place.
  function rank(rows, column) {
    if (rows.ranked && rows.ranked[column]) { return; }
    rows.ranked = rows.ranked || {};
    var keyed = rows.map(function (row) { return { row: row, key: sortKey(row.cells[column] || "") }; });
    keyed.sort(function (a, b) { return compare(a.key, b.key); });
    var place = 0;
    keyed.forEach(function (item, index) {
      if (index && compare(keyed[index - 1].key, item.key) !== 0) { place = index; }
      if (!item.row.ranks) { item.row.ranks = []; }
      item.row.ranks[column] = place;
    });
    rows.ranked[column] = true;
  }

  function ordered(rows, state, columns, all) {
    var column = columns.indexOf(state.sort);
    if (column < 0) { return rows.slice().sort(newestFirst); }
    var sign = state.dir === "desc" ? -1 : 1;
    rank(all, column);
    return rows.slice().sort(function (a, b) {
      return sign * (a.ranks[column] - b.ranks[column]) || newestFirst(a, b);
    });
  }

  // -- drawing ------------------------------------------------------------------------------

  function attr(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function rowHtml(row) {
    var tokens = function (list) { return attr(list.map(function (v) { return v.replace(/ /g, "_"); }).join(" ")); };
    return "<tr data-status=\"" + attr(row.status) + "\" data-service=\"" + tokens(row.service) +
      "\" data-owner=\"" + attr(row.owner.replace(/ /g, "_")) + "\" data-tags=\"" + tokens(row.tags) + "\"" +
      (row.invalid ? " data-invalid=\"true\" class=\"opsbook-invalid-row\"" : "") + ">" +
      row.cells.map(function (cell) { return "<td>" + cell + "</td>"; }).join("") + "</tr>";
  }

  function option(select, value, label) {
    var choice = el("option", "", label);
    choice.value = value;
    select.appendChild(choice);
  }

  function distinct(rows, pick) {
    var seen = {};
    rows.forEach(function (row) { [].concat(pick(row)).forEach(function (v) { if (v) { seen[v] = true; } }); });
    return Object.keys(seen).sort(compare);
  }

  function control(label, input) {
    var wrap = el("label", "opsbook-filter");
    wrap.appendChild(document.createTextNode(label + " "));
    wrap.appendChild(input);
    return wrap;
  }

  function Index(table, data) {
    this.table = table;
    this.data = data;
    this.columns = data.columns;
    this.rows = data.rows;
    this.rows.forEach(function (row) {
      row.text = (row.id + " " + row.cells.map(sortKey).join(" ")).toLowerCase();
    });
    this.staticPage = parseInt(table.getAttribute("data-page"), 10) || 1;
    this.state = readState();
    if (!new URLSearchParams(location.search).get("page")) { this.state.page = this.staticPage; }
    this.linkBase = new URL(".", data.url).href;
    this.rebase = this.linkBase !== new URL(".", location.href).href;
  }

  Index.prototype.build = function (container) {
    var self = this, state = this.state, rows = this.rows;
    var open = el("button", "opsbook-filter-open", "Open only");
    open.type = "button";
    open.setAttribute("data-filter", "open");
    open.addEventListener("click", function () { state.open = state.open === "1" ? "" : "1"; self.change(); });
    container.appendChild(open);

    var status = el("select");
    status.multiple = true;
    status.setAttribute("data-filter", "status");
    option(status, "", "all");
    distinct(rows, function (r) { return r.status; }).forEach(function (v) { option(status, v, v.replace(/_/g, " ")); });
    status.size = Math.min(status.options.length, 5);
    status.title = "Ctrl-click (Cmd-click) to choose several";
    status.addEventListener("change", function () {
      var picked = [].filter.call(status.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      // "all" chosen anew clears the states chosen; a state chosen while "all" was on clears it.
      var allAnew = picked.indexOf("") >= 0 && state.status.length > 0;
      state.status = allAnew ? [] : picked.filter(Boolean);
      self.change();
    });
    container.appendChild(control("Status", status));

    var names = this.data.services || {};
    var choices = {
      service: distinct(rows, function (r) { return r.service; }),
      owner: distinct(rows, function (r) { return r.owner; }),
      assignee: distinct(rows, function (r) { return r.assignee; }),
      tag: distinct(rows, function (r) { return r.tags; }),
      priority: distinct(rows, function (r) { return r.priority; })
    };
    SELECTS.forEach(function (pair) {
      var key = pair[0];
      if (choices[key].length < 2 && !state[key]) { return; }
      var box = el("select");
      box.setAttribute("data-filter", key);
      option(box, "", "all");
      choices[key].forEach(function (v) { option(box, v, key === "service" && names[v] ? names[v] + " (" + v + ")" : v); });
      box.addEventListener("change", function () { state[key] = box.value; self.change(); });
      container.appendChild(control(pair[1], box));
    });

    if (rows.some(function (r) { return r.date; })) {
      ["from", "to"].forEach(function (key) {
        var day = el("input");
        day.type = "date";
        day.setAttribute("data-filter", key);
        day.addEventListener("change", function () { state[key] = day.value; self.change(); });
        container.appendChild(control(key === "from" ? "From" : "To", day));
      });
    }

    var text = el("input", "opsbook-filter-text");
    text.type = "search";
    text.placeholder = "Filter rows";
    text.setAttribute("data-filter", "q");
    text.addEventListener("input", function () { state.q = text.value.trim(); self.change(); });
    container.appendChild(text);

    var reset = el("button", "md-button opsbook-filter-reset", "Clear filters");
    reset.type = "button";
    reset.addEventListener("click", function () {
      KEYS.forEach(function (key) { state[key] = key === "status" ? [] : ""; });
      self.change();
    });
    container.appendChild(reset);
    this.count = container.appendChild(el("span", "opsbook-filter-count"));
    this.container = container;
    this.pager = el("nav", "opsbook-pager opsbook-index-pager");
    this.pager.setAttribute("aria-label", "Pages of the filtered rows");
    this.table.parentNode.insertBefore(this.pager, this.table.nextSibling);
    this.setupSorting();
  };

  Index.prototype.setupSorting = function () {
    var self = this;
    [].forEach.call(this.table.tHead.rows[0].cells, function (cell, index) {
      cell.classList.add("opsbook-sortable");
      cell.setAttribute("role", "button");
      cell.tabIndex = 0;
      function sort() {
        var same = self.state.sort === self.columns[index];
        self.state.sort = self.columns[index];
        self.state.dir = same && self.state.dir !== "desc" ? "desc" : "asc";
        self.change();
      }
      cell.addEventListener("click", sort);
      cell.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  };

  // Controls show the state (after reading the URL, or after "Clear filters").
  Index.prototype.showState = function () {
    var state = this.state;
    this.container.querySelectorAll("[data-filter]").forEach(function (input) {
      var key = input.getAttribute("data-filter");
      if (key === "open") {
        input.setAttribute("aria-pressed", state.open === "1" ? "true" : "false");
      } else if (key === "status") {
        [].forEach.call(input.options, function (o) {
          o.selected = o.value === "" ? state.status.length === 0 : state.status.indexOf(o.value) >= 0;
        });
      } else if (input.value !== state[key]) {
        input.value = state[key];
      }
    });
    var columns = this.columns;
    [].forEach.call(this.table.tHead.rows[0].cells, function (cell, index) {
      if (columns[index] === state.sort) {
        cell.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
      } else {
        cell.removeAttribute("aria-sort");
      }
    });
  };

  Index.prototype.change = function () {
    this.state.page = 1;
    this.draw();
  };

  Index.prototype.draw = function () {
    var self = this, state = this.state;
    var found = ordered(this.rows.filter(function (row) { return matches(row, state); }), state, this.columns, this.rows);
    var pages = Math.max(1, Math.ceil(found.length / ROWS_PER_PAGE));
    state.page = Math.min(state.page, pages);
    var start = (state.page - 1) * ROWS_PER_PAGE;
    var body = this.table.tBodies[0];
    body.innerHTML = found.slice(start, start + ROWS_PER_PAGE).map(rowHtml).join("");
    if (this.rebase) {
      body.querySelectorAll("a[href]").forEach(function (link) {
        link.href = new URL(link.getAttribute("href"), self.linkBase).href;
      });
    }
    this.count.textContent = found.length + " of " + this.rows.length + " shown";
    this.drawPager(pages, start, found.length);
    this.showState();
    writeState(state, this.staticPage);
  };

  // The columns' orders are worked out while the reader looks at the rows, one column per idle
  // moment, so that a click on a column heading only has to sort by numbers.
  Index.prototype.rankWhenIdle = function () {
    var rows = this.rows, later = window.requestIdleCallback || function (f) { return setTimeout(f, 50); };
    var columns = this.columns.map(function (_, index) { return index; });
    (function next() {
      if (!columns.length) { return; }
      later(function () { rank(rows, columns.shift()); next(); });
    })();
  };

  Index.prototype.drawPager = function (pages, start, total) {
    var self = this, pager = this.pager;
    pager.textContent = "";
    if (pages < 2) { return; }
    pager.appendChild(document.createTextNode("Page " + this.state.page + " of " + pages + " (rows " + (start + 1) +
      "–" + Math.min(total, start + ROWS_PER_PAGE) + " of " + total + "): "));
    [["Previous", this.state.page - 1], ["Next", this.state.page + 1]].forEach(function (pair) {
      var button = el("button", "md-button", pair[0]);
      button.type = "button";
      button.disabled = pair[1] < 1 || pair[1] > pages;
      button.setAttribute("data-page", String(pair[1]));
      button.addEventListener("click", function () { self.state.page = pair[1]; self.draw(); });
      pager.appendChild(button);
      pager.appendChild(document.createTextNode(" "));
    });
  };

  function setupIndex(table) {
    if (table.getAttribute("data-opsbook-busy")) { return; }
    table.setAttribute("data-opsbook-busy", "true");
    var url = new URL(table.getAttribute("data-opsbook-index"), location.href).href;
    fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("index data: HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (!table.isConnected) { return; }
      data.url = url;
      var index = new Index(table, data);
      var container = table.parentNode.querySelector("[data-opsbook-filters]") ||
        document.querySelector("[data-opsbook-filters]");
      index.build(container);
      // The static pagers link pages of the unfiltered list; the script's pager replaces them.
      document.querySelectorAll("nav.opsbook-pager:not(.opsbook-index-pager)").forEach(function (nav) { nav.hidden = true; });
      index.draw();
      table.setAttribute("data-opsbook-ready", "true");
      index.rankWhenIdle();
    }).catch(function (error) {
      table.removeAttribute("data-opsbook-busy");
      console.warn("opsbook: the index filters are off: " + error.message);
    });
  }

  function setup() {
    document.querySelectorAll("table[data-opsbook-index]").forEach(setupIndex);
  }

  window.opsbookOnEveryPage(setup);  // opsbook.js
})();
