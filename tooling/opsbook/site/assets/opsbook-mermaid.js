// Mermaid only where a page has a diagram. Material draws diagrams with the global `mermaid`,
// and fetches it from a CDN when there is none; the site's own copy (mermaid.min.js, 2.7 MB,
// about a second of a page load to parse) is therefore not loaded on every page: this small
// stand-in takes Material's settings and loads the copy on the first diagram to draw.
(function () {
  "use strict";

  if (typeof window.mermaid !== "undefined") { return; }
  var source = new URL("mermaid.min.js", document.currentScript.src).href;
  var settings = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source;
        script.onload = function () { resolve(window.mermaid); };
        script.onerror = function () { loading = null; reject(new Error("could not load " + source)); };
        document.head.appendChild(script);
      }).then(function (mermaid) {
        if (settings) { mermaid.initialize(settings); }
        return mermaid;
      });
    }
    return loading;
  }

  // What Material calls: initialize once, then render for each diagram (once loaded, the real
  // Mermaid replaces this object and Material's later calls go to it directly).
  window.mermaid = {
    initialize: function (config) { settings = config; },
    render: function (id, text) {
      return load().then(function (mermaid) { return mermaid.render(id, text); });
    }
  };
})();
