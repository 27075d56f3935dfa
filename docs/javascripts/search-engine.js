/*
 * 例句检索's engine: exact-phrase search over every passage of every report. No DOM in here:
 * the 例句检索 page and the header box (search-ui.js) draw what it finds, and the tests run it
 * alone. Everything about the data's layout (separator, record fields, fold table, how postings
 * are written) comes with the data, written by the build (scripts/reportkb/search.py).
 *
 * A query reads what it needs: `plan` names the index files of its grams (pairs of neighbouring
 * characters), then the postings files of those of its grams that have one. From the postings
 * alone, `search` knows every hit in reading order (passages are numbered so) and their counts: a
 * phrase stands where its grams stand one after the other. Text is read only for the hits shown
 * (their shards, `shardsOf`), and for a term of one character, which has no gram: its candidates
 * are confirmed shard by shard, in reading order (`pending` until then).
 */
(function (root) {
  "use strict";

  var AT = 1048576;  // a place in the postings is passage × AT + position (a passage is shorter than that)

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

  // LEB128 varints from `bytes` at `state.at` (moved on).
  function varint(bytes, state) {
    var value = 0, scale = 1, b;
    do {
      b = bytes[state.at++];
      value += (b & 127) * scale;
      scale *= 128;
    } while (b & 128);
    return value;
  }

  // The first index of a sorted array whose value is above `value`, less one: where `value` falls.
  function slot(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The engine over the tables (data: fold, roles, themes, meetings, reports, how many passages each
  // report has, the content keys of shards, index and titles files, where each shard starts) and
  // the role of every passage (bytes: `open` unpacks them from the tables).
  function Engine(data, passageRoles) {
    this.data = data;
    this.shards = [];
    this.index = [];
    this.own = {};       // postings of grams with a file of their own, by key
    this.decoded = {};   // each gram's places, decoded once
    this.found = {};     // each term's passages (of two characters or more), found once
    this.titles = [];
    this.titlesAdded = 0;  // titles files added so far
    this.shardAt = {};  // content key → the shards that have it (two runs of passages may be alike)
    data.shards.forEach(function (key, n) { (this.shardAt[key] = this.shardAt[key] || []).push(n); }, this);
    this.shardStarts = data.shardStarts;
    var starts = [], n = 0;
    data.passageCounts.forEach(function (count) { starts.push(n); n += count; });
    this.reportStarts = starts;
    this.passages = n;
    this.passageRoles = passageRoles;
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
    // Passages that reports which are one report share: shown once, at the first, with how many
    // others have it (data.seeAlso: [first, [others]]).
    this.alsoIn = new Map();
    this.hidden = new Set();
    (data.seeAlso || []).forEach(function (entry) {
      this.alsoIn.set(entry[0], entry[1].length);
      entry[1].forEach(function (other) { this.hidden.add(other); }, this);
    }, this);
  }

  // An engine over the tables, once the passages' roles are unpacked.
  Engine.open = function (data) {
    return unpack(data.passageRoles).then(function (roles) { return new Engine(data, roles); });
  };

  // A shard (by its content key): its labels, its passages (label as an index into those, anchor) and text.
  Engine.prototype.addShard = function (key, shard) {
    this.arrived(true);
    var text = shard.text, starts = [0];
    for (var i = text.indexOf(this.separator); i !== -1; i = text.indexOf(this.separator, i + 1)) starts.push(i + 1);
    this.shardAt[key].forEach(function (n) {
      this.shards[n] = { first: this.shardStarts[n], text: text, starts: starts, count: starts.length, passages: shard.passages, labels: shard.labels };
    }, this);
  };

  // An index file (its postings unpacked to bytes): the grams it holds and where their postings are.
  Engine.prototype.addIndex = function (part, bytes) {
    this.arrived(false);
    var state = { at: 0 }, count = varint(bytes, state), length = varint(bytes, state), sizes = [];
    for (var i = 0; i < count; i++) sizes.push(varint(bytes, state));
    var grams = Array.from(new TextDecoder().decode(bytes.subarray(state.at, state.at + length)));
    var at = state.at + length, found = new Map();
    for (var g = 0; g < count; g++) {
      found.set(grams[2 * g] + grams[2 * g + 1], bytes.subarray(at, at + sizes[g]));
      at += sizes[g];
    }
    this.index[part.index] = { grams: found, own: part.own };
  };

  // The postings of a gram that has a file of its own (by the file's key).
  Engine.prototype.addPostings = function (key, bytes) {
    this.arrived(false);
    this.own[key] = bytes;
  };

  // A titles file: the titles of the reports from `first` on.
  Engine.prototype.addTitles = function (part) {
    this.titlesAdded++;
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

  Engine.prototype.folded = function (term) {
    var fold = this.fold;
    return Array.from(term).map(function (c) { return Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c; });
  };

  // The grams of a term as the index has them (folded): each pair of neighbours (none for one character).
  Engine.prototype.grams = function (term) {
    var chars = this.folded(term);
    return chars.slice(1).map(function (c, i) { return chars[i] + c; });
  };

  // The index file of a gram (as scripts/reportkb/search.py gram_bucket).
  Engine.prototype.indexFileOf = function (gram) {
    var cps = Array.from(gram), second = cps.length > 1 ? cps[1].codePointAt(0) : 0;
    return (cps[0].codePointAt(0) * this.data.format.gramHash + second) % this.data.indexFiles.length;
  };

  // A gram's postings as bytes: undefined while its file is not there, null when no passage has it.
  Engine.prototype.postingsOf = function (gram) {
    var part = this.index[this.indexFileOf(gram)];
    if (!part) return undefined;
    if (Object.prototype.hasOwnProperty.call(part.own, gram)) return this.own[part.own[gram]];
    return part.grams.get(gram) || null;
  };

  // A gram's places (passage × AT + position), ascending, decoded once.
  Engine.prototype.places = function (gram) {
    if (this.decoded[gram]) return this.decoded[gram];
    var bytes = this.postingsOf(gram), out = [], state = { at: 0 }, passage = 0, position = 0, first = true;
    var end = bytes ? bytes.length : 0;
    while (state.at < end) {
      var gap = varint(bytes, state), step = varint(bytes, state);
      if (first || gap) { passage += gap; position = step; } else position += step;
      first = false;
      out.push(passage * AT + position);
    }
    return (this.decoded[gram] = Float64Array.from(out));
  };

  // The passages where a term of two characters or more stands: its grams one after the other
  // (once its postings are all there, found once: a redraw as text arrives does not find it again).
  Engine.prototype.termPassages = function (term) {
    var key = this.folded(term).join("");
    return this.found[key] || (this.found[key] = this.passagesOf(term));
  };

  Engine.prototype.passagesOf = function (term) {
    var grams = this.grams(term), lists = grams.map(function (g, k) { return { places: this.places(g), shift: k }; }, this);
    lists.sort(function (a, b) { return a.places.length - b.places.length; });
    var start = lists[0], found = [];
    for (var i = 0; i < start.places.length; i++) found.push(start.places[i] - start.shift);
    for (var l = 1; l < lists.length && found.length; l++) {
      var other = lists[l].places, shift = lists[l].shift, kept = [], j = 0;
      for (var k = 0; k < found.length; k++) {
        var want = found[k] + shift;
        while (j < other.length && other[j] < want) j++;
        if (j < other.length && other[j] === want) kept.push(found[k]);
      }
      found = kept;
    }
    var passages = [];
    for (var f = 0; f < found.length; f++) {
      var p = Math.floor(found[f] / AT);
      if (passages[passages.length - 1] !== p) passages.push(p);
    }
    return passages;
  };

  // What a query needs: {files: index files still to load, postings: postings files still to load}.
  Engine.prototype.plan = function (query) {
    var grams = unique([].concat.apply([], terms(query).map(this.grams, this)));
    var files = unique(grams.map(this.indexFileOf, this)).filter(function (f) { return !this.index[f]; }, this);
    var postings = [];
    if (!files.length) {
      grams.forEach(function (g) {
        var part = this.index[this.indexFileOf(g)];
        if (Object.prototype.hasOwnProperty.call(part.own, g) && !this.own[part.own[g]]) postings.push(part.own[g]);
      }, this);
    }
    return { files: files, postings: unique(postings) };
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

  Engine.prototype.shardOf = function (id) {
    return this.shards[slot(this.shardStarts, id)];
  };

  // The shard numbers that hold the passages `ids`, in order, without those already there.
  Engine.prototype.shardsOf = function (ids) {
    return unique(ids.map(function (id) { return slot(this.shardStarts, id); }, this)).filter(function (n) { return !this.shards[n]; }, this);
  };

  // Is the text of a passage there (its shard loaded)?
  Engine.prototype.hasText = function (id) {
    return Boolean(this.shards[slot(this.shardStarts, id)]);
  };

  Engine.prototype.passageText = function (id) {
    var shard = this.shardOf(id), k = id - shard.first;
    var end = k + 1 < shard.count ? shard.starts[k + 1] - 1 : shard.text.length;
    return shard.text.slice(shard.starts[k], end);
  };

  Engine.prototype.report = function (id) { return slot(this.reportStarts, id); };
  Engine.prototype.role = function (id) { return this.passageRoles[id]; };

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

  // Where a passage is: report (index and slug, title), role index, label and anchor (its shard must be there).
  Engine.prototype.meta = function (id) {
    var shard = this.shardOf(id), k = this.stride * (id - shard.first), f = this.field;
    var reportAt = this.report(id), report = this.data.reports[reportAt];
    return {
      report: reportAt, role: this.role(id), label: shard.labels[shard.passages[k + f.label]],
      anchor: shard.passages[k + f.anchor], slug: report[this.reportField.slug], title: this.titleOf(reportAt)
    };
  };

  // Does the passage (its shard there) hold the term?
  function holds(engine, regex, id) {
    regex.lastIndex = 0;
    return regex.test(engine.passageText(id));
  }

  // Passages holding every term, in reading order: {terms, regexes, plan, hits: [{id}] (those known
  // to hold every term), pending: passage numbers that hold the longer terms and wait for their
  // shard to tell the one-character ones, checked: the share of candidates told, complete: nothing
  // waits (counts are final)}; hits are known as soon as the plan's postings are there, the
  // `pending` ones as their shards arrive.
  // A query's result, found once for the data there: asked again (each searcher, each redraw) before
  // data that could change it arrives, the same object.
  Engine.prototype.search = function (query) {
    if (this.last && this.last.query === query) return this.last.result;
    var result = this.searchAnew(query);
    this.last = { query: query, result: result };
    return result;
  };

  // Data has arrived: a result it could change is found again (`pendingOnly`: a shard, which changes
  // only a result waiting to confirm one-character terms).
  Engine.prototype.arrived = function (pendingOnly) {
    if (!this.last || !pendingOnly || (this.last.result && !this.last.result.complete)) this.last = null;
  };

  Engine.prototype.searchAnew = function (query) {
    var words = terms(query);
    if (!words.length) return null;
    var regexes = words.map(function (t) { return new RegExp(this.pattern(t), "gu"); }, this);
    var plan = this.plan(query);
    if (plan.files.length || plan.postings.length) {
      return { terms: words, regexes: regexes, plan: plan, hits: [], hidden: [], pending: [], checked: 0, complete: false };
    }
    var long = words.filter(function (t) { return Array.from(t).length > 1; });
    var short = regexes.filter(function (re, i) { return Array.from(words[i]).length === 1; });
    var candidates = null;
    long.forEach(function (t) {
      var found = this.termPassages(t);
      candidates = candidates === null ? found : intersect(candidates, found);
    }, this);
    var hits = [], pending = [];
    var hidden = [];  // hits shown at the same passage of the report found first (hitsFor)
    var check = function (id) {
      var into = this.hidden.has(id) ? hidden : hits;
      if (!short.length) into.push({ id: id });
      else if (!this.shards[slot(this.shardStarts, id)]) pending.push(id);
      else if (short.every(function (re) { return holds(this, re, id); }, this)) into.push({ id: id });
    }.bind(this);
    var total = candidates === null ? this.passages : candidates.length;
    if (candidates === null) for (var id = 0; id < this.passages; id++) check(id);
    else candidates.forEach(check);
    var checked = total ? 1 - pending.length / total : 1;
    return { terms: words, regexes: regexes, plan: plan, hits: hits, hidden: hidden, pending: pending, checked: checked, complete: !pending.length };
  };

  // The hits filters `want` are applied to: the result's, and when one report is asked for, its
  // passages that are shown at another report's otherwise (that report is the same one).
  Engine.prototype.hitsFor = function (result, want) {
    if (want.report < 0 || !result.hidden || !result.hidden.length) return result.hits;
    var own = result.hidden.filter(function (h) { return this.report(h.id) === want.report; }, this);
    return own.length ? result.hits.concat(own).sort(function (a, b) { return a.id - b.id; }) : result.hits;
  };

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

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
  // all filters pass: {counts: {role, theme, year, meeting, report: Map value → count}, totals, shown};
  // counted once for the same hits and filters (the page asks for them twice a redraw).
  Engine.prototype.facets = function (hits, want) {
    var key = JSON.stringify(want);
    if (this.counted && this.counted.hits === hits && this.counted.key === key) return this.counted.value;
    var value = this.countFacets(hits, want);
    this.counted = { hits: hits, key: key, value: value };
    return value;
  };

  Engine.prototype.countFacets = function (hits, want) {
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

  // Packed bytes (deflated, in base64: search.py `packed`), unpacked; resolves with the bytes. The
  // browser decodes the base64 (a data: URL) and inflates, off the page's main thread; where it will
  // not fetch a data: URL, the base64 is decoded here.
  function unpack(packed) {
    var deflated = fetch("data:application/octet-stream;base64," + packed).then(function (response) {
      return response.body;
    }, function () {
      return new Blob([decoded(packed)]).stream();
    });
    return deflated.then(function (stream) {
      return new Response(stream.pipeThrough(new DecompressionStream("deflate"))).arrayBuffer();
    }).then(function (buffer) { return new Uint8Array(buffer); });
  }

  function decoded(base64) {
    var text = atob(base64), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  // Packed JSON (a shard), unpacked and parsed.
  function unpackJson(packed) {
    return unpack(packed).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
  }

  root.RkSearch = root.RkSearch || {};
  root.RkSearch.Engine = Engine;
  root.RkSearch.unpack = unpack;
  root.RkSearch.unpackJson = unpackJson;
  root.RkSearch.NO_YEAR = NO_YEAR;
})(typeof self !== "undefined" ? self : this);
