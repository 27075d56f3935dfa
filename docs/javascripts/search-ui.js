/*
 * What the 例句检索 page and the header box share: loading the search data, and drawing a hit.
 *
 * The data (written by the build) are plain scripts, loaded only when someone starts searching,
 * so that they also load from file://: first the tables, then for each query what its plan names
 * (the index files of its grams, the titles of the reports found, then the shards that can hold
 * it), two files at a time; each is searched as soon as it arrives (an "rkb:data" event tells the
 * page and the box to refresh). The 例句检索 page and the header box each search through a
 * `Searcher` of their own, which keeps its own latest query and the files it waits for, so that
 * one never drops what the other still needs. The data's names and the site's URL patterns come
 * from the page (<script id="__rkb-search">, written from scripts/reportkb/search.py and layout.py).
 * Report text is always inserted as text nodes, never as HTML.
 */
(function () {
  "use strict";

  var RkSearch = window.RkSearch;
  var CONTEXT = 36;  // characters of context before a match (twice that after)
  // What a browser without what a part of the site needs (DecompressionStream for 例句检索, module
  // workers for 写作自查) is told, in one line, instead of a wait that never ends.
  function tooOld(part) {
    return "这个浏览器版本太旧，用不了" + part + "：请换用新版的 Chrome、Edge 或 Firefox 打开。";
  }
  var config = JSON.parse(document.getElementById("__rkb-search").textContent);

  /* ---------------------------------------------------------------- site paths */

  var siteBase = (function () {
    var element = document.getElementById("__config");
    var base = element ? JSON.parse(element.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  })();

  function siteUrl(path) {
    return new URL(path, siteBase).href;
  }

  /* ---------------------------------------------------------------- data loading */

  var engine = null, tables = null, waiting = new Map();
  var searchers = [];  // every Searcher made, each with its latest query and the files it waits for

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.addEventListener("load", resolve);
      script.addEventListener("error", function () { reject(new Error("检索数据加载失败：" + src)); });
      document.head.appendChild(script);
    });
  }

  function arrived() {
    document.dispatchEvent(new CustomEvent("rkb:data"));
  }

  window[config.shardCallback] = function (packed) {
    RkSearch.unpack(packed).then(function (shard) { engine.addShard(shard); arrived(); }, report);
  };
  // An index file names the shards each searcher's latest query needs: they start loading at once,
  // not after the redraw the file brings.
  window[config.indexCallback] = function (part) {
    engine.addIndex(part);
    searchers.forEach(function (searcher) { if (searcher.latest) searcher.need(engine.plan(searcher.latest), []); });
    arrived();
  };
  window[config.titlesCallback] = function (part) { engine.addTitles(part); arrived(); };

  // Load the tables (once); resolves with the engine.
  function load() {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error(tooOld("例句检索")));
    if (!tables) {
      tables = addScript(siteUrl(config.data)).then(function () {
        engine = new RkSearch.Engine(window[config.global]);
        return engine;
      }, function (error) { tables = null; throw error; });
    }
    return tables;
  }

  var IN_FLIGHT = 2;  // data files loading at once: each is searched before the next ones crowd the main thread
  var started = new Set(), loading = 0, turn = 0;

  function dataUrl(pattern, key) {
    return siteUrl(pattern.replace("{key}", key));
  }

  // The next file some searcher waits for, taking the searchers in turn.
  function nextFile() {
    for (var i = 0; i < searchers.length; i++) {
      var searcher = searchers[(turn + i) % searchers.length];
      while (searcher.queue.length) {
        var src = searcher.queue.shift();
        if (!started.has(src)) {
          turn = (turn + i + 1) % searchers.length;
          return src;
        }
      }
    }
    return null;
  }

  function pump() {
    for (var src = loading < IN_FLIGHT ? nextFile() : null; src; src = loading < IN_FLIGHT ? nextFile() : null) {
      started.add(src);
      loading++;
      (function (file) {
        addScript(file).catch(function (error) { started.delete(file); report(error); }).then(function () { loading--; pump(); });
      })(src);
    }
  }

  // What searches for one consumer (the 例句检索 page, the header box): its latest query, and the
  // files that query still needs, which only its own next query replaces.
  function Searcher() {
    this.latest = null;
    this.queue = [];
    searchers.push(this);
  }

  // Load what a plan names (and the titles files given), in that order; files this searcher's
  // earlier query wanted and that have not started loading are dropped.
  Searcher.prototype.need = function (plan, titles) {
    var data = engine.data, format = data.format;
    this.queue = plan.files.map(function (n) { return dataUrl(format.index, data.indexFiles[n]); })
      .concat(titles.map(function (n) { return dataUrl(format.titles, data.titleFiles[n]); }))
      .concat(plan.missing.map(function (n) { return dataUrl(format.shard, data.shards[n]); }));
    pump();
  };

  // Search, and load what the query still needs.
  Searcher.prototype.search = function (query) {
    var result = engine.search(query);
    this.latest = result ? query : null;
    if (result) this.need(result.plan, result.plan.titles);
    return result;
  };

  function report(error) {
    document.dispatchEvent(new CustomEvent("rkb:error", { detail: error }));
  }

  // Call back with the engine once its tables are there. Calls for the same owner made
  // meanwhile are merged: only the last callback runs, once.
  function withEngine(owner, callback, onError) {
    if (engine) return callback(engine);
    var first = !waiting.has(owner);
    waiting.set(owner, callback);
    if (!first) return;
    load().then(function () {
      var last = waiting.get(owner);
      waiting.delete(owner);
      last(engine);
    }, function (error) {
      waiting.delete(owner);
      onError(error);
    });
  }

  /* ---------------------------------------------------------------- drawing */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // Nodes reused from one drawing to the next, by key: what is drawn again as data arrive stays the
  // same node, so that a click in progress, the focus or a hover is not lost under the pointer.
  function Reused() { this.nodes = new Map(); this.used = new Map(); }

  // The node for `key`: the one drawn last time, or a new one from make().
  Reused.prototype.node = function (key, make) {
    var node = this.used.get(key) || this.nodes.get(key) || make();
    this.used.set(key, node);
    return node;
  };

  // End a drawing: nodes not asked for this time are forgotten.
  Reused.prototype.done = function () {
    this.nodes = this.used;
    this.used = new Map();
  };

  // Make `children` the children of `parent`, in order, moving only the ones out of place.
  function place(parent, children) {
    children.forEach(function (child, i) {
      var at = parent.childNodes[i];
      if (at !== child) parent.insertBefore(child, at || null);
    });
    while (parent.childNodes.length > children.length) parent.removeChild(parent.lastChild);
  }

  // Keyword in context: left context, every match of every term highlighted, right context.
  function kwic(result, hit) {
    var snippet = engine.snippet(result, hit, CONTEXT);
    var out = el("span", { class: "rk-kwic" });
    if (snippet.before) out.appendChild(document.createTextNode("…"));
    snippet.parts.forEach(function (part) {
      out.appendChild(part.mark ? el("mark", { text: part.text }) : document.createTextNode(part.text));
    });
    if (snippet.after) out.appendChild(document.createTextNode("…"));
    return out;
  }

  // The role badge, the label and the keyword in context of a hit.
  function hitParts(result, hit, meta) {
    var role = engine.data.roles[meta.role];
    return [
      el("span", { class: "rk-hit__role rk-role-" + role[0], text: role[1] }),
      meta.label ? el("span", { class: "rk-hit__label", text: meta.label }) : null,
      kwic(result, hit)
    ];
  }

  // A report page's URL (anchor: a place on it, or nothing), from the site's pattern.
  function reportUrl(slug, anchor) {
    return siteUrl(config.pages.report.replace("{slug}", slug)) + (anchor ? "#" + anchor : "");
  }

  // 例句检索 for a query.
  function phrasesUrl(query) {
    return siteUrl(config.pages.phrases) + (query ? "?" + config.pages.query + "=" + encodeURIComponent(query) : "");
  }

  function hitLink(meta) {
    return reportUrl(meta.slug, meta.anchor);
  }

  function loadingNote(result) {
    return result.complete ? "" : "（检索数据加载中，结果陆续补全）";
  }

  RkSearch.ui = {
    engine: function () { return engine; },
    load: load,
    Searcher: Searcher,
    withEngine: withEngine,
    siteUrl: siteUrl,
    reportUrl: reportUrl,
    phrasesUrl: phrasesUrl,
    query: config.pages.query,
    el: el,
    Reused: Reused,
    place: place,
    hitParts: hitParts,
    hitLink: hitLink,
    loadingNote: loadingNote,
    tooOld: tooOld
  };
})();
