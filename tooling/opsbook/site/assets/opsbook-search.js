// opsbook search: Material's header search box and result list (its markup and classes, so the
// theme styles it, light and dark, desktop and phone), answered by Pagefind's JS API on the index
// the plugin builds (site/search.py), in a worker (opsbook-search-worker.js). Pagefind loads only
// the index fragments a query needs. Results show ID, kind, title and status; an exact ID goes
// first; kind and status are facets.
(function () {
  "use strict";

  var ROOT = new URL("../../", document.currentScript.src);  // assets/opsbook/ -> the site
  var PAGE = 10;  // results whose fragments load at a time
  var ICONS = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"
  };
  var worker = null;
  var chosen = { kind: {}, status: {} };
  var latest = 0;
  var shown = null;  // { ticket, data, total, facets, query } of the list on screen
  var box = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  // The engine runs in a worker (opsbook-search-worker.js), which the page's head started (see
  // site/search.py): the index loads beside the page's own scripts, and a search never blocks
  // the page. One worker per page load; instant navigation keeps it.
  function engine() {
    if (!worker) {
      worker = window.opsbookSearchWorker || null;
      if (!worker) {
        worker = new Worker(new URL("assets/opsbook/opsbook-search-worker.js", ROOT).href);
        worker.postMessage({ type: "start" });
      }
      worker.addEventListener("message", answered);
    }
    return worker;
  }

  function answered(event) {
    var message = event.data;
    if (message.ticket !== latest || !box) { return; }
    if (message.type === "results") {
      shown = { ticket: message.ticket, data: message.data, total: message.total, facets: message.facets,
                query: message.query };
    } else if (message.type === "facets" && shown && shown.ticket === message.ticket) {
      shown.facets = message.facets;
      renderFacets(box, shown);  // the list stays as it is
      return;
    } else if (message.type === "more" && shown && shown.ticket === message.ticket) {
      shown.data = shown.data.concat(message.data);
    } else if (message.type === "error") {
      box.querySelector(".md-search-result__meta").textContent = "Search is not available: " + message.message;
      return;
    } else {
      return;
    }
    render(box, shown);
  }

  function markup() {
    var button = el("label", "md-header__button md-icon opsbook-search-button");
    button.htmlFor = "__search";
    button.title = "Search";
    button.appendChild(icon("magnify"));
    var box = el("div", "md-search opsbook-search");
    box.setAttribute("role", "dialog");
    box.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search">' +
      '<form class="md-search__form" name="search">' +
      '<input type="text" class="md-search__input" name="query" aria-label="Search" placeholder="Search"' +
      ' autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" required>' +
      '<label class="md-search__icon md-icon" for="__search"></label>' +
      '<nav class="md-search__options" aria-label="Search"><button type="reset" class="md-search__icon md-icon"' +
      ' title="Clear" aria-label="Clear" tabindex="-1"></button></nav></form>' +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
      '<div class="md-search-result"><div class="md-search-result__meta">Type to search records and articles</div>' +
      '<div class="opsbook-search-facets"></div>' +
      '<ol class="md-search-result__list" role="presentation"></ol></div></div></div></div>';
    box.querySelector(".md-search__form > label").appendChild(icon("magnify"));
    box.querySelector(".md-search__form > label").appendChild(icon("back"));
    box.querySelector("button[type=reset]").appendChild(icon("close"));
    return [button, box];
  }

  // Pagefind's excerpt marks the words found; everything else in it is shown as text only.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = el("p");
    template.content.childNodes.forEach(function (node) {
      out.appendChild(node.nodeName === "MARK" ? el("mark", "", node.textContent)
        : document.createTextNode(node.textContent));
    });
    return out;
  }

  function item(data) {
    var meta = data.meta || {};
    var li = el("li", "md-search-result__item");
    var link = el("a", "md-search-result__link");
    link.href = data.url;
    link.setAttribute("data-id", meta.id || "");
    var article = el("article", "md-search-result__article md-typeset");
    var heading = el("h1");
    heading.appendChild(el("span", "opsbook-id", meta.id || ""));
    heading.appendChild(document.createTextNode(" " + (meta.title || "")));
    var facts = el("p", "opsbook-search-facts");
    facts.appendChild(el("span", "opsbook-search-kind", meta.kind || ""));
    if (meta.status) {
      var token = meta.status.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
      facts.appendChild(document.createTextNode(" "));
      facts.appendChild(el("span", "opsbook-badge opsbook-status-" + token, meta.status));
    }
    article.appendChild(heading);
    article.appendChild(facts);
    article.appendChild(excerpt(data.excerpt || ""));
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function facetRow(box, name, label, counts) {
    var values = Object.keys(counts || {}).filter(function (v) { return counts[v] || chosen[name][v]; }).sort();
    if (!values.length) { return; }
    var row = el("div", "opsbook-search-facet");
    row.appendChild(el("span", "opsbook-search-facet-label", label + ":"));
    values.forEach(function (value) {
      var chip = el("button", "opsbook-search-chip", value + " (" + counts[value] + ")");
      chip.type = "button";
      chip.setAttribute("data-facet", name);
      chip.setAttribute("data-value", value);
      chip.setAttribute("aria-pressed", chosen[name][value] ? "true" : "false");
      chip.addEventListener("click", function () {
        if (chosen[name][value]) { delete chosen[name][value]; } else { chosen[name][value] = true; }
        search(box);
      });
      row.appendChild(chip);
    });
    box.querySelector(".opsbook-search-facets").appendChild(row);
  }

  function filters() {
    var wanted = {};
    ["kind", "status"].forEach(function (name) {
      var values = Object.keys(chosen[name]);
      if (values.length) { wanted[name] = { any: values }; }
    });
    return wanted;
  }

  function chosenAny() {
    return Object.keys(chosen.kind).length + Object.keys(chosen.status).length > 0;
  }

  function renderFacets(box, list) {
    box.querySelector(".opsbook-search-facets").textContent = "";
    facetRow(box, "kind", "Kind", (list.facets || {}).kind);
    facetRow(box, "status", "Status", (list.facets || {}).status);
  }

  function render(box, list) {
    var meta = box.querySelector(".md-search-result__meta");
    var items = box.querySelector(".md-search-result__list");
    var total = list.total;
    meta.textContent = total === 0 ? "No matching records or articles"
      : total === 1 ? "1 matching record or article" : total + " matching records and articles";
    renderFacets(box, list);
    items.textContent = "";
    items.setAttribute("data-query", list.query);  // what the list answers (for tests and scripts)
    list.data.forEach(function (d) { items.appendChild(item(d)); });
    if (list.data.length < total) {
      var more = el("button", "md-button opsbook-search-more", "Show more results");
      more.type = "button";
      more.addEventListener("click", function () {
        engine().postMessage({ type: "more", ticket: list.ticket, page: PAGE });
      });
      items.appendChild(el("li", "md-search-result__item")).appendChild(more);
    }
  }

  function search(box) {
    var query = box.querySelector(".md-search__input").value.trim();
    var ticket = ++latest;
    if (!query && !chosenAny()) {
      box.querySelector(".md-search-result__meta").textContent = "Type to search records and articles";
      box.querySelector(".md-search-result__list").textContent = "";
      box.querySelector(".md-search-result__list").removeAttribute("data-query");
      box.querySelector(".opsbook-search-facets").textContent = "";
      return;
    }
    engine().postMessage({ type: "search", ticket: ticket, query: query, filters: filters(), page: PAGE });
  }

  function setup() {
    var inner = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!inner || !toggle || inner.querySelector(".opsbook-search")) { return; }
    var parts = markup();
    var before = inner.querySelector(".md-header__source");
    parts.forEach(function (part) { inner.insertBefore(part, before); });
    box = parts[1];
    var input = box.querySelector(".md-search__input");
    var timer = null;
    toggle.addEventListener("change", function () {
      if (toggle.checked) { setTimeout(function () { input.focus(); }, 0); }
    });
    input.addEventListener("focus", function () { toggle.checked = true; });
    input.addEventListener("input", function () {
      // The word's index chunks load at once; the search waits for a pause in the typing.
      var query = input.value.trim();
      if (query) { engine().postMessage({ type: "preload", query: query, filters: filters() }); }
      clearTimeout(timer);
      timer = setTimeout(function () { search(box); }, 60);
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = box.querySelector(".md-search-result__link");
      if (first) { first.click(); }
    });
    box.querySelector("form").addEventListener("reset", function () {
      setTimeout(function () { search(box); }, 0);
    });
    box.querySelector(".md-search-result__list").addEventListener("click", function (event) {
      if (event.target.closest("a")) { toggle.checked = false; }
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target.tagName || "")) || event.target.isContentEditable;
      if (event.key === "Escape" && toggle.checked) {
        toggle.checked = false;
        input.blur();
      } else if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        toggle.checked = true;
        input.focus();
      }
    });
  }

  // The engine (Pagefind's script, its WebAssembly module and each shard's table of contents,
  // about 200 KB, cached after the first visit) loads in its worker while the page's own scripts
  // set the page up, so that a reader who types at once does not wait for it.
  engine();
  window.opsbookOnEveryPage(setup);  // opsbook.js
})();
