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
    // Revalidated on every visit (a small file): it names the build's index, so the start
    // bundle and the shards' entry files can be cached under that name (Pagefind's
    // `metaCacheTag`) instead of being fetched anew on every page, as Pagefind does by default.
    var manifest = network(new URL("pagefind/opsbook-shards.json", root).href, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
    engine = Promise.all([import(new URL("pagefind/pagefind.js", root).href), manifest, manifest.then(loadStart)])
      .then(function (loaded) {
        var pagefind = loaded[0];
        var shards = loaded[1].shards || [];
        var options = { baseUrl: new URL(root).pathname };
        if (loaded[1].tag) { options.metaCacheTag = loaded[1].tag; }
        return pagefind.options(options).then(function () {
          return pagefind.init();
        }).then(function () {
          return Promise.all(shards.map(function (shard) {
            return pagefind.mergeIndex(new URL("pagefind/" + shard, root).pathname, options);
          }));
        }).then(function () {
          return { pagefind: pagefind, vocabulary: new Set(loaded[1].vocabulary || []) };
        });
      });
    engine.catch(function () { engine = null; });  // the next search tries again
  }

  // The start bundle (site/search_shards.py): what Pagefind reads before its first search, in
  // one file, so that the engine is ready as soon as that one file is here. Without it (a
  // failed fetch), Pagefind fetches each file itself.
  var bundle = {};  // a file's path under pagefind/ -> its bytes
  function loadStart(manifest) {
    if (!manifest.start || !manifest.tag) { return null; }
    return network(new URL("pagefind/opsbook-start.bin?ts=" + manifest.tag, root).href).then(function (response) {
      return response.ok ? response.arrayBuffer() : null;
    }).then(function (buffer) {
      if (!buffer) { return; }
      manifest.start.forEach(function (file) {
        if (file[1] + file[2] <= buffer.byteLength) { bundle[file[0]] = new Uint8Array(buffer, file[1], file[2]); }
      });
    }).catch(function () { /* Pagefind fetches the files itself */ });
  }

  // Pagefind reads its files with `fetch`; this worker answers for it: the start bundle's files
  // from memory, and every compressed file inflated by the browser's own gzip (Pagefind skips
  // its JavaScript inflater for data that comes inflated, which took a fifth of a first query).
  var network = self.fetch.bind(self);
  var folder = new URL("pagefind/", root).pathname;
  self.fetch = function (input, init) {
    var url = new URL(typeof input === "string" ? input : input.url, self.location.href);
    var path = url.pathname.indexOf(folder) === 0 ? url.pathname.slice(folder.length) : null;
    if (path === null || !/\.(json|pagefind|pf_meta|pf_index|pf_filter|pf_fragment)$/.test(path)) {
      return network(input, init);
    }
    var bytes = Object.prototype.hasOwnProperty.call(bundle, path) ? Promise.resolve(bundle[path])
      : network(input, init).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText + ": " + url.pathname); }
        return response.arrayBuffer();
      }).then(function (buffer) { return new Uint8Array(buffer); });
    return bytes.then(inflated).then(function (data) { return new Response(data); });
  };

  function inflated(bytes) {
    if (typeof DecompressionStream === "undefined" || bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return bytes; }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
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
