/*
 * The 例句检索 page: a query box and filters whose state lives in the URL (shareable), hits
 * grouped by report, the first screenful drawn and more on demand. The engine and the data
 * come from search-engine.js and search-ui.js.
 */
(function () {
  "use strict";

  var ui = window.RkSearch.ui, el = ui.el;
  var PAGE_SIZE = 50;      // hits drawn at first, and per "显示更多"
  var FILTER_DELAY = 150;  // ms after the last keystroke before the filter lists are rebuilt
  var FILTERS = ["role", "theme", "meeting", "year", "report"];
  var NEW_QUERY_AFTER = 1000;  // ms without typing after which the next keystroke starts a new history entry
  var early = null;  // the page's searcher, made before the document is there

  function PhrasesPage(root) {
    this.root = root;
    this.input = root.querySelector("[data-rk-kw]");
    this.status = root.querySelector("[data-rk-status]");
    this.results = root.querySelector("[data-rk-results]");
    this.selects = {};
    this.reused = new ui.Reused();
    this.searcher = early || new ui.Searcher();  // the one that started loading the address's query, if any
    this.limit = PAGE_SIZE;
    this.drawn = { query: "", result: null, shown: [] };
    FILTERS.forEach(function (name) { this.selects[name] = root.querySelector('[data-rk-filter="' + name + '"]'); }, this);
    this.state = fromUrl();
    this.input.value = this.state.kw;
    var self = this;
    this.typedAt = 0;
    // While an input method composes (pinyin), its letters are neither searched nor put in the address.
    this.input.addEventListener("input", function (event) {
      if (event.isComposing || self.composing) return;
      self.typed();
    });
    // Composing is typing: a long one is no pause that would start a new history entry.
    ["compositionstart", "compositionupdate"].forEach(function (kind) {
      self.input.addEventListener(kind, function () { self.composing = true; self.typedAt = Date.now(); });
    });
    this.input.addEventListener("compositionend", function () { self.composing = false; self.typed(); });
    FILTERS.forEach(function (name) {
      self.selects[name].addEventListener("change", function () {
        self.state[name] = self.selects[name].value;
        self.schedule("push");
      });
    });
    // Back and Forward go through the queries and filters as they were.
    window.addEventListener("popstate", function () {
      self.state = fromUrl();
      self.input.value = self.state.kw;
      self.schedule("none");
    });
    document.addEventListener("rkb:data", function () { if (self.state.kw.trim()) self.refresh(); });
    document.addEventListener("rkb:error", function (event) { self.status.textContent = event.detail.message; });
    this.fillSelects(null);
    if (this.state.kw.trim()) this.schedule("none");
  }

  // The query and the filters as the address gives them.
  function fromUrl() {
    var params = new URLSearchParams(location.search), state = { kw: params.get(ui.query) || "" };
    FILTERS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  // A keystroke: the query as typed now. When typing starts again after a pause, the query in the
  // address (if any) is kept in the history and the new one gets an entry of its own.
  PhrasesPage.prototype.typed = function () {
    var now = Date.now(), fresh = now - this.typedAt > NEW_QUERY_AFTER;
    var kept = new URLSearchParams(location.search).get(ui.query);
    this.typedAt = now;
    this.state.kw = this.input.value;
    this.schedule(fresh && kept ? "push" : "replace");
  };

  // Search again (history: "push" a new entry, "replace" the current one, or "none" when the address is already it).
  PhrasesPage.prototype.schedule = function (history) {
    var self = this;
    this.limit = PAGE_SIZE;  // a new query or filter starts again from the first screenful
    if (history !== "none") this.writeUrl(history === "push");
    ui.withEngine(this, function () { self.update(); }, function (error) { self.status.textContent = error.message; });
  };

  // While shards arrive, refresh at most once per frame; until the first hit is there, at once.
  PhrasesPage.prototype.refresh = function () {
    var self = this;
    if (!this.drawn.shown.length) return this.update();
    if (this.refreshing) return;
    this.refreshing = true;
    requestAnimationFrame(function () { self.refreshing = false; self.update(); });
  };

  PhrasesPage.prototype.writeUrl = function (push) {
    var params = new URLSearchParams();
    if (this.state.kw) params.set(ui.query, this.state.kw);
    FILTERS.forEach(function (name) { if (this.state[name]) params.set(name, this.state[name]); }, this);
    var query = params.toString(), url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  };

  PhrasesPage.prototype.fillSelects = function (facets) {
    var engine = ui.engine();
    FILTERS.forEach(function (name) {
      var select = this.selects[name], want = this.state[name];
      var counts = facets ? facets.counts[name] : new Map();
      if (want && !counts.has(want)) counts.set(want, 0);
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "全部（" + (facets ? facets.totals[name] : 0) + "）" }));
      var values = Array.from(counts.keys());
      if (name === "year") values.sort(function (a, b) { return (Number(b) || 0) - (Number(a) || 0); });  // the newest first, no year last
      values.forEach(function (v) {
        var option = el("option", { value: v, text: facetLabel(engine, name, v) + "（" + counts.get(v) + "）" });
        option.selected = v === want;
        select.appendChild(option);
      });
    }, this);
  };

  // The filter lists (up to one option per report) are rebuilt after the hits, FILTER_DELAY after
  // the last change; with the final counts, only as long after the last keystroke (at once for a
  // query from the address). data-filters names the query whose final counts they show (none
  // while data is still arriving).
  PhrasesPage.prototype.fillSelectsSoon = function (facets, final, titled) {
    // Not again for the same query, filters, counts and titles (`titled`: every report found has its
    // title): text arriving changes none of them, and rebuilding thousands of options for each shard
    // kept the main thread busy for seconds.
    var filled = JSON.stringify([this.state, final, titled]);
    if (filled === this.filled) return;
    this.filled = filled;
    var self = this, wait = final ? Math.max(0, FILTER_DELAY - (Date.now() - this.typedAt)) : FILTER_DELAY;
    clearTimeout(this.fillTimer);
    this.fillTimer = setTimeout(function () {
      self.fillSelects(facets);
      self.results.setAttribute("data-filters", final ? self.results.getAttribute("data-query") : "");
    }, wait);
  };

  function facetLabel(engine, name, value) {
    var data = engine && engine.data;
    if (data && name === "role" && data.roles[engine.roleIndex[value]]) return data.roles[engine.roleIndex[value]][1];
    if (data && name === "report" && value in engine.reportIndex) return engine.reportInfo(engine.reportIndex[value]).title;
    if (data && name === "meeting") return engine.meetingName(value);
    if (name === "year" && value === window.RkSearch.NO_YEAR) return "未注明年份";
    return value;
  }

  PhrasesPage.prototype.update = function () {
    var engine = ui.engine(), query = this.state.kw.trim();
    var result = query ? this.searcher.search(query, this.limit, keeper(engine, this.state)) : null, shown = [];
    if (!result) {
      this.fillSelectsSoon(null, true);
      this.status.textContent = "输入词语后即时显示结果；链接可以直接分享。";
    } else {
      var want = engine.wanted(this.state), facets = engine.facets(engine.hitsFor(result, want), want);
      var titles = engine.titles, titled = result.hits.every(function (h) { return titles[engine.report(h.id)] !== undefined; });
      this.fillSelectsSoon(facets, result.complete, titled);
      shown = facets.shown;
      this.status.textContent = "";
      this.status.appendChild(el("span", { "data-hit-count": "", text: String(shown.length) }));
      var tail = shown.length ? "，分布：" + distribution(engine, shown) : "；没有找到这个词语。";
      this.status.appendChild(document.createTextNode(" 处" + tail + ui.loadingNote(result)));
    }
    this.drawn = { query: query, result: result, shown: shown };
    this.draw();
    this.results.setAttribute("data-query", query);
    this.results.setAttribute("data-complete", String(!result || result.complete));
  };

  // What of a result's hits the filters keep (the hits a screen is taken from).
  function keeper(engine, state) {
    return function (result) {
      var want = engine.wanted(state);
      return engine.facets(engine.hitsFor(result, want), want).shown;
    };
  }

  function distribution(engine, shown) {
    var counts = new Map();
    shown.forEach(function (h) { var r = engine.data.roles[engine.role(h.id)][1]; counts.set(r, (counts.get(r) || 0) + 1); });
    return Array.from(counts, function (e) { return e[0] + " " + e[1]; }).join(" · ");
  }

  // The first `limit` hits, grouped by report, and a button for more. Hits and groups already on
  // the page stay the same nodes (ui.Reused): results redrawn as data arrive do not take a link
  // away from under a click.
  PhrasesPage.prototype.draw = function () {
    var engine = ui.engine(), self = this, drawn = this.drawn, reused = this.reused;
    var to = Math.min(drawn.shown.length, this.limit), groups = [], items = null, i, titled = true;
    for (i = 0; i < to; i++) {
      if (!engine.hasText(drawn.shown[i].id)) break;  // hits are drawn in reading order, as their text arrives
      var hit = drawn.shown[i], meta = engine.meta(hit.id);
      titled = titled && engine.titles[meta.report] !== undefined;
      if (!groups.length || groups[groups.length - 1].getAttribute("data-report") !== meta.slug) {
        var group = reused.node("report\n" + meta.slug, function () { return self.group(meta); });
        var title = group.querySelector(".rk-group__title a");
        if (title.textContent !== meta.title) title.textContent = meta.title;
        if (items) ui.place(groups[groups.length - 1].querySelector("ol"), items);
        groups.push(group);
        items = [];
      }
      items.push(reused.node(drawn.query + "\n" + hit.id, function () {
        return el("li", { class: "rk-hit", "data-hit": "" }, [el("a", { href: ui.hitLink(meta) }, ui.hitParts(drawn.result, hit, meta))]);
      }));
    }
    if (items) ui.place(groups[groups.length - 1].querySelector("ol"), items);
    if (to < drawn.shown.length) {
      var more = reused.node("more", function () {
        var button = el("button", { type: "button", class: "md-button rk-more" });
        button.addEventListener("click", function () { self.limit += PAGE_SIZE; self.update(); });
        return button;
      });
      more.textContent = "显示更多（还有 " + (drawn.shown.length - to) + " 处）";
      groups.push(more);
    }
    ui.place(this.results, groups);
    reused.done();
    this.results.setAttribute("data-drawn", String(i === to && titled));  // every hit of the screen drawn, titled
  };

  // A report's group of hits: its title (a link to it) and what kind of report it is.
  PhrasesPage.prototype.group = function (meta) {
    var engine = ui.engine(), report = engine.reportInfo(meta.report);
    var info = [report.year, report.kind, report.meeting && engine.meetingName(report.meeting)].filter(Boolean).join(" · ");
    return el("section", { class: "rk-group", "data-report": meta.slug }, [
      el("h2", { class: "rk-group__title" }, [
        el("a", { href: ui.reportUrl(meta.slug), text: meta.title }),
        info ? el("small", { text: " " + info }) : null
      ]),
      el("ol", { class: "rk-hits" })
    ]);
  };

  function start() {
    var page = document.querySelector("[data-rk-phrases]");
    if (page) window.RkSearch.page = new PhrasesPage(page);
  }

  // The tables start loading at once (the head preloads them), and with them the files the query in
  // the address needs, through the searcher the page will use; the page's own set-up waits for the document.
  if (document.querySelector("[data-rk-phrases]")) {
    early = new ui.Searcher();
    ui.load().then(function (engine) {
      var state = fromUrl(), query = state.kw.trim();
      if (query && !early.latest) early.search(query, PAGE_SIZE, keeper(engine, state));
    }).catch(function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
