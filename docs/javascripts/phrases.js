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

  var loading = null;

  function loadData() {
    if (window.__rkbSearch) return Promise.resolve(window.__rkbSearch);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = siteUrl("reports/search-data.js");
        script.onload = function () { resolve(window.__rkbSearch); };
        script.onerror = function () { loading = null; reject(new Error("检索数据加载失败")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* ---------------------------------------------------------------- engine */

  function escapeRegExp(c) {
    return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&");
  }

  function Engine(data) {
    this.data = data;
    this.text = data.text;
    var starts = [0];
    for (var i = this.text.indexOf(SEPARATOR); i !== -1; i = this.text.indexOf(SEPARATOR, i + 1)) starts.push(i + 1);
    this.starts = starts;
    this.count = starts.length;
    // Characters that fold to the same form are matched by one character class.
    var classes = {};
    Object.keys(data.fold).forEach(function (c) {
      var f = data.fold[c];
      (classes[f] = classes[f] || [f]).push(c);
    });
    this.fold = data.fold;
    this.classes = classes;
  }

  Engine.prototype.pattern = function (term) {
    var self = this;
    return Array.from(term).map(function (c) {
      var f = Object.prototype.hasOwnProperty.call(self.fold, c) ? self.fold[c] : c;
      var cls = self.classes[f];
      return cls ? "[" + cls.map(escapeRegExp).join("") + "]" : escapeRegExp(c);
    }).join("");
  };

  Engine.prototype.passageAt = function (offset) {
    var lo = 0, hi = this.count - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  };

  Engine.prototype.passageText = function (p) {
    var end = p + 1 < this.count ? this.starts[p + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[p], end);
  };

  Engine.prototype.meta = function (p) {
    var d = this.data.passages, k = p * 4, report = this.data.reports[d[k]];
    return {
      report: d[k], role: d[k + 1], label: this.data.labels[d[k + 2]], anchor: d[k + 3],
      slug: report[0], title: report[1], year: report[2], themes: report[5]
    };
  };

  // Passages containing every term, in corpus order: [{p, at}] with `at` the first match of the first term.
  Engine.prototype.search = function (query) {
    var terms = query.split(/\s+/).filter(Boolean);
    if (!terms.length) return null;
    var regexes = terms.map(function (t) { return new RegExp(this.pattern(t), "g"); }, this);
    var found = null;
    for (var t = 0; t < regexes.length; t++) {
      var re = regexes[t], here = new Map(), m;
      while ((m = re.exec(this.text))) {
        var p = this.passageAt(m.index);
        if (!here.has(p) && (!found || found.has(p))) here.set(p, found ? found.get(p) : m.index);
        re.lastIndex = p + 1 < this.count ? this.starts[p + 1] : this.text.length;
      }
      found = here;
    }
    var hits = Array.from(found, function (e) { return { p: e[0], at: e[1] }; });
    hits.sort(function (a, b) { return a.p - b.p; });
    return { terms: terms, regexes: regexes, hits: hits };
  };

  // Is every term in the passage exactly as typed (not only in another width or case)?
  Engine.prototype.exact = function (result, p) {
    var text = this.passageText(p);
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
    var start = engine.starts[hit.p], text = engine.passageText(hit.p), label = engine.meta(hit.p).label;
    var at = hit.at - start;
    // The label is shown on its own; leave it out of the context unless the match is in it.
    var skip = label && text.indexOf(label) === 0 && at >= label.length ? label.length : 0;
    var from = Math.max(skip, at - CONTEXT), to = Math.min(text.length, at + CONTEXT * 2);
    var window_ = text.slice(from, to), marks = [];
    result.regexes.forEach(function (re) {
      var local = new RegExp(re.source, "g"), m;
      while ((m = local.exec(window_))) {
        marks.push([m.index, m.index + m[0].length]);
        if (!m[0].length) local.lastIndex++;
      }
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

  /* ---------------------------------------------------------------- the 例句检索 page */

  var FILTERS = ["role", "theme", "year", "report"];

  function facetValue(engine, meta, name) {
    if (name === "role") return [engine.data.roles[meta.role][0]];
    if (name === "theme") return meta.themes.map(function (i) { return engine.data.themes[i]; });
    if (name === "year") return meta.year ? [String(meta.year)] : [];
    return [meta.slug];
  }

  function facetLabel(engine, name, value) {
    if (!engine) return value;
    if (name === "role") {
      var role = engine.data.roles.filter(function (r) { return r[0] === value; })[0];
      return role ? role[1] : value;
    }
    if (name === "report") {
      var report = engine.data.reports.filter(function (r) { return r[0] === value; })[0];
      return report ? report[1] : value;
    }
    return value;
  }

  function PhrasesPage(root) {
    this.root = root;
    this.input = root.querySelector("[data-rk-kw]");
    this.status = root.querySelector("[data-rk-status]");
    this.results = root.querySelector("[data-rk-results]");
    this.selects = {};
    FILTERS.forEach(function (name) { this.selects[name] = root.querySelector('[data-rk-filter="' + name + '"]'); }, this);
    this.engine = null;
    this.pending = false;
    var params = new URLSearchParams(location.search);
    this.state = { kw: params.get("kw") || "" };
    FILTERS.forEach(function (name) { this.state[name] = params.get(name) || ""; }, this);
    this.input.value = this.state.kw;
    var self = this;
    this.input.addEventListener("input", function () { self.state.kw = self.input.value; self.schedule(); });
    FILTERS.forEach(function (name) {
      self.selects[name].addEventListener("change", function () { self.state[name] = self.selects[name].value; self.schedule(); });
    });
    this.fillSelects(null, []);
    if (this.state.kw.trim()) this.schedule();
  }

  PhrasesPage.prototype.schedule = function () {
    var self = this;
    this.writeUrl();
    if (this.pending) return;
    this.pending = true;
    loadData().then(function (data) {
      self.engine = self.engine || new Engine(data);
      requestAnimationFrame(function () { self.pending = false; self.update(); });
    }, function (error) {
      self.pending = false;
      self.status.textContent = error.message;
    });
  };

  PhrasesPage.prototype.writeUrl = function () {
    var params = new URLSearchParams();
    if (this.state.kw) params.set("kw", this.state.kw);
    FILTERS.forEach(function (name) { if (this.state[name]) params.set(name, this.state[name]); }, this);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  };

  PhrasesPage.prototype.passes = function (meta, except) {
    return FILTERS.every(function (name) {
      var want = this.state[name];
      return name === except || !want || facetValue(this.engine, meta, name).indexOf(want) !== -1;
    }, this);
  };

  PhrasesPage.prototype.fillSelects = function (engine, metas) {
    FILTERS.forEach(function (name) {
      var select = this.selects[name], counts = new Map(), total = 0;
      metas.forEach(function (meta) {
        if (!this.passes(meta, name)) return;
        total++;
        facetValue(engine, meta, name).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      }, this);
      var want = this.state[name];
      if (want && !counts.has(want)) counts.set(want, 0);
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "全部（" + total + "）" }));
      var values = Array.from(counts.keys());
      if (name === "year") values.sort().reverse();
      values.forEach(function (v) {
        var option = el("option", { value: v, text: facetLabel(engine, name, v) + "（" + counts.get(v) + "）" });
        option.selected = v === want;
        select.appendChild(option);
      });
    }, this);
  };

  PhrasesPage.prototype.update = function () {
    var engine = this.engine, query = this.state.kw.trim();
    this.results.textContent = "";
    this.results.setAttribute("data-query", query);
    var result = query ? engine.search(query) : null;
    if (!result) {
      this.fillSelects(engine, []);
      this.status.textContent = "输入词语后即时显示结果；链接可以直接分享。";
      return;
    }
    var metas = result.hits.map(function (h) { return engine.meta(h.p); });
    this.fillSelects(engine, metas);
    var shown = [];
    result.hits.forEach(function (hit, i) { if (this.passes(metas[i])) shown.push([hit, metas[i]]); }, this);
    this.status.textContent = "";
    this.status.appendChild(el("span", { "data-hit-count": "", text: String(shown.length) }));
    this.status.appendChild(document.createTextNode(" 处" + (shown.length ? "，分布：" + this.distribution(shown) : "；没有找到这个词语。")));
    this.render(engine, result, shown, 0);
  };

  PhrasesPage.prototype.distribution = function (shown) {
    var counts = new Map(), engine = this.engine;
    shown.forEach(function (s) { var r = engine.data.roles[s[1].role][1]; counts.set(r, (counts.get(r) || 0) + 1); });
    return Array.from(counts, function (e) { return e[0] + " " + e[1]; }).join(" · ");
  };

  PhrasesPage.prototype.render = function (engine, result, shown, from) {
    var self = this, to = Math.min(shown.length, from + PAGE_SIZE);
    var more = this.results.querySelector(".rk-more");
    if (more) more.remove();
    var group = this.results.lastElementChild, list = group && group.querySelector("ol");
    for (var i = from; i < to; i++) {
      var hit = shown[i][0], meta = shown[i][1];
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
      button.addEventListener("click", function () { self.render(engine, result, shown, to); });
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
    this.engine = null;
    var self = this;
    this.input.addEventListener("focus", function () { self.open(); loadData().catch(function () {}); });
    this.input.addEventListener("input", function () { self.update(); });
    root.querySelector("form").addEventListener("reset", function () { setTimeout(function () { self.update(); }); });
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      location.href = self.allUrl();
    });
    document.addEventListener("keydown", function (event) { self.key(event); });
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
    var self = this, query = this.input.value.trim();
    loadData().then(function (data) {
      self.engine = self.engine || new Engine(data);
      if (self.input.value.trim() !== query) return;
      self.render(query);
    }, function (error) { self.meta.textContent = error.message; });
  };

  HeaderSearch.prototype.render = function (query) {
    var engine = this.engine, result = query ? engine.search(query) : null;
    this.list.textContent = "";
    this.output.setAttribute("data-query", query);
    if (!result) {
      this.meta.textContent = "输入词语，查找各篇材料中的原句";
      return;
    }
    var exact = [], folded = [];
    result.hits.forEach(function (h) { (engine.exact(result, h.p) ? exact : folded).push(h); });
    var top = exact.concat(folded).slice(0, HEADER_HITS);
    this.meta.textContent = "";
    this.meta.appendChild(el("span", { "data-hit-count": "", text: String(result.hits.length) }));
    this.meta.appendChild(document.createTextNode(" 处 · "));
    this.meta.appendChild(el("a", { href: this.allUrl(), class: "rk-all", text: "在例句检索中查看全部" }));
    top.forEach(function (hit) {
      var meta = engine.meta(hit.p), role = engine.data.roles[meta.role];
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
