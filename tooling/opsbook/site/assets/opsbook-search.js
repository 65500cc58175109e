// opsbook search: Material's header search box and result list (its markup and classes, so the
// theme styles it, light and dark, desktop and phone), driven by Pagefind's JS API on the index
// the plugin builds (site/search.py). Pagefind loads only the index fragments a query needs.
// Results show ID, kind, title and status; an exact ID goes first; kind and status are facets.
(function () {
  "use strict";

  var ROOT = new URL("../../", document.currentScript.src);  // assets/opsbook/ -> the site
  var ID = /^[A-Za-z][A-Za-z0-9]*-\d+$/;
  var PAGE = 10;  // results whose fragments load at a time
  var ICONS = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"
  };
  var engine = null;
  var chosen = { kind: {}, status: {} };
  var latest = 0;
  var shown = null;  // { search, data, query } of the list on screen

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

  // The index comes in shards (site/search_shards.py): the first is Pagefind's own folder, the
  // others are merged into it, so one engine searches them all and merges their results.
  function load() {
    if (!engine) {
      var shards = fetch(new URL("pagefind/opsbook-shards.json", ROOT).href).then(function (response) {
        return response.ok ? response.json() : { shards: [] };
      }).catch(function () { return { shards: [] }; });
      engine = Promise.all([import(new URL("pagefind/pagefind.js", ROOT).href), shards]).then(function (loaded) {
        var pagefind = loaded[0];
        // On the page's own thread: Pagefind's worker copies every result back to the page,
        // which for a word on most pages cost more than the search itself.
        return pagefind.options({ baseUrl: ROOT.pathname, noWorker: true }).then(function () {
          return pagefind.init();
        }).then(function () {
          return Promise.all(loaded[1].shards.map(function (shard) {
            return pagefind.mergeIndex(new URL("pagefind/" + shard, ROOT).pathname, { baseUrl: ROOT.pathname });
          }));
        }).then(function () {
          // The facets' counts come with results only once the filters are loaded.
          return pagefind.filters();
        }).then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
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
    // Each shard's vocabulary page (every word of the index) is never a result.
    var wanted = { not: { "opsbook-vocabulary": "yes" } };
    ["kind", "status"].forEach(function (name) {
      var values = Object.keys(chosen[name]);
      if (values.length) { wanted[name] = { any: values }; }
    });
    return wanted;
  }

  function chosenAny() {
    return Object.keys(chosen.kind).length + Object.keys(chosen.status).length > 0;
  }

  function render(box, found, data, query) {
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var total = found.results.length;
    meta.textContent = total === 0 ? "No matching records or articles"
      : total === 1 ? "1 matching record or article" : total + " matching records and articles";
    box.querySelector(".opsbook-search-facets").textContent = "";
    facetRow(box, "kind", "Kind", found.filters.kind);
    facetRow(box, "status", "Status", found.filters.status);
    list.textContent = "";
    list.setAttribute("data-query", query);  // what the list answers (for tests and scripts)
    data.forEach(function (d) { list.appendChild(item(d)); });
    if (data.length < total) {
      var more = el("button", "md-button opsbook-search-more", "Show more results");
      more.type = "button";
      more.addEventListener("click", function () { showMore(box, query); });
      list.appendChild(el("li", "md-search-result__item")).appendChild(more);
    }
  }

  // An exact ID's record first, wherever the ranking put it among the loaded results.
  function exactFirst(data, query) {
    if (!ID.test(query)) { return data; }
    var wanted = query.toUpperCase();
    var exact = data.filter(function (d) { return d.meta && d.meta.id === wanted; });
    return exact.concat(data.filter(function (d) { return !(d.meta && d.meta.id === wanted); }));
  }

  function search(box) {
    var query = box.querySelector(".md-search__input").value.trim();
    var ticket = ++latest;
    var wanted = filters();
    if (!query && !chosenAny()) {
      box.querySelector(".md-search-result__meta").textContent = "Type to search records and articles";
      box.querySelector(".md-search-result__list").textContent = "";
      box.querySelector(".md-search-result__list").removeAttribute("data-query");
      box.querySelector(".opsbook-search-facets").textContent = "";
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      return pagefind.search(query || null, { filters: wanted });
    }).then(function (found) {
      if (ticket !== latest || !found) { return; }
      var head = found.results.slice(0, ID.test(query) ? PAGE * 2 : PAGE);
      return Promise.all(head.map(function (r) { return r.data(); })).then(function (data) {
        if (ticket !== latest) { return; }
        data = exactFirst(data, query).slice(0, PAGE);
        shown = { found: found, data: data, query: query };
        render(box, found, data, query);
      });
    });
  }

  function showMore(box, query) {
    if (!shown || shown.query !== query) { return; }
    var ids = {};
    shown.data.forEach(function (d) { ids[d.url] = true; });
    var next = shown.found.results.slice(0, shown.data.length + PAGE * 2);
    Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      var added = data.filter(function (d) { return !ids[d.url]; }).slice(0, PAGE);
      shown.data = shown.data.concat(added);
      render(box, shown.found, shown.data, query);
    });
  }

  function setup() {
    var inner = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!inner || !toggle || inner.querySelector(".opsbook-search")) { return; }
    var parts = markup();
    var before = inner.querySelector(".md-header__source");
    parts.forEach(function (part) { inner.insertBefore(part, before); });
    var box = parts[1];
    var input = box.querySelector(".md-search__input");
    var timer = null;
    // The engine (a small WebAssembly module and the index's table of contents, cached after
    // the first visit) loads while the page is idle, so the first query does not wait for it.
    (window.requestIdleCallback || setTimeout)(function () { load(); });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { load(); setTimeout(function () { input.focus(); }, 0); }
    });
    input.addEventListener("focus", function () { load(); toggle.checked = true; });
    input.addEventListener("input", function () {
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
        load();
        input.focus();
      }
    });
  }

  window.opsbookOnEveryPage(setup);  // opsbook.js
})();
