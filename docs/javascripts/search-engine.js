/*
 * 例句检索's engine: exact-phrase search over every passage of every report. No DOM in here:
 * the 例句检索 page and the header box (search-ui.js) draw what it finds, and the tests run it
 * alone. Everything about the data's layout (separator, record fields, fold table) comes with
 * the data, written by the build (scripts/reportkb/search.py).
 */
(function (root) {
  "use strict";

  var SHARD_BITS = 20;  // a passage id is shard << SHARD_BITS | position in the shard
  var POSITION = (1 << SHARD_BITS) - 1;

  function escapeRegExp(c) {
    return c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  }

  function positions(names) {
    var at = {};
    names.forEach(function (name, i) { at[name] = i; });
    return at;
  }

  // The engine over the tables (data: fold, roles, themes, labels, reports, format, shards).
  function Engine(data) {
    this.data = data;
    this.shards = [];
    this.loaded = 0;
    var fields = data.format.fields;
    this.separator = data.format.separator;
    this.stride = fields.length;
    this.field = positions(fields);
    this.reportField = positions(data.format.reports);
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
    var text = shard.text, starts = [0], n = shard.passages.length / this.stride;
    for (var i = text.indexOf(this.separator); i !== -1; i = text.indexOf(this.separator, i + 1)) starts.push(i + 1);
    var report = new Int32Array(n), role = new Int32Array(n);
    for (var k = 0; k < n; k++) {
      report[k] = shard.passages[this.stride * k + this.field.report];
      role[k] = shard.passages[this.stride * k + this.field.role];
    }
    this.shards[shard.index] = { text: text, starts: starts, count: n, passages: shard.passages, report: report, role: role };
    this.loaded++;
  };

  // A regular expression matching the term in every folded form (，and , alike).
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
    var shard = this.shardOf(id), k = id & POSITION;
    var end = k + 1 < shard.count ? shard.starts[k + 1] - 1 : shard.text.length;
    return shard.text.slice(shard.starts[k], end);
  };

  Engine.prototype.report = function (id) { return this.shardOf(id).report[id & POSITION]; };
  Engine.prototype.role = function (id) { return this.shardOf(id).role[id & POSITION]; };

  // A report's record as an object: {slug, title, year, kind, meeting, themes}.
  Engine.prototype.reportInfo = function (index) {
    var record = this.data.reports[index], info = {};
    Object.keys(this.reportField).forEach(function (name) { info[name] = record[this.reportField[name]]; }, this);
    return info;
  };

  // Where a passage is: report (index and slug, title), role index, label and anchor.
  Engine.prototype.meta = function (id) {
    var shard = this.shardOf(id), k = this.stride * (id & POSITION), f = this.field;
    var reportAt = shard.passages[k + f.report], report = this.data.reports[reportAt];
    return {
      report: reportAt, role: shard.passages[k + f.role], label: this.data.labels[shard.passages[k + f.label]],
      anchor: shard.passages[k + f.anchor], slug: report[this.reportField.slug], title: report[this.reportField.title]
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
        while ((m = re.exec(shard.text)) !== null) {
          var k = passageAt(shard, m.index);
          if (!found) here.set(k, m.index - shard.starts[k]);
          else if (found.has(k)) here.set(k, found.get(k));
          re.lastIndex = k + 1 < shard.count ? shard.starts[k + 1] : shard.text.length;
        }
        found = here;
      }
      var base = s << SHARD_BITS;
      found.forEach(function (at, position) { hits.push({ id: base | position, at: at }); });
    }
    return { terms: terms, regexes: regexes, hits: hits };
  };

  // Is every term in the passage exactly as typed (not only in another width or case)?
  Engine.prototype.exact = function (result, id) {
    var text = this.passageText(id);
    return result.terms.every(function (t) { return text.indexOf(t) !== -1; });
  };

  // Keyword in context: `context` characters before the match, twice that after, the passage's
  // label left out (it is shown on its own) unless the match is in it. Returns
  // {before: cut at the start?, after: cut at the end?, parts: [{text, mark}]}.
  Engine.prototype.snippet = function (result, hit, context) {
    var text = this.passageText(hit.id), label = this.meta(hit.id).label, at = hit.at;
    var skip = label && text.indexOf(label) === 0 && at >= label.length ? label.length : 0;
    var from = Math.max(skip, at - context), to = Math.min(text.length, at + context * 2);
    var shown = text.slice(from, to), marks = [];
    result.regexes.forEach(function (re) {
      var local = new RegExp(re.source, "g"), m;
      while ((m = local.exec(shown)) !== null) marks.push([m.index, m.index + m[0].length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var parts = [], pos = 0;
    marks.forEach(function (r) {
      if (r[0] < pos) return;
      if (r[0] > pos) parts.push({ text: shown.slice(pos, r[0]), mark: false });
      parts.push({ text: shown.slice(r[0], r[1]), mark: true });
      pos = r[1];
    });
    if (pos < shown.length) parts.push({ text: shown.slice(pos), mark: false });
    return { before: from > skip, after: to < text.length, parts: parts };
  };

  function add(map, key) {
    map.set(key, (map.get(key) || 0) + 1);
  }

  // The filters as indexes (-1: any; -2: a value no passage has) from their values as written
  // in a URL: {role: id, report: slug, theme: name, year: "2022", meeting: "专题"}.
  Engine.prototype.wanted = function (state) {
    var roleAt = this.roleIndex[state.role], reportAt = this.reportIndex[state.report];
    return {
      role: state.role ? (roleAt === undefined ? -2 : roleAt) : -1,
      report: state.report ? (reportAt === undefined ? -2 : reportAt) : -1,
      theme: state.theme ? this.data.themes.indexOf(state.theme) : -1,
      year: state.year ? Number(state.year) : -1,
      meeting: state.meeting || null
    };
  };

  // The name of a meeting type as pages show it (专题 → 专题民主生活会).
  Engine.prototype.meetingName = function (value) {
    var found = this.data.meetings.filter(function (m) { return m[0] === value; })[0];
    return found ? found[1] : value;
  };

  // Facet counts over the hits, each facet counted with the other filters applied, and the hits
  // all filters pass: {counts: {role, theme, year, meeting, report: Map value → count}, totals, shown}.
  Engine.prototype.facets = function (hits, want) {
    var reports = this.data.reports, roles = this.data.roles, themes = this.data.themes, f = this.reportField;
    var counts = { role: new Map(), theme: new Map(), year: new Map(), meeting: new Map(), report: new Map() };
    var totals = { role: 0, theme: 0, year: 0, meeting: 0, report: 0 }, shown = [];
    for (var i = 0; i < hits.length; i++) {
      var r = this.report(hits[i].id), role = this.role(hits[i].id), report = reports[r];
      // Which filters turn the hit away: a facet counts the hits that every other filter lets through.
      var fails = 0, failed = "";
      if (want.role !== -1 && role !== want.role) { fails++; failed = "role"; }
      if (want.report !== -1 && r !== want.report) { fails++; failed = "report"; }
      if (want.theme !== -1 && report[f.themes].indexOf(want.theme) === -1) { fails++; failed = "theme"; }
      if (want.year !== -1 && report[f.year] !== want.year) { fails++; failed = "year"; }
      if (want.meeting !== null && report[f.meeting] !== want.meeting) { fails++; failed = "meeting"; }
      if (fails > 1) continue;
      if (fails === 0) shown.push(hits[i]);
      if (!fails || failed === "role") { totals.role++; add(counts.role, roles[role][0]); }
      if (!fails || failed === "report") { totals.report++; add(counts.report, report[f.slug]); }
      if (!fails || failed === "theme") {
        totals.theme++;
        for (var t = 0; t < report[f.themes].length; t++) add(counts.theme, themes[report[f.themes][t]]);
      }
      if (!fails || failed === "year") { totals.year++; if (report[f.year]) add(counts.year, String(report[f.year])); }
      if (!fails || failed === "meeting") { totals.meeting++; if (report[f.meeting]) add(counts.meeting, report[f.meeting]); }
    }
    return { counts: counts, totals: totals, shown: shown };
  };

  root.RkSearch = root.RkSearch || {};
  root.RkSearch.Engine = Engine;
})(typeof self !== "undefined" ? self : this);
