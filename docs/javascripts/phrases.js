/*
 * 例句检索: exact-phrase search over every passage of every report.
 *
 * One engine drives the 例句检索 page and the header search box. The data
 * (reports/search-data.js, written by the build) is a plain script, loaded only when someone
 * starts searching, so that it also works from file://. Report text is always inserted as
 * text nodes, never as HTML.
 */
(function () {
  "use strict";

  var SEPARATOR = "\u0001";
  var PAGE_SIZE = 50;      // hits rendered at first on the page, and per "显示更多"
  var HEADER_HITS = 8;     // hits shown in the header box
  var CONTEXT = 36;        // characters of context on each side of a match
  var FILTER_DELAY = 150;  // ms after the last keystroke before the filter lists are rebuilt

  /* ---------------------------------------------------------------- site paths */

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function siteUrl(path) {
    return new URL(path, siteBase()).href;
  }

  /* ---------------------------------------------------------------- data loading */

  // The data comes as scripts: reports/search-data.js with the tables, then shards of passages
  // (search-data-N.js), loaded in parallel. Each shard is searched as soon as it arrives; an
  // "rkb:data" event tells the page and the header box to refresh their results.
  var engine = null, loading = null;

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("检索数据加载失败：" + src)); };
      document.head.appendChild(script);
    });
  }

  window.__rkbSearchShard = function (shard) {
    engine.addShard(shard);
    document.dispatchEvent(new CustomEvent("rkb:data"));
  };

  function loadData() {
    if (!loading) {
      loading = addScript(siteUrl("reports/search-data.js")).then(function () {
        engine = new Engine(window.__rkbSearch);
        // Two shards in flight at a time: each is parsed and searched before the next ones
        // crowd the main thread, so the first results show early.
        var next = 1;
        function chain() {
          if (next > engine.data.shards) return Promise.resolve();
          return addScript(siteUrl("reports/search-data-" + next++ + ".js")).then(chain);
        }
        return Promise.all([chain(), chain()]);
      }).then(function () { return engine; }, function (error) { loading = null; throw error; });
    }
    return loading;
  }

  // Start loading (if not yet) and call back with the engine once its tables are there.
  function withEngine(callback, onError) {
    if (engine) return callback(engine);
    loadData().catch(onError);
    var wait = function () { document.removeEventListener("rkb:data", wait); callback(engine); };
    document.addEventListener("rkb:data", wait);
  }

  /* ---------------------------------------------------------------- engine */

  var SHARD_BITS = 20;  // a passage id is shard << SHARD_BITS | position in the shard

  function escapeRegExp(c) {
    return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
  }

  function Engine(data) {
    this.data = data;
    this.shards = [];
    this.loaded = 0;
    // Characters that fold to the same form are matched by one character class.
    var classes = {};
    Object.keys(data.fold).forEach(function (c) {
      var f = data.fold[c];
      (classes[f] = classes[f] || [f]).push(c);
    });
    this.fold = data.fold;
    this.classes = classes;
    this.roleIndex = {};
    data.roles.forEach(function (r, i) { this.roleIndex[r[0]] = i; }, this);
    this.reportIndex = {};
    data.reports.forEach(function (r, i) { this.reportIndex[r[0]] = i; }, this);
  }

  Engine.prototype.complete = function () {
    return this.loaded === this.data.shards;
  };

  Engine.prototype.addShard = function (shard) {
    var text = shard.text, starts = [0], n = shard.passages.length / 4;
    for (var i = text.indexOf(SEPARATOR); i !== -1; i = text.indexOf(SEPARATOR, i + 1)) starts.push(i + 1);
    var report = new Int32Array(n), role = new Int32Array(n);
    for (var k = 0; k < n; k++) { report[k] = shard.passages[4 * k]; role[k] = shard.passages[4 * k + 1]; }
    this.shards[shard.index] = { text: text, starts: starts, count: n, passages: shard.passages, report: report, role: role };
    this.loaded++;
  };

  Engine.prototype.pattern = function (term) {
    var self = this;
    return Array.from(term).map(function (c) {
      var f = Object.prototype.hasOwnProperty.call(self.fold, c) ? self.fold[c] : c;
      var cls = self.classes[f];
      return cls ? "[" + cls.map(escapeRegExp).join("") + "]" : escapeRegExp(c);
    }).join("");
  };

  function passageAt(shard, offset) {
    var lo = 0, hi = shard.count - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shard.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  Engine.prototype.shardOf = function (id) { return this.shards[id >> SHARD_BITS]; };

  Engine.prototype.passageText = function (id) {
    var shard = this.shardOf(id), k = id & ((1 << SHARD_BITS) - 1);
    var end = k + 1 < shard.count ? shard.starts[k + 1] - 1 : shard.text.length;
    return shard.text.slice(shard.starts[k], end);
  };

  Engine.prototype.report = function (id) { return this.shardOf(id).report[id & ((1 << SHARD_BITS) - 1)]; };
  Engine.prototype.role = function (id) { return this.shardOf(id).role[id & ((1 << SHARD_BITS) - 1)]; };

  Engine.prototype.meta = function (id) {
    var shard = this.shardOf(id), k = 4 * (id & ((1 << SHARD_BITS) - 1)), report = this.data.reports[shard.passages[k]];
    return {
      report: shard.passages[k], role: shard.passages[k + 1], label: this.data.labels[shard.passages[k + 2]],
      anchor: shard.passages[k + 3], slug: report[0], title: report[1]
    };
  };

  // Passages containing every term, in corpus order: {terms, regexes, hits: [{id, at}]}, where
  // `at` is the offset in the passage of the first match of the first term.
  Engine.prototype.search = function (query) {
    var terms = query.split(/\s+/).filter(Boolean);
    if (!terms.length) return null;
    var regexes = terms.map(function (t) { return new RegExp(this.pattern(t), "g"); }, this);
    var hits = [];
    for (var s = 0; s < this.shards.length; s++) {
      var shard = this.shards[s];
      if (!shard) continue;
      // Scanning moves forward and skips to the next passage after a match, so the passages of
      // each term come in order; later terms keep only the passages every earlier term had.
      var found = null;
      for (var t = 0; t < regexes.length; t++) {
        var re = regexes[t], here = new Map(), m;
        re.lastIndex = 0;
        while ((m = re.exec(shard.text))) {
          var k = passageAt(shard, m.index);
          if (!found) here.set(k, m.index - shard.starts[k]);
          else if (found.has(k)) here.set(k, found.get(k));
          re.lastIndex = k + 1 < shard.count ? shard.starts[k + 1] : shard.text.length;
        }
        found = here;
      }
      var base = s << SHARD_BITS;
      found.forEach(function (at, k) { hits.push({ id: base | k, at: at }); });
    }
    return { terms: terms, regexes: regexes, hits: hits };
  };

  // Is every term in the passage exactly as typed (not only in another width or case)?
  Engine.prototype.exact = function (result, id) {
    var text = this.passageText(id);
    return result.terms.every(function (t) { return text.indexOf(t) !== -1; });
  };

  /* ---------------------------------------------------------------- rendering helpers */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // Keyword in context: left context, every match of every term highlighted, right context.
  function kwic(engine, result, hit) {
    var text = engine.passageText(hit.id), label = engine.meta(hit.id).label, at = hit.at;
    // The label is shown on its own; leave it out of the context unless the match is in it.
    var skip = label && text.indexOf(label) === 0 && at >= label.length ? label.length : 0;
    var from = Math.max(skip, at - CONTEXT), to = Math.min(text.length, at + CONTEXT * 2);
    var window_ = text.slice(from, to), marks = [];
    result.regexes.forEach(function (re) {
      var local = new RegExp(re.source, "g"), m;
      while ((m = local.exec(window_))) marks.push([m.index, m.index + m[0].length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = el("span", { class: "rk-kwic" }), pos = 0;
    if (from > skip) out.appendChild(document.createTextNode("…"));
    marks.forEach(function (r) {
      if (r[0] < pos) return;
      out.appendChild(document.createTextNode(window_.slice(pos, r[0])));
      out.appendChild(el("mark", { text: window_.slice(r[0], r[1]) }));
      pos = r[1];
    });
    out.appendChild(document.createTextNode(window_.slice(pos) + (to < text.length ? "…" : "")));
    return out;
  }

  function hitLink(meta) {
    return siteUrl("reports/" + meta.slug + ".html#" + meta.anchor);
  }

  function loadingNote(engine) {
    return engine.complete() ? "" : "（检索数据加载中 " + engine.loaded + "/" + engine.data.shards + "，结果陆续补全）";
  }

  /* ---------------------------------------------------------------- the 例句检索 page */

  var FILTERS = ["role", "theme", "year", "report"];

  function PhrasesPage(root) {
    this.root = root;
    this.input = root.querySelector("[data-rk-kw]");
    this.status = root.querySelector("[data-rk-status]");
    this.results = root.querySelector("[data-rk-results]");
    this.selects = {};
    FILTERS.forEach(function (name) { this.selects[name] = root.querySelector('[data-rk-filter="' + name + '"]'); }, this);
    var params = new URLSearchParams(location.search);
    this.state = { kw: params.get("kw") || "" };
    FILTERS.forEach(function (name) { this.state[name] = params.get(name) || ""; }, this);
    this.input.value = this.state.kw;
    var self = this;
    this.input.addEventListener("input", function () { self.state.kw = self.input.value; self.schedule(); });
    FILTERS.forEach(function (name) {
      self.selects[name].addEventListener("change", function () { self.state[name] = self.selects[name].value; self.schedule(); });
    });
    document.addEventListener("rkb:data", function () { if (self.state.kw.trim()) self.refresh(); });
    this.fillSelects(null, null);
    if (this.state.kw.trim()) this.schedule();
  }

  PhrasesPage.prototype.schedule = function () {
    var self = this;
    this.writeUrl();
    withEngine(function () { self.update(); }, function (error) { self.status.textContent = error.message; });
  };

  // While shards arrive, refresh at most once per frame.
  PhrasesPage.prototype.refresh = function () {
    var self = this;
    if (this.refreshing) return;
    this.refreshing = true;
    requestAnimationFrame(function () { self.refreshing = false; self.update(); });
  };

  PhrasesPage.prototype.writeUrl = function () {
    var params = new URLSearchParams();
    if (this.state.kw) params.set("kw", this.state.kw);
    FILTERS.forEach(function (name) { if (this.state[name]) params.set(name, this.state[name]); }, this);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  };

  // The filters as indexes: role and report by index, theme by index, year as a number (-1: any).
  PhrasesPage.prototype.wanted = function (engine) {
    var st = this.state, roleAt = engine.roleIndex[st.role], reportAt = engine.reportIndex[st.report];
    return {
      role: st.role ? (roleAt === undefined ? -2 : roleAt) : -1,
      report: st.report ? (reportAt === undefined ? -2 : reportAt) : -1,
      theme: st.theme ? engine.data.themes.indexOf(st.theme) : -1,
      year: st.year ? Number(st.year) : -1
    };
  };

  // Facet counts over the hits, each facet counted with the other filters applied, and the hits all filters pass.
  PhrasesPage.prototype.facets = function (engine, hits) {
    var want = this.wanted(engine), reports = engine.data.reports;
    var counts = { role: new Map(), theme: new Map(), year: new Map(), report: new Map() }, totals = {}, shown = [];
    FILTERS.forEach(function (name) { totals[name] = 0; });
    function add(map, key) { map.set(key, (map.get(key) || 0) + 1); }
    for (var i = 0; i < hits.length; i++) {
      var r = engine.report(hits[i].id), role = engine.role(hits[i].id), report = reports[r];
      var okRole = want.role === -1 || role === want.role;
      var okReport = want.report === -1 || r === want.report;
      var okTheme = want.theme === -1 || report[5].indexOf(want.theme) !== -1;
      var okYear = want.year === -1 || report[2] === want.year;
      var all = okRole && okReport && okTheme && okYear;
      if (all) shown.push(hits[i]);
      if (okReport && okTheme && okYear) { totals.role++; add(counts.role, engine.data.roles[role][0]); }
      if (okRole && okTheme && okYear) { totals.report++; add(counts.report, report[0]); }
      if (okRole && okReport && okYear) {
        totals.theme++;
        for (var t = 0; t < report[5].length; t++) add(counts.theme, engine.data.themes[report[5][t]]);
      }
      if (okRole && okReport && okTheme) { totals.year++; if (report[2]) add(counts.year, String(report[2])); }
    }
    return { counts: counts, totals: totals, shown: shown };
  };

  PhrasesPage.prototype.fillSelects = function (engine, facets) {
    FILTERS.forEach(function (name) {
      var select = this.selects[name], want = this.state[name];
      var counts = facets ? facets.counts[name] : new Map();
      if (want && !counts.has(want)) counts.set(want, 0);
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "全部（" + (facets ? facets.totals[name] : 0) + "）" }));
      var values = Array.from(counts.keys());
      if (name === "year") values.sort().reverse();
      values.forEach(function (v) {
        var option = el("option", { value: v, text: facetLabel(engine, name, v) + "（" + counts.get(v) + "）" });
        option.selected = v === want;
        select.appendChild(option);
      });
    }, this);
  };

  // The filter lists (up to one option per report) are rebuilt once typing pauses, after the hits.
  PhrasesPage.prototype.fillSelectsSoon = function (facets) {
    var self = this;
    clearTimeout(this.fillTimer);
    this.fillTimer = setTimeout(function () {
      self.fillSelects(engine, facets);
      self.results.setAttribute("data-filters", self.results.getAttribute("data-query"));
    }, FILTER_DELAY);
  };

  function facetLabel(engine, name, value) {
    if (!engine) return value;
    if (name === "role") return engine.data.roles[engine.roleIndex[value]] ? engine.data.roles[engine.roleIndex[value]][1] : value;
    if (name === "report") return engine.data.reports[engine.reportIndex[value]] ? engine.data.reports[engine.reportIndex[value]][1] : value;
    return value;
  }

  PhrasesPage.prototype.update = function () {
    var query = this.state.kw.trim();
    this.results.textContent = "";
    var result = query ? engine.search(query) : null;
    if (!result) {
      this.fillSelectsSoon(null);
      this.status.textContent = "输入词语后即时显示结果；链接可以直接分享。";
    } else {
      var facets = this.facets(engine, result.hits);
      this.fillSelectsSoon(facets);
      var shown = facets.shown;
      this.status.textContent = "";
      this.status.appendChild(el("span", { "data-hit-count": "", text: String(shown.length) }));
      var tail = shown.length ? "，分布：" + this.distribution(shown) : "；没有找到这个词语。";
      this.status.appendChild(document.createTextNode(" 处" + tail + loadingNote(engine)));
      this.render(result, shown, 0);
    }
    this.results.setAttribute("data-query", query);
    this.results.setAttribute("data-complete", String(engine.complete()));
  };

  PhrasesPage.prototype.distribution = function (shown) {
    var counts = new Map();
    shown.forEach(function (h) { var r = engine.data.roles[engine.role(h.id)][1]; counts.set(r, (counts.get(r) || 0) + 1); });
    return Array.from(counts, function (e) { return e[0] + " " + e[1]; }).join(" · ");
  };

  PhrasesPage.prototype.render = function (result, shown, from) {
    var self = this, to = Math.min(shown.length, from + PAGE_SIZE);
    var more = this.results.querySelector(".rk-more");
    if (more) more.remove();
    var group = this.results.lastElementChild, list = group && group.querySelector("ol");
    for (var i = from; i < to; i++) {
      var hit = shown[i], meta = engine.meta(hit.id);
      if (!group || group.getAttribute("data-report") !== meta.slug) {
        var report = engine.data.reports[meta.report];
        var info = [report[2], report[3], report[4]].filter(Boolean).join(" · ");
        list = el("ol", { class: "rk-hits" });
        group = el("section", { class: "rk-group", "data-report": meta.slug }, [
          el("h2", { class: "rk-group__title" }, [
            el("a", { href: siteUrl("reports/" + meta.slug + ".html"), text: meta.title }),
            info ? el("small", { text: " " + info }) : null
          ]),
          list
        ]);
        this.results.appendChild(group);
      }
      var role = engine.data.roles[meta.role];
      list.appendChild(el("li", { class: "rk-hit", "data-hit": "" }, [
        el("a", { href: hitLink(meta) }, [
          el("span", { class: "rk-hit__role rk-role-" + role[0], text: role[1] }),
          meta.label ? el("span", { class: "rk-hit__label", text: meta.label }) : null,
          kwic(engine, result, hit)
        ])
      ]));
    }
    if (to < shown.length) {
      var button = el("button", { type: "button", class: "md-button rk-more", text: "显示更多（还有 " + (shown.length - to) + " 处）" });
      button.addEventListener("click", function () { self.render(result, shown, to); });
      this.results.appendChild(button);
    }
  };

  /* ---------------------------------------------------------------- the header box */

  function HeaderSearch(root) {
    this.root = root;
    this.input = root.querySelector("[data-rk-search-input]");
    this.output = root.querySelector("[data-rk-search-result]");
    this.meta = this.output.querySelector(".md-search-result__meta");
    this.list = this.output.querySelector(".md-search-result__list");
    this.toggle = document.getElementById("__search");
    var self = this;
    this.input.addEventListener("focus", function () { self.open(); loadData().catch(function () {}); });
    this.input.addEventListener("input", function () { self.update(); });
    root.querySelector("form").addEventListener("reset", function () { setTimeout(function () { self.update(); }); });
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      location.href = self.allUrl();
    });
    document.addEventListener("keydown", function (event) { self.key(event); });
    document.addEventListener("rkb:data", function () { if (self.input.value.trim()) self.update(); });
  }

  HeaderSearch.prototype.open = function () {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
  };

  HeaderSearch.prototype.close = function () {
    if (this.toggle) this.toggle.checked = false;
    this.input.blur();
  };

  HeaderSearch.prototype.allUrl = function () {
    return siteUrl("phrases/index.html") + "?kw=" + encodeURIComponent(this.input.value.trim());
  };

  HeaderSearch.prototype.update = function () {
    var self = this;
    withEngine(function () { self.render(self.input.value.trim()); }, function (error) { self.meta.textContent = error.message; });
  };

  HeaderSearch.prototype.render = function (query) {
    var result = query ? engine.search(query) : null;
    this.list.textContent = "";
    if (!result) {
      this.meta.textContent = "输入词语，查找各篇材料中的原句";
    } else {
      var exact = [], folded = [];
      result.hits.forEach(function (h) { (engine.exact(result, h.id) ? exact : folded).push(h); });
      var top = exact.concat(folded).slice(0, HEADER_HITS);
      this.meta.textContent = "";
      this.meta.appendChild(el("span", { "data-hit-count": "", text: String(result.hits.length) }));
      this.meta.appendChild(document.createTextNode(" 处" + loadingNote(engine) + " · "));
      this.meta.appendChild(el("a", { href: this.allUrl(), class: "rk-all", text: "在例句检索中查看全部" }));
      top.forEach(function (hit) {
        var meta = engine.meta(hit.id), role = engine.data.roles[meta.role];
        this.list.appendChild(el("li", { class: "md-search-result__item", "data-hit": "" }, [
          el("a", { href: hitLink(meta), class: "md-search-result__link", tabindex: "-1" }, [
            el("article", { class: "md-search-result__article md-typeset" }, [
              el("h1", { class: "md-search-result__title", text: meta.title }),
              el("p", { class: "md-search-result__teaser rk-teaser" }, [
                el("span", { class: "rk-hit__role rk-role-" + role[0], text: role[1] }),
                meta.label ? el("span", { class: "rk-hit__label", text: meta.label }) : null,
                kwic(engine, result, hit)
              ])
            ])
          ])
        ]));
      }, this);
    }
    this.output.setAttribute("data-query", query);
    this.output.setAttribute("data-complete", String(engine.complete()));
  };

  // Material's search keys: / s f open the box, Esc closes it, arrows move through the results.
  HeaderSearch.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target, typing = target.isContentEditable || /^(input|select|textarea)$/i.test(target.tagName);
    var isOpen = this.toggle && this.toggle.checked;
    if (!typing && !isOpen && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      this.open();
      this.input.focus();
      this.input.select();
      return;
    }
    if (!isOpen) return;
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var items = [this.input].concat(Array.from(this.list.querySelectorAll("a")));
      var at = items.indexOf(document.activeElement);
      if (at === -1) return;
      event.preventDefault();
      var next = (at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[next].focus();
    }
  };

  /* ---------------------------------------------------------------- start */

  function start() {
    var page = document.querySelector("[data-rk-phrases]");
    if (page) new PhrasesPage(page);
    var header = document.querySelector("[data-rk-search]");
    if (header) new HeaderSearch(header);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
