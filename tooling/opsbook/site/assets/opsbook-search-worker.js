// opsbook search engine, in a worker (started by opsbook-search.js): Pagefind's JS API over the
// index's shards (site/search_shards.py), merged with Pagefind's own `mergeIndex`. In a worker,
// fetching, unpacking and searching the index never hold up the page (its scripts run on the
// page's thread while the index loads), and only what a list shows crosses back to the page:
// the first results' data, the count and the facets' counts (Pagefind's own worker sends every
// result back, which for a word on most pages cost more than the search).
(function () {
  "use strict";

  var ID = /^[A-Za-z][A-Za-z0-9]*-\d+$/;
  var root = new URL("../../", self.location.href).href;  // assets/opsbook/ -> the site
  var engine = null;
  var facetsLoaded = null;
  var facetsReady = false;
  var last = null;  // { ticket, results, shown: {url: true} } of the latest list
  var asked = 0;  // the ticket of the latest search asked for

  function ready() {
    if (!engine) { start(); }
    return engine;
  }

  function start() {
    // Revalidated on every visit (a small file): it names the build's index, so the shards'
    // entry files can be cached under that name (Pagefind's `metaCacheTag`) instead of being
    // fetched anew on every page, as Pagefind does by default.
    var manifest = fetch(new URL("pagefind/opsbook-shards.json", root).href, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
    manifest.then(prefetch);
    engine = Promise.all([import(new URL("pagefind/pagefind.js", root).href), manifest]).then(function (loaded) {
      var pagefind = loaded[0];
      var shards = loaded[1].shards || [];
      var base = new URL(root).pathname;
      var options = { baseUrl: base };
      if (loaded[1].tag) { options.metaCacheTag = loaded[1].tag; }
      return pagefind.options(options).then(function () {
        return pagefind.init();
      }).then(function () {
        // All at once: each waits only for the engine, then loads its own entry and metadata.
        return Promise.all(shards.map(function (shard) {
          return pagefind.mergeIndex(new URL("pagefind/" + shard, root).pathname, options);
        }));
      }).then(function () {
        return { pagefind: pagefind, vocabulary: new Set(loaded[1].vocabulary || []) };
      });
    });
    engine.catch(function () { engine = null; });  // the next search tries again
  }

  // Pagefind loads a merged shard's entry file and then its metadata only once its engine is
  // ready, one stage after another; fetched here all at once, as soon as the manifest names
  // them (under the build's tag, the very addresses Pagefind asks for), they are in the
  // browser's cache by then. Each shard's largest language, as Pagefind picks in a worker.
  function prefetch(manifest) {
    if (!manifest.tag) { return; }
    ["pagefind/"].concat((manifest.shards || []).map(function (shard) { return "pagefind/" + shard; }))
      .forEach(function (folder) {
        fetch(new URL(folder + "pagefind-entry.json?ts=" + manifest.tag, root).href).then(function (response) {
          return response.json();
        }).then(function (entry) {
          var languages = Object.keys(entry.languages || {}).map(function (code) { return entry.languages[code]; });
          languages.sort(function (a, b) { return b.page_count - a.page_count; });
          if (languages.length) { fetch(new URL(folder + "pagefind." + languages[0].hash + ".pf_meta", root).href); }
        }).catch(function () { /* Pagefind asks again, and reports what fails */ });
      });
  }

  // A result as the list shows it: nothing else is copied to the page.
  function shown(data) {
    var meta = data.meta || {};
    return { url: data.url, excerpt: data.excerpt || "",
             meta: { id: meta.id || "", title: meta.title || "", kind: meta.kind || "", status: meta.status || "" } };
  }

  // An exact ID's record first, wherever the ranking put it among the loaded results.
  function exactFirst(data, query) {
    if (!ID.test(query)) { return data; }
    var wanted = query.toUpperCase();
    var isIt = function (d) { return d.meta && d.meta.id === wanted; };
    return data.filter(isIt).concat(data.filter(function (d) { return !isIt(d); }));
  }

  function search(message) {
    return ready().then(function (e) {
      var counted = facetsReady;  // whether this search's facet counts will be whole
      return e.pagefind.search(message.query || null, { filters: message.filters }).then(function (found) {
        // Each shard's vocabulary page (search_vocabulary.py) matches every word: never a result.
        var results = found.results.filter(function (r) { return !e.vocabulary.has(r.id); });
        var head = results.slice(0, ID.test(message.query) ? message.page * 2 : message.page);
        return Promise.all(head.map(function (r) { return r.data(); })).then(function (data) {
          data = exactFirst(data, message.query).slice(0, message.page);
          last = { ticket: message.ticket, results: results, shown: {} };
          data.forEach(function (d) { last.shown[d.url] = true; });
          self.postMessage({ type: "results", ticket: message.ticket, query: message.query, total: results.length,
                             facets: found.filters, data: data.map(shown) });
          if (!counted) { countLater(e, message); }
        });
      });
    });
  }

  // The facets' counts come with results once the kind and status filters are loaded. They
  // load after the first list is on screen (not before: the first list would wait for them),
  // and a list shown without them then gets its counts, unless a newer search was asked for.
  function countLater(e, message) {
    if (!facetsLoaded) {
      facetsLoaded = e.pagefind.filters().then(function () { facetsReady = true; });
      facetsLoaded.catch(function () { facetsLoaded = null; });
    }
    facetsLoaded.then(function () {
      if (message.ticket !== asked) { return; }
      return e.pagefind.search(message.query || null, { filters: message.filters }).then(function (found) {
        self.postMessage({ type: "facets", ticket: message.ticket, facets: found.filters });
      });
    });
  }

  function more(message) {
    var current = last;
    if (!current || current.ticket !== message.ticket) { return Promise.resolve(); }
    var next = current.results.slice(0, Object.keys(current.shown).length + message.page * 2);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      var added = data.filter(function (d) { return !current.shown[d.url]; }).slice(0, message.page);
      added.forEach(function (d) { current.shown[d.url] = true; });
      self.postMessage({ type: "more", ticket: message.ticket, data: added.map(shown) });
    });
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    var done;
    if (message.type === "start") {
      done = ready();
    } else if (message.type === "preload") {
      // As the reader types, before the search box's pause: the word's index chunks load.
      done = ready().then(function (e) { return e.pagefind.preload(message.query, { filters: message.filters }); });
    } else if (message.type === "search") {
      asked = message.ticket;
      done = search(message);
    } else if (message.type === "more") {
      done = more(message);
    }
    Promise.resolve(done).catch(function (error) {
      self.postMessage({ type: "error", ticket: message.ticket, message: String(error && error.message || error) });
    });
  });
})();
