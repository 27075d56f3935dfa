/*
 * 写作自查 on the page: drop or paste a draft, see its outline, findings and the problem → cause →
 * measure table, take it away laid out as Word. The checking itself is reportkb (Python) in a Web
 * Worker (checker-worker.js); this script only moves bytes to it and draws what comes back.
 * Nothing is sent anywhere: the worker loads the site's own files and nothing else.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-rk-checker]");
  if (!root) return;
  var ui = window.RkSearch.ui;
  var config = JSON.parse(root.getAttribute("data-rk-checker"));  // written by indexes.checker_block
  var steps = config.steps;  // [name, what to say], from draft.STEPS
  var COMPARE = "看各篇样例的这一部分";  // a link to the part side by side, from a part or a point
  var TYPING_PAUSE = 600;  // ms after the last keystroke before the pasted text is checked again
  var PASTED = "粘贴的初稿.txt";
  var SEVERITY_ORDER = ["error", "warning", "suggestion"];
  var here = document.currentScript ? document.currentScript.src : location.href;
  var status = root.querySelector("[data-rk-checker-status]");
  var bar = root.querySelector("[data-rk-checker-progress]");
  var drop = root.querySelector("[data-rk-checker-drop]");
  var input = root.querySelector("[data-rk-checker-file]");
  var text = root.querySelector("[data-rk-checker-text]");
  var result = root.querySelector("[data-rk-checker-result]");
  var worker = null, ready = false, waiting = null, current = null, timer = null, asked = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function say(message) {
    status.textContent = message;
  }

  // The checker's worker, if this browser can run it: a module worker (Pyodide runs in one; a
  // browser without them never reads the options' `type`, and would start it as a classic script)
  // and WebAssembly. Null in an older browser.
  function startWorker() {
    var module = false, started = null;
    if (typeof WebAssembly !== "object") return null;
    try {
      started = new Worker(new URL("checker-worker.js", here), { get type() { module = true; return "module"; } });
    } catch {
      return null;  // a browser that reads `type` but cannot start a module worker
    }
    if (!module) started.terminate();
    return module ? started : null;
  }

  // The checker cannot run here: say why in one line, and take files dropped on the page away from the browser.
  function off(message) {
    say(message);
    root.setAttribute("data-state", "off");
    bar.hidden = true;
    [input, text].forEach(function (c) { c.disabled = true; });
    drop.classList.add("rk-checker__drop--off");
    ["dragover", "drop"].forEach(function (kind) {
      window.addEventListener(kind, function (event) { event.preventDefault(); });
    });
  }

  if (location.protocol === "file:") {
    off("从文件夹直接打开的页面不能运行写作自查。请通过单位内网上的站点地址打开本页，再检查初稿。");
    return;
  }
  worker = startWorker();
  if (!worker) {
    off(ui.tooOld("写作自查"));
    return;
  }

  /* ---------------------------------------------------------------- the worker */

  // The bar moves from the start: each step of the start takes it to its mark, and between marks
  // it creeps on towards the next one, so that a long step (the runtime) still shows it working.
  var MARK = 100 / (steps.length - 1), CREEP = 250;  // ms between the bar's small moves
  var reached = 0, creeping = setInterval(function () {
    var next = Math.min(100, (reached + 1) * MARK);
    bar.value += (next - bar.value) * 0.08;
  }, CREEP);
  bar.max = 100;
  bar.value = 2;

  worker.postMessage({
    start: {
      pyodide: ui.siteUrl(config.pyodide), bundle: ui.siteUrl(config.bundle), library: JSON.stringify(config.library), site: ui.siteUrl("")
    }
  });
  root.setAttribute("data-state", "loading");

  worker.addEventListener("message", function (event) {
    var data = event.data;
    if (data.progress) {
      var step = steps.findIndex(function (s) { return s[0] === data.progress; });
      if (step >= 0) {
        reached = step;
        bar.value = Math.max(bar.value, step * MARK);
        say(steps[step][1] + (waiting ? received(waiting) : ""));
      }
    }
    if (data.progress === steps[steps.length - 1][0]) {
      ready = true;
      clearInterval(creeping);
      bar.hidden = true;
      root.setAttribute("data-state", "ready");
      say("检查程序已就绪：拖入或选择初稿，或把全文粘贴到下面的框里。");
      if (waiting) send(waiting);
    } else if (data.result) {
      if (data.id === asked) draw(JSON.parse(data.result));
    } else if (data.word) {
      save(data.word);
    } else if (data.failed) {
      failed(data.failed);
    }
  });

  worker.addEventListener("error", function (event) {
    event.preventDefault();
    failed(event.message);
  });

  // What the status adds while a draft waits for the checker (a file or the draft: its name).
  function received(draft) {
    return "已收到《" + draft.name + "》，检查程序一准备好就检查。";
  }

  function failed(message) {
    bar.hidden = true;
    clearInterval(creeping);
    root.setAttribute("data-state", ready ? "ready" : "failed");
    say(ready ? "检查出错：" + message
      : "写作自查没能启动（" + message + "）。请刷新页面再试；仍不行，请告诉维护样例库的同事。");
  }

  function send(draft) {
    current = draft;
    if (root.getAttribute("data-state") === "failed") return;  // nothing will check it: the status says why
    if (!ready) {
      waiting = draft;
      say(steps[reached][1] + received(draft));
      return;
    }
    waiting = null;
    asked++;
    result.setAttribute("data-state", "checking");
    worker.postMessage({ check: { name: draft.name, bytes: draft.bytes.slice(0), id: asked } });
  }

  /* ---------------------------------------------------------------- input */

  function readFile(file) {
    if (!ready && root.getAttribute("data-state") !== "failed") say(steps[reached][1] + received(file));  // at once, while its bytes are read
    file.arrayBuffer().then(function (bytes) { send({ name: file.name, bytes: bytes }); });
  }

  input.addEventListener("change", function () { if (input.files[0]) readFile(input.files[0]); });
  drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("rk-checker__drop--over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("rk-checker__drop--over"); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    drop.classList.remove("rk-checker__drop--over");
    if (event.dataTransfer.files[0]) readFile(event.dataTransfer.files[0]);
  });
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (text.value.trim()) send({ name: PASTED, bytes: new TextEncoder().encode(text.value).buffer });
    }, TYPING_PAUSE);
  });

  /* ---------------------------------------------------------------- drawing */

  function sections(report) {
    var out = [];
    (function visit(list) {
      list.forEach(function (s) { out.push(s); visit(s.children); });
    })(report.sections);
    return out;
  }

  // Where a finding is: its place in the outline (二、（一）一是), which a click shows in the outline
  // drawn below; else its line (第 5 行, 第 5 段).
  function place(finding, unit) {
    var node = finding.node;  // the outline's node it is in (check.Finding)
    if (finding.place && outlined.has(node)) {
      var link = el("a", { href: "#", class: "rk-checker__place", "data-rk-checker-goto": node, text: finding.place });
      link.addEventListener("click", function (event) { event.preventDefault(); show(node); });
      return [link, "："];
    }
    var where = finding.place || (finding.line ? "第 " + finding.line + " " + unit : "");
    return [where ? where + "：" : ""];
  }

  // Scroll the outline's node for an anchor into view and mark it a moment.
  function show(anchor) {
    var node = result.querySelector('.rk-checker__outline [data-anchor="' + CSS.escape(anchor) + '"]');
    if (!node) return;
    result.querySelectorAll(".rk-checker__shown").forEach(function (n) { n.classList.remove("rk-checker__shown"); });
    node.classList.add("rk-checker__shown");
    node.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  var outlined = new Set();  // the anchors the outline drawn last shows

  function findingsBlock(found, names, unit) {
    var block = el("div", { class: "rk-checker__findings" });
    var counts = SEVERITY_ORDER.map(function (s) { return names.severities[s] + " " + found.filter(function (f) { return f.severity === s; }).length; });
    block.appendChild(el("p", { "data-rk-checker-summary": "", text: found.length ? "发现 " + found.length + " 处：" + counts.join("、") : "没有发现问题。" }));
    SEVERITY_ORDER.forEach(function (severity) {
      var these = found.filter(function (f) { return f.severity === severity; });
      if (!these.length) return;
      block.appendChild(el("h4", { text: names.severities[severity] + "（" + these.length + "）" }));
      block.appendChild(el("ul", {}, these.map(function (f) {
        return el("li", { "data-rule": f.rule, "data-severity": f.severity }, [
          el("span", { class: "rk-sev rk-sev-" + f.severity, text: names.severities[severity] })
        ].concat(place(f, unit), [f.message]));
      })));
    });
    return block;
  }

  // A passage of the library as a link to its place: 《title》一是 (copies.Source: its place as numbered, or 开篇, 结尾).
  function sourceLink(source) {
    return el("a", { href: ui.reportUrl(source.slug, source.anchor), text: "《" + source.title + "》" + source.place });
  }

  // A point of the draft with a link to how the samples wrote it (draft.links picked where): 例句检索
  // for a phrase of it the library holds, else its aspect's passages, else the part side by side;
  // and the library's passages most like it (相近的写法, from 查重), if any.
  function pointItem(point, links, similar) {
    var own = links[point.id] || {}, link = null, like = similar[point.id];
    var list = like ? el("ul", { class: "rk-checker__similar", "data-rk-checker-similar": "" }, [el("li", { text: "相近的写法：" })].concat(like.map(function (s) {
      return el("li", {}, [sourceLink(s), "：" + clipped(s.text, 60)]);
    }))) : null;
    if (own.phrases) link = el("a", { href: ui.phrasesUrl(own.phrases), class: "rk-checker__link", text: "例句：" + own.phrases });
    else if (own.similar) link = el("a", { href: ui.siteUrl(own.similar[1]), class: "rk-checker__link", text: "同类写法：" + own.similar[0] });
    else if (own.compare) link = el("a", { href: ui.siteUrl(own.compare), class: "rk-checker__link", text: COMPARE });
    return el("li", { "data-anchor": point.id }, [el("span", { class: "rk-label", text: point.label }), point.headline, link, list]);
  }

  function clipped(passage, size) {
    var chars = Array.from(passage);
    return chars.length > size ? chars.slice(0, size).join("") + "…" : passage;
  }

  // 查重: the summary, then the draft's text with every copied stretch marked and its sources after it.
  function copiesBlock(copies) {
    var block = el("div", { class: "rk-checker__copies", "data-rk-checker-copies": "" }, [el("p", { "data-rk-copies-summary": "", text: copies.summary })]);
    if (!copies.passages.length) return block;
    var draft = Array.from(copies.text), lines = [], line = [], at = 0;  // offsets count characters, as Python does
    var cut = function (to, mark, copied) {
      draft.slice(at, to).join("").split("\n").forEach(function (piece, i) {
        if (i) { lines.push(line); line = []; }
        if (piece) line.push(mark ? el("mark", { "data-rk-copied": "", text: piece }) : piece);
      });
      at = to;
      if (!copied) return;
      var links = [];  // 《title》一是、二是: a report named once
      copied.sources.forEach(function (s, i) {
        var again = copied.sources.slice(0, i).some(function (o) { return o.slug === s.slug; });
        links.push(i ? "、" : "（见", again ? el("a", { href: ui.reportUrl(s.slug, s.anchor), text: s.place || "同一篇" }) : sourceLink(s));
      });
      line.push(el("span", { class: "rk-checker__sources" }, links.concat(["）"])));
    };
    copies.passages.forEach(function (c) {
      cut(c.start, false, null);
      cut(c.end, true, c);
    });
    cut(draft.length, false, null);
    lines.push(line);
    block.appendChild(el("div", { class: "rk-checker__draft" }, lines.map(function (l) { return el("p", {}, l); })));
    return block;
  }

  function sectionItem(section, links, names, top, similar) {
    var own = links[section.id] || {};
    var extras = (own.aspects || []).map(function (aspect) {
      return el("a", { href: ui.siteUrl(aspect[1]), class: "rk-tag", text: aspect[0] });
    });
    if (own.compare) extras.push(el("a", { href: ui.siteUrl(own.compare), class: "rk-checker__link", text: COMPARE }));
    var children = section.points.map(function (p) { return pointItem(p, links, similar); })
      .concat(section.children.map(function (c) { return sectionItem(c, links, names, false, similar); }));
    return el("li", { "data-anchor": section.id }, [
      el("span", { class: "rk-checker__heading", text: section.label + section.title }),
      top ? el("span", { class: "rk-hit__role rk-role-" + section.role, text: names.roles[section.role] || section.role }) : null,
      " "].concat(extras).concat([children.length ? el("ul", {}, children) : null]));
  }

  function chainTable(chain, report, names) {
    if (!chain.length) return null;
    var labels = {};
    sections(report).forEach(function (s) {
      labels[s.id] = s.label || s.title;
      s.points.forEach(function (p) { labels[p.id] = p.label; });
    });
    var roles = Object.keys(chain[0]).filter(function (k) { return k !== "aspect"; });
    var head = el("tr", {}, [el("th", { text: "方面" })].concat(roles.map(function (r) { return el("th", { text: names.roles[r] || r }); })));
    var rows = chain.map(function (row) {
      return el("tr", {}, [el("td", { text: row.aspect })].concat(roles.map(function (r) {
        return el("td", { text: row[r].map(function (a) { return labels[a] || a; }).join("、") || "—" });
      })));
    });
    // Wrapped as Material wraps a Markdown table, so that it takes the theme's table style and
    // scrolls sideways on a phone instead of squeezing its columns.
    var table = el("table", {}, [el("thead", {}, [head]), el("tbody", {}, rows)]);
    return el("div", { class: "md-typeset__scrollwrap", "data-rk-checker-chain": "" }, [el("div", { class: "md-typeset__table" }, [table])]);
  }

  function draw(data) {
    result.textContent = "";
    if (data.error) {
      result.appendChild(el("p", { class: "rk-checker__error", text: data.error.join("\n") }));
      result.setAttribute("data-state", "error");
      return;
    }
    data.reports.forEach(function (item) {
      var report = item.report;
      outlined = new Set();
      sections(report).forEach(function (s) {
        outlined.add(s.id);
        s.points.forEach(function (p) { outlined.add(p.id); });
      });
      result.appendChild(el("h3", { text: "《" + report.title + "》" }));
      result.appendChild(findingsBlock(item.findings, data.names, report.unit));
      result.appendChild(el("h4", { text: "结构" }));
      var similar = item.copies ? item.copies.similar : {};
      result.appendChild(el("ul", { class: "rk-checker__outline" }, report.sections.map(function (s) {
        return sectionItem(s, item.links, data.names, true, similar);
      })));
      var table = chainTable(item.chain, report, data.names);
      if (table) result.appendChild(el("h4", { text: "问题—原因—措施" }));
      if (table) result.appendChild(table);
      result.appendChild(el("h4", { text: "查重：与样例库相同的文字" }));
      result.appendChild(item.copies ? copiesBlock(item.copies) : el("p", { text: "样例库的查重数据没能加载，这次没有查重。" }));
    });
    var button = el("button", { type: "button", class: "md-button", "data-rk-checker-word": "", text: "下载排好版的 Word" });
    button.addEventListener("click", function () { worker.postMessage({ word: { name: current.name } }); });
    result.appendChild(button);
    result.setAttribute("data-state", "done");
    result.checked = data;
  }

  function save(bytes) {
    var title = result.checked && result.checked.reports[0] ? result.checked.reports[0].report.title : "初稿";
    var link = el("a", { href: URL.createObjectURL(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" })) });
    link.download = title.replace(/[\\/:*?"<>|]/g, "_") + ".docx";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
})();
