/*
 * 例句检索's engine: exact-phrase search over every passage of every report. No DOM in here:
 * the 例句检索 page and the header box (search-ui.js) draw what it finds, and the tests run it
 * alone. Everything about the data's layout (separator, record fields, fold table) comes with
 * the data, written by the build (scripts/reportkb/search.py).
 *
 * A query reads only what can hold it: `plan` names the index files its character grams are in,
 * then (once they are added) the shards that hold every gram; `search` matches exactly in the
 * shards of the plan that have arrived, and says whether that is all of them.
 */
(function (root) {
  "use strict";

  var PER_SHARD = 1048576;  // a passage id is shard × PER_SHARD + position in the shard (exact for any number of shards)

  function positionOf(id) {
    return id % PER_SHARD;
  }

  // A character as a regular expression (compiled with the u flag, so outside the Basic
  // Multilingual Plane a character is one code point, never half of a surrogate pair), alone and
  // inside a character class.
  function escapeRegExp(c) {
    return c.replace(/[\\^$.*+?()[\]{}|/]/gu, "\\$&");
  }

  function escapeInClass(c) {
    return c.replace(/[\\\]^-]/gu, "\\$&");
  }

  function positions(names) {
    var at = {};
    names.forEach(function (name, i) { at[name] = i; });
    return at;
  }

  // The engine over the tables (data: fold, roles, themes, meetings, reports, format, and the
  // content keys of the shards, the index files and the titles files).
  function Engine(data) {
    this.data = data;
    this.shards = [];
    this.index = [];
    this.titles = [];
    this.shardAt = positions(data.shards);
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

  // A shard: its reports and labels, its passages (report and label as indexes into those) and text.
  Engine.prototype.addShard = function (shard) {
    var text = shard.text, starts = [0], n = shard.passages.length / this.stride;
    for (var i = text.indexOf(this.separator); i !== -1; i = text.indexOf(this.separator, i + 1)) starts.push(i + 1);
    var reports = shard.reports.map(function (slug) { return this.reportIndex[slug]; }, this);
    var report = new Int32Array(n), role = new Int32Array(n), order = new Int32Array(n);
    for (var k = 0; k < n; k++) {
      report[k] = reports[shard.passages[this.stride * k + this.field.report]];
      role[k] = shard.passages[this.stride * k + this.field.role];
      order[k] = shard.passages[this.stride * k + this.field.order];
    }
    this.shards[this.shardAt[shard.key]] = {
      text: text, starts: starts, count: n, passages: shard.passages, labels: shard.labels, report: report, role: role, order: order
    };
  };

  // An index file: gram → the shards holding it (gaps in base 36, comma-separated).
  Engine.prototype.addIndex = function (part) {
    this.index[part.index] = part.grams;
  };

  // A titles file: the titles of the reports from `first` on.
  Engine.prototype.addTitles = function (part) {
    part.titles.forEach(function (title, i) { this.titles[part.first + i] = title; }, this);
  };

  // The titles file that holds a report's title.
  Engine.prototype.titlesFileOf = function (report) {
    return Math.floor(report / this.data.format.titlesPerFile);
  };

  function terms(query) {
    return query.split(/\s+/).filter(Boolean);
  }

  function unique(values) {
    return Array.from(new Set(values));
  }

  // The grams of a term as the index has them (folded): each pair of neighbours, or its one character.
  Engine.prototype.grams = function (term) {
    var fold = this.fold, chars = Array.from(term).map(function (c) {
      return Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
    });
    if (chars.length === 1) return chars;
    return chars.slice(1).map(function (c, i) { return chars[i] + c; });
  };

  // The index file of a gram (as scripts/reportkb/search.py gram_bucket).
  Engine.prototype.indexFileOf = function (gram) {
    var cps = Array.from(gram), second = cps.length > 1 ? cps[1].codePointAt(0) : 0;
    return (cps[0].codePointAt(0) * this.data.format.gramHash + second) % this.data.indexFiles.length;
  };

  function decode(posting, base) {
    var n = 0;
    return posting.split(",").map(function (gap) { n += parseInt(gap, base); return n; });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  // What a query needs: {files: index files still to load, shards: the shards that hold every
  // gram of every term (null until those files are there), missing: those shards still to load};
  // `search` adds titles: the titles files of the reports found, still to load.
  Engine.prototype.plan = function (query) {
    var grams = unique([].concat.apply([], terms(query).map(this.grams, this)));
    var files = unique(grams.map(this.indexFileOf, this)).filter(function (f) { return !this.index[f]; }, this);
    if (files.length) return { files: files, shards: null, missing: [] };
    var shards = null;
    for (var g = 0; g < grams.length && (shards === null || shards.length); g++) {
      var posting = this.index[this.indexFileOf(grams[g])][grams[g]];
      var holding = posting === undefined ? [] : decode(posting, this.data.format.base);
      shards = shards === null ? holding : intersect(shards, holding);
    }
    shards = shards || [];
    return { files: [], shards: shards, missing: shards.filter(function (s) { return !this.shards[s]; }, this) };
  };

  // A regular expression matching the term in every folded form (，and , alike).
  Engine.prototype.pattern = function (term) {
    var self = this;
    return Array.from(term).map(function (c) {
      var f = Object.prototype.hasOwnProperty.call(self.fold, c) ? self.fold[c] : c;
      var cls = self.classes[f];
      return cls ? "[" + cls.map(escapeInClass).join("") + "]" : escapeRegExp(c);
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

  Engine.prototype.shardOf = function (id) { return this.shards[Math.floor(id / PER_SHARD)]; };

  Engine.prototype.passageText = function (id) {
    var shard = this.shardOf(id), k = positionOf(id);
    var end = k + 1 < shard.count ? shard.starts[k + 1] - 1 : shard.text.length;
    return shard.text.slice(shard.starts[k], end);
  };

  Engine.prototype.report = function (id) { return this.shardOf(id).report[positionOf(id)]; };
  Engine.prototype.role = function (id) { return this.shardOf(id).role[positionOf(id)]; };

  // A report's record as an object: {slug, title, year, kind, meeting, themes}; the title is the
  // slug until its titles file has arrived.
  Engine.prototype.reportInfo = function (index) {
    var record = this.data.reports[index], info = {};
    Object.keys(this.reportField).forEach(function (name) { info[name] = record[this.reportField[name]]; }, this);
    info.title = this.titleOf(index);
    return info;
  };

  // A report's title; its slug until its titles file has arrived.
  Engine.prototype.titleOf = function (index) {
    return this.titles[index] || this.data.reports[index][this.reportField.slug];
  };

  // Where a passage is: report (index and slug, title), role index, label and anchor.
  Engine.prototype.meta = function (id) {
    var shard = this.shardOf(id), position = positionOf(id), k = this.stride * position, f = this.field;
    var reportAt = shard.report[position], report = this.data.reports[reportAt];
    return {
      report: reportAt, role: shard.role[position], label: shard.labels[shard.passages[k + f.label]],
      anchor: shard.passages[k + f.anchor], slug: report[this.reportField.slug], title: this.titleOf(reportAt)
    };
  };

  // Passages containing every term, in reading order (report by report), among the shards of
  // the query's plan that have arrived: {terms, regexes, plan, complete: all of them there?,
  // hits: [{id}]}.
  Engine.prototype.search = function (query) {
    var words = terms(query);
    if (!words.length) return null;
    var regexes = words.map(function (t) { return new RegExp(this.pattern(t), "gu"); }, this);
    var plan = this.plan(query), hits = [];
    (plan.shards || []).forEach(function (s) {
      var shard = this.shards[s];
      if (!shard) return;
      // Scanning moves forward and skips to the next passage after a match, so the passages of
      // each term come in order; later terms keep only the passages every earlier term had.
      var found = null;
      for (var t = 0; t < regexes.length; t++) {
        var re = regexes[t], here = new Set(), m;
        re.lastIndex = 0;
        while ((m = re.exec(shard.text)) !== null) {
          var k = passageAt(shard, m.index);
          if (!found || found.has(k)) here.add(k);
          re.lastIndex = k + 1 < shard.count ? shard.starts[k + 1] : shard.text.length;
        }
        found = here;
      }
      var base = s * PER_SHARD;
      found.forEach(function (position) { hits.push({ id: base + position }); });
    }, this);
    // shards hold passages in the order of their text: the hits go back into reading order
    hits.sort(function (a, b) {
      return this.report(a.id) - this.report(b.id) || this.shardOf(a.id).order[positionOf(a.id)] - this.shardOf(b.id).order[positionOf(b.id)];
    }.bind(this));
    // the titles of the reports found, from their files
    plan.titles = unique(hits.map(function (h) { return this.titlesFileOf(this.report(h.id)); }, this)).filter(function (n) {
      return this.titles[n * this.data.format.titlesPerFile] === undefined;
    }, this);
    var complete = plan.shards !== null && plan.missing.length === 0 && plan.titles.length === 0;
    return { terms: words, regexes: regexes, plan: plan, complete: complete, hits: hits };
  };

  // Is every term in the passage exactly as typed (not only in another width or case)?
  Engine.prototype.exact = function (result, id) {
    var text = this.passageText(id);
    return result.terms.every(function (t) { return text.indexOf(t) !== -1; });
  };

  // Where a term is first matched in a text from `from` on (-1: not there).
  function firstMatch(re, text, from) {
    var local = new RegExp(re.source, re.flags);
    local.lastIndex = from;
    var m = local.exec(text);
    return m ? m.index : -1;
  }

  // The stretches of text shown around matches at `starts`: `before` characters before each and
  // twice that after, overlapping ones merged.
  function windows(starts, before, floor, length) {
    var out = [];
    starts.forEach(function (at) {
      var from = Math.max(floor, at - before), to = Math.min(length, at + before * 3), last = out[out.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else out.push([from, to]);
    });
    return out;
  }

  // Keyword in context, every term of the query in sight: one stretch around the terms' first
  // matches when they lie close together (`context` characters before, twice that after), else
  // a shorter stretch around each, joined by "…". The passage's label is left out (it is shown
  // on its own) unless a match is in it. Returns {before: cut at the start?, after: cut at the
  // end?, parts: [{text, mark}]}.
  Engine.prototype.snippet = function (result, hit, context) {
    var text = this.passageText(hit.id), label = this.meta(hit.id).label;
    var skip = label && text.indexOf(label) === 0 ? label.length : 0;
    var starts = result.regexes.map(function (re) {
      var at = firstMatch(re, text, skip);
      return at === -1 ? firstMatch(re, text, 0) : at;
    }).sort(function (a, b) { return a - b; });
    if (starts[0] < skip) skip = 0;
    var shown = windows(starts, context, skip, text.length);
    if (shown.length > 1) shown = windows(starts, Math.ceil(context / 2), skip, text.length);
    var parts = [];
    shown.forEach(function (w, i) {
      if (i) parts.push({ text: "…", mark: false });
      markParts(text.slice(w[0], w[1]), result.regexes).forEach(function (part) { parts.push(part); });
    });
    return { before: shown[0][0] > skip, after: shown[shown.length - 1][1] < text.length, parts: parts };
  };

  // A stretch of text cut into parts, the matches of every term marked.
  function markParts(shown, regexes) {
    var marks = [];
    regexes.forEach(function (re) {
      var local = new RegExp(re.source, re.flags), m;
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
    return parts;
  }

  function add(map, key) {
    map.set(key, (map.get(key) || 0) + 1);
  }

  // The 年份 filter's value (in a URL, and in the year counts) for reports that state no year.
  var NO_YEAR = "未注明";

  // The filters as indexes (-1: any; -2: a value no passage has; year 0: no year stated) from their
  // values as written in a URL: {role: id, report: slug, theme: name, year: "2022" or NO_YEAR, meeting: "专题"}.
  Engine.prototype.wanted = function (state) {
    var roleAt = this.roleIndex[state.role], reportAt = this.reportIndex[state.report];
    return {
      role: state.role ? (roleAt === undefined ? -2 : roleAt) : -1,
      report: state.report ? (reportAt === undefined ? -2 : reportAt) : -1,
      theme: state.theme ? this.data.themes.indexOf(state.theme) : -1,
      year: state.year === NO_YEAR ? 0 : state.year ? Number(state.year) : -1,
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
      if (want.year !== -1 && (report[f.year] || 0) !== want.year) { fails++; failed = "year"; }
      if (want.meeting !== null && report[f.meeting] !== want.meeting) { fails++; failed = "meeting"; }
      if (fails > 1) continue;
      if (fails === 0) shown.push(hits[i]);
      if (!fails || failed === "role") { totals.role++; add(counts.role, roles[role][0]); }
      if (!fails || failed === "report") { totals.report++; add(counts.report, report[f.slug]); }
      if (!fails || failed === "theme") {
        totals.theme++;
        for (var t = 0; t < report[f.themes].length; t++) add(counts.theme, themes[report[f.themes][t]]);
      }
      if (!fails || failed === "year") { totals.year++; add(counts.year, report[f.year] ? String(report[f.year]) : NO_YEAR); }
      if (!fails || failed === "meeting") { totals.meeting++; if (report[f.meeting]) add(counts.meeting, report[f.meeting]); }
    }
    return { counts: counts, totals: totals, shown: shown };
  };

  // A shard file's packed JSON (deflated, in base64: search.py `packed`), unpacked; resolves with the shard.
  function unpack(packed) {
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var text = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
    return text.then(JSON.parse);
  }

  root.RkSearch = root.RkSearch || {};
  root.RkSearch.Engine = Engine;
  root.RkSearch.unpack = unpack;
  root.RkSearch.NO_YEAR = NO_YEAR;
})(typeof self !== "undefined" ? self : this);
