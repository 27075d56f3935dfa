/*
 * What the 例句检索 page and the header box share: loading the search data, and drawing a hit.
 *
 * The data (written by the build) are plain scripts, loaded only when someone starts searching,
 * so that they also load from file://: first the tables, then for each query what it needs, in
 * this order: the index files and postings of its grams (which give every hit and the counts),
 * the shards of the hits to show and their reports' titles, the shards that confirm one-character
 * terms (in reading order), the titles of every report found; two files at a time. Each is used as
 * soon as it arrives (an "rkb:data" event tells the page and the box to refresh). The 例句检索
 * page and the header box each search through a `Searcher` of their own, which keeps its own
 * latest query and the files it waits for, so that one never drops what the other still needs. The data's names and the site's URL patterns come
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

  // A file has been added: each searcher's latest query may now need other files, which start
  // loading at once (not after the redraw the file brings); then the page and the box redraw.
  function added() {
    searchers.forEach(function (searcher) { if (searcher.latest) searcher.search(searcher.latest, searcher.shown, searcher.keep); });
    arrived();
  }

  window[config.shardCallback] = function (key, packed) {
    RkSearch.unpackJson(packed).then(function (shard) { engine.addShard(key, shard); added(); }, report);
  };
  window[config.indexCallback] = function (part) {
    RkSearch.unpack(part.postings).then(function (bytes) { engine.addIndex(part, bytes); added(); }, report);
  };
  window[config.postingsCallback] = function (key, packed) {
    RkSearch.unpack(packed).then(function (bytes) { engine.addPostings(key, bytes); added(); }, report);
  };
  window[config.titlesCallback] = function (part) { engine.addTitles(part); added(); };

  // Load the tables (once); resolves with the engine.
  function load() {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error(tooOld("例句检索")));
    if (!tables) {
      tables = addScript(siteUrl(config.data)).then(function () {
        return RkSearch.Engine.open(window[config.global]);
      }).then(function (opened) {
        engine = opened;
        return engine;
      }, function (error) { tables = null; throw error; });
    }
    return tables;
  }

  var IN_FLIGHT = 6;  // data files loading at once (small files: the shards of a screen arrive together, yet one at a time on the main thread)
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

  // What searches for one consumer (the 例句检索 page, the header box): its latest query and how
  // many hits it shows, and the files that query still needs, which only its own next query replaces.
  function Searcher() {
    this.latest = null;
    this.shown = 0;
    this.keep = null;
    this.queue = [];
    searchers.push(this);
  }

  var AHEAD = 400;  // candidates of a one-character term whose shards are asked for at a time, in reading order

  // Search, showing the first `shown` hits (of those `keep` gives of the result: the filters'), and
  // load what the query still needs.
  Searcher.prototype.search = function (query, shown, keep) {
    var result = engine.search(query);
    this.latest = result ? query : null;
    this.shown = shown;
    this.keep = keep || null;
    if (result) this.need(result, (this.keep ? this.keep(result) : result.hits).slice(0, shown));
    return result;
  };

  // Load what a result still needs, in order: the index and postings files of its grams, the shards
  // and titles of the hits `shown`, the shards of the candidates still to confirm, every title found.
  // Files this searcher's earlier query wanted and that have not started loading are dropped.
  Searcher.prototype.need = function (result, shown) {
    var data = engine.data, format = data.format;
    var first = shown.map(function (h) { return h.id; });
    var reports = function (ids) {
      return unique(ids.map(function (id) { return engine.titlesFileOf(engine.report(id)); })).filter(function (n) {
        return engine.titles[n * format.titlesPerFile] === undefined;
      });
    };
    var titles = function (n) { return dataUrl(format.titles, data.titleFiles[n]); };
    var shard = function (n) { return dataUrl(format.shard, data.shards[n]); };
    this.queue = result.plan.files.map(function (n) { return dataUrl(format.index, data.indexFiles[n]); })
      .concat(result.plan.postings.map(function (key) { return dataUrl(format.postings, key); }))
      .concat(engine.shardsOf(first).map(shard), reports(first).map(titles))
      .concat(engine.shardsOf(result.pending.slice(0, AHEAD)).map(shard))
      .concat(reports(result.hits.map(function (h) { return h.id; })).map(titles));
    pump();
  };

  function unique(values) {
    return Array.from(new Set(values));
  }

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

  // The role badge, the label and the keyword in context of a hit; for a passage other reports
  // (the same report from other sources) share, how many.
  function hitParts(result, hit, meta) {
    var role = engine.data.roles[meta.role], also = engine.alsoIn.get(hit.id);
    return [
      el("span", { class: "rk-hit__role rk-role-" + role[0], text: role[1] }),
      meta.label ? el("span", { class: "rk-hit__label", text: meta.label }) : null,
      kwic(result, hit),
      also ? el("span", { class: "rk-hit__also", title: "同一篇材料的其他来源中也有这一段", text: "另见 " + also + " 篇" }) : null
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

  // What the count does not yet say: the data still loading, or how far a one-character term is confirmed.
  function loadingNote(result) {
    if (result.complete) return "";
    if (result.plan.files.length || result.plan.postings.length) return "（检索数据加载中…）";
    return "（已检索 " + Math.floor(100 * result.checked) + "%…）";
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
