"""写作自查 of a draft in the browser: the same pipeline as `reportkb check`, run by Pyodide in a
Web Worker (docs/javascripts/checker-worker.js). The worker writes the draft into Pyodide's
in-memory file system and calls `check` or `word_copy` with its path; nothing leaves the page.
"""

from __future__ import annotations

import compileall
import functools
import io
import json
import py_compile
import re
import zipfile
from pathlib import Path

from . import check, pipeline, vocab
from .errors import ReportError
from .model import Report, Section
from .text import PAUSE, SENTENCE_END

SEARCH_CHARS = 8
"""Characters of a point's headline that 例句检索 is asked for."""
NOT_SEARCHED = re.compile(f"[{re.escape(SENTENCE_END + PAUSE)}，、“”‘’（）()\\s]")
"""Where the words of a headline stop, for a 例句检索 link."""


@functools.lru_cache(maxsize=2)
def load(vocab_dir: str) -> vocab.Vocab:
    """The vocabulary, read once per worker."""
    return vocab.load(Path(vocab_dir))


def links(report: Report, voc: vocab.Vocab) -> dict[str, dict[str, str]]:
    """Where the site shows how the samples wrote each part, aspect and point of the draft, by anchor:
    the side-by-side page of a part's role, each aspect's page, 例句检索 for a point's headline words."""
    aspects = {a.name: a.id for a in voc.aspects}
    out: dict[str, dict[str, str]] = {}
    for node in report.walk():
        if isinstance(node, Section):
            here = {f"aspect:{name}": f"../aspects/{aspects[name]}.html" for name in node.aspects if name in aspects}
            if node.id.count("-") == 0 and node.role in voc.order:
                here["compare"] = f"../compare/{node.role}.html"
        else:
            words = NOT_SEARCHED.split(node.headline, maxsplit=1)[0][:SEARCH_CHARS]
            here = {"phrases": words} if len(words) >= 2 else {}
        if here:
            out[node.id] = here
    return out


def check_file(path: str, vocab_dir: str) -> str:
    """The outline, findings, chain and links of each report in a draft file, as JSON (what
    `reportkb check --json` gives, plus the links); {"error": [lines]} when it cannot be read."""
    voc = load(vocab_dir)
    try:
        conversions = pipeline.convert(Path(path), voc)
    except ReportError as error:
        return json.dumps({"error": error.lines()}, ensure_ascii=False)
    results = [{**check.as_data(c.report, c.review), "links": links(c.report, voc)} for c in conversions]
    names = {"roles": {r: voc.role_name(r) for r in voc.role_ids}, "severities": vocab.SEVERITIES}
    return json.dumps({"reports": results, "names": names}, ensure_ascii=False)


def word_copy(path: str, vocab_dir: str) -> bytes:
    """The draft laid out as the samples' Word copies (the first report of the file)."""
    return pipeline.word_copy(pipeline.convert(Path(path), load(vocab_dir))[0])


def compiled(folder: str) -> bytes:
    """The modules under a folder compiled, as a zip of their __pycache__ files, for the worker to
    keep for the next visit (which then skips compiling them). The .pyc files are checked against
    their source's hash, so one whose source has changed since is compiled again, never run."""
    compileall.compile_dir(folder, quiet=2, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(Path(folder).rglob("__pycache__/*.pyc")):
            zf.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()
