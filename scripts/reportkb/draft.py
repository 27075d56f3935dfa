"""写作自查 of a draft in the browser: the same pipeline as `reportkb check`, run by Pyodide in a
Web Worker (docs/javascripts/checker-worker.js). The worker writes the draft into Pyodide's
in-memory file system and calls `check` or `word_copy` with its path; nothing leaves the page.
"""

from __future__ import annotations

import compileall
import functools
import hashlib
import io
import json
import py_compile
import re
import zipfile
from pathlib import Path

from . import check, copies, docx_write, layout, pipeline, vocab
from .errors import ReportError
from .hanzi import simplified
from .model import Point, Report, Section

STEPS = (
    ("runtime", "正在加载 Python 运行环境…"),
    ("checker", "正在加载检查程序…"),
    ("vocab", "正在读入词表…"),
    ("ready", "检查程序已就绪"),
)
"""The steps of the checker's start, in order: the worker names each as it reaches it ({progress: name}),
the page says the text and moves its bar (len(STEPS) - 1 steps long; indexes.checker_block hands them over)."""


@functools.lru_cache(maxsize=2)
def load(vocab_dir: str) -> vocab.Vocab:
    """The vocabulary, read once per worker."""
    return vocab.load(Path(vocab_dir))


def links(report: Report, voc: vocab.Vocab, library: dict) -> dict[str, dict]:
    """Where the site shows how the samples wrote each part, aspect and point of the draft, by anchor,
    as URLs from the site's root: {"aspects": [[name, url]], "compare": url, "phrases": words,
    "similar": [name, url]}. `library` says what the library holds (indexes.library_links), so
    that no link finds nothing: a point is linked to 例句检索 for the longest phrase of it the library
    holds (in its headline if it can), else to its aspect's page at its part's role, else to the 对照 page of its part."""
    aspects = {a.name: a.id for a in voc.aspects}
    held, on_page, compared = library["phrases"], library["aspects"], library["roles"]
    out: dict[str, dict] = {}
    top: Section | None = None
    for section, node in report.walk_in_sections():
        top = section if section.depth == 0 else top
        role = top.role if top else ""
        if isinstance(node, Point):
            headline, words = simplified(node.headline), simplified(node.text)
            phrase = next((p for p in held if p in headline), "") or next((p for p in held if p in words), "")
            named = [a for a in node.aspects or section.aspects if role in on_page.get(a, ())]
            if phrase:
                out[node.id] = {"phrases": phrase}
            elif named:
                out[node.id] = {"similar": [named[0], layout.url(layout.doc(layout.ASPECTS, aspects[named[0]])) + "#" + role]}
            elif role in compared:
                out[node.id] = {"compare": layout.url(layout.doc(layout.COMPARE, role))}
            continue
        here: dict = {}
        named = [[name, layout.url(layout.doc(layout.ASPECTS, aspects[name]))] for name in node.aspects if name in aspects]
        if named:
            here["aspects"] = named
        if node.depth == 0 and node.role in compared:
            here["compare"] = layout.url(layout.doc(layout.COMPARE, node.role))
        if here:
            out[node.id] = here
    return out


@functools.lru_cache(maxsize=1)
def converted(path: str, digest: str, vocab_dir: str) -> tuple[pipeline.Conversion, ...]:
    """A draft file through the stages, once for each content (a check that waits for library files
    is asked again)."""
    return pipeline.convert_file(Path(path), load(vocab_dir))


def check_file(path: str, vocab_dir: str, name: str, library: str, folder: str = "") -> str:
    """The outline, findings, chain and links of each report in a draft file, and what of it the
    library holds, as JSON (what `reportkb check --json` gives, plus the links, the draft's text as
    checked and the 查重 summary and similar passages; `library`: indexes.library_links as JSON;
    `folder`: where the worker puts the library's files, "" for no 查重). {"need": [names], "fixed":
    [names]} when library files are still to be put there (`fixed`: those not named by their
    content); {"error": [lines]} when the draft cannot be read, the lines naming the file as the
    writer knows it (`name`), not where the worker put it."""
    voc = load(vocab_dir)
    try:
        conversions = converted(path, hashlib.sha1(Path(path).read_bytes()).hexdigest(), vocab_dir)
    except ReportError as error:
        shown = ReportError(name or Path(path).name, error.message, error.line, error.unit)
        return json.dumps({"error": shown.lines()}, ensure_ascii=False)
    found, wanted = [], set()
    for c in conversions:  # every report's missing files at once: one round of fetching for all
        try:
            found.append(copies.find(c.report, Path(folder), voc.set_phrases) if folder else None)
        except copies.Missing as missing:
            wanted.update(missing.names)
        except copies.Unreadable:
            found.append(None)  # the page says this check had no 查重
    if wanted:  # `fixed`: those whose names do not change with their content (fetched anew, not from a cache)
        return json.dumps({"need": sorted(wanted), "fixed": list(copies.FIXED)})
    results = [
        {
            **check.as_data(c.report, c.review),
            "links": links(c.report, voc, json.loads(library)),
            "copies": copies_data(c.report, f),
        }
        for c, f in zip(conversions, found, strict=True)
    ]
    names = {"roles": {r: voc.role_name(r) for r in voc.role_ids}, "severities": vocab.SEVERITIES}
    return json.dumps({"reports": results, "names": names}, ensure_ascii=False)


def copies_data(report: Report, found: copies.Copies | None) -> dict | None:
    """查重 as the page draws it: `reportkb check --json`'s copies, the summary, the text they are in,
    and each point's similar passages."""
    if found is None:
        return None
    similar = {anchor: [{**s.as_data(), "text": s.text} for s in sources] for anchor, sources in found.similar.items()}
    return {**found.as_data(), "summary": copies.summary(found), "text": copies.draft_text(report), "similar": similar}


def word_copy(path: str, vocab_dir: str) -> bytes:
    """The draft laid out as the samples' Word copies (the first report of the file)."""
    digest = hashlib.sha1(Path(path).read_bytes()).hexdigest()
    return docx_write.report_docx(converted(path, digest, vocab_dir)[0].report, load(vocab_dir))


NOT_KEPT = re.compile(r"[/\\]pypdf[/\\]")
"""Modules of the bundle not kept compiled: pypdf, which only a PDF draft imports (kept, it made the
second visit's start slower than compiling it when needed)."""


def compiled(folder: str) -> bytes:
    """The modules under a folder compiled (but NOT_KEPT), as a zip of their __pycache__ files, for
    the worker to keep for the next visit (which then skips compiling them). The .pyc files are checked
    against their source's hash, so one whose source has changed since is compiled again, never run."""
    compileall.compile_dir(folder, quiet=2, rx=NOT_KEPT, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(Path(folder).rglob("__pycache__/*.pyc")):
            zf.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()
