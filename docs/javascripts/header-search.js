/*
 * The header search box on every page: the same engine as 例句检索, the first hits (exact
 * matches first) in Material's search dropdown, Enter for all of them on the 例句检索 page.
 * Keys as in Material: / s f open the box, Esc closes it, arrows move through the results.
 */
(function () {
  "use strict";

  var ui = window.RkSearch.ui, el = ui.el;
  var HEADER_HITS = 8;  // hits shown in the box

  function HeaderSearch(root) {
    this.root = root;
    this.input = root.querySelector("[data-rk-search-input]");
    this.output = root.querySelector("[data-rk-search-result]");
    this.meta = this.output.querySelector(".md-search-result__meta");
    this.list = this.output.querySelector(".md-search-result__list");
    this.toggle = document.getElementById("__search");
    this.reused = new ui.Reused();
    this.searcher = new ui.Searcher();
    var self = this;
    this.input.addEventListener("focus", function () { self.open(); ui.load().catch(function () {}); });
    // While an input method composes (pinyin), its letters are not searched.
    this.input.addEventListener("input", function (event) { if (!event.isComposing && !self.composing) self.update(); });
    this.input.addEventListener("compositionstart", function () { self.composing = true; });
    this.input.addEventListener("compositionend", function () { self.composing = false; self.update(); });
    root.querySelector("form").addEventListener("reset", function () { setTimeout(function () { self.update(); }); });
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      location.href = self.allUrl();
    });
    document.addEventListener("keydown", function (event) { self.key(event); });
    document.addEventListener("rkb:data", function () { if (self.input.value.trim()) self.update(); });
    document.addEventListener("rkb:error", function (event) { self.meta.textContent = event.detail.message; });
  }

  HeaderSearch.prototype.open = function () {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
  };

  HeaderSearch.prototype.close = function () {
    if (this.toggle) this.toggle.checked = false;
    this.input.blur();
  };

  HeaderSearch.prototype.allUrl = function () {
    return ui.phrasesUrl(this.input.value.trim());
  };

  HeaderSearch.prototype.update = function () {
    var self = this;
    ui.withEngine(this, function () { self.render(self.input.value.trim()); }, function (error) { self.meta.textContent = error.message; });
  };

  // The count and the first hits. What is already drawn stays the same nodes as data arrive
  // (ui.Reused), so the hit that has the focus or is being clicked keeps it.
  HeaderSearch.prototype.render = function (query) {
    var engine = ui.engine(), result = query ? this.searcher.search(query, HEADER_HITS) : null, reused = this.reused, items = [];
    if (!result) {
      this.meta.textContent = "输入词语，查找各篇材料中的原句";
    } else {
      // The first hits in reading order, as their text arrives, those matched exactly as typed first.
      var first = [], exact = [], folded = [];
      for (var i = 0; i < Math.min(HEADER_HITS, result.hits.length) && engine.hasText(result.hits[i].id); i++) first.push(result.hits[i]);
      first.forEach(function (h) { (engine.exact(result, h.id) ? exact : folded).push(h); });
      exact.concat(folded).forEach(function (hit) {
        var meta = engine.meta(hit.id);
        var item = reused.node(query + "\n" + hit.id, function () {
          return el("li", { class: "md-search-result__item", "data-hit": "" }, [
            el("a", { href: ui.hitLink(meta), class: "md-search-result__link", tabindex: "-1" }, [
              el("article", { class: "md-search-result__article md-typeset" }, [
                el("h1", { class: "md-search-result__title" }),
                el("p", { class: "md-search-result__teaser rk-teaser" }, ui.hitParts(result, hit, meta))
              ])
            ])
          ]);
        });
        var title = item.querySelector(".md-search-result__title");
        if (title.textContent !== meta.title) title.textContent = meta.title;
        items.push(item);
      });
      var count = reused.node("count", function () { return el("span", { "data-hit-count": "" }); });
      var all = reused.node("all", function () { return el("a", { class: "rk-all", text: "在例句检索中查看全部" }); });
      var note = reused.node("note", function () { return document.createTextNode(""); });
      count.textContent = String(result.hits.length);
      note.data = " 处" + ui.loadingNote(result) + " · ";
      all.setAttribute("href", this.allUrl());
      ui.place(this.meta, [count, note, all]);
    }
    ui.place(this.list, items);
    reused.done();
    this.output.setAttribute("data-query", query);
    this.output.setAttribute("data-complete", String(!result || result.complete));
  };

  HeaderSearch.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.keyCode === 229) return;  // 229: a key an input method takes
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

  function start() {
    var header = document.querySelector("[data-rk-search]");
    if (header) window.RkSearch.header = new HeaderSearch(header);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
