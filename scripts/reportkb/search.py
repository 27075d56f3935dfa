"""Stage 6: the phrase search's data: every passage with where it stands, as compact scripts.

The site's own search matches exact substrings, forgiving only what users cannot see:
full-width and half-width forms (`，`/`,`, `（`/`(`, `Ａ`/`A`), letter case, curly and straight
quotes, and traditional and simplified characters (問題/问题, through OpenCC's table in
`hanzi.py`). The fold table below is the single definition of that. Everything the page's scripts
must know about the data comes from here: the file and global names through `page_config()`
(written into every page), the separator, record layouts and fold table with the data itself.
The data are scripts (not JSON fetched at run time) so that they also load from file://.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .hanzi import SIMPLIFIED
from .model import Report
from .vocab import Vocab

SEPARATOR = "\u0001"
"""Between passages in the data's one text; a query can never contain it."""
GLOBAL_NAME = "__rkbSearch"
"""The global the data script assigns."""
DATA_FILE = "search-data.js"
"""The data script with the tables, in the generated reports folder."""
SHARD_FILE = "search-data-{n}.js"
"""The shards of passages, numbered from 1."""
DATA_FOLDER = "reports/"
"""Where the data scripts are, from the site's root."""
SHARD_CALLBACK = "__rkbSearchShard"
"""The function (defined by the page's script) each shard calls with its passages and text."""
PASSAGE_FIELDS = ("report", "role", "label", "anchor")
"""A passage's record in a shard: its report, role and label as indexes into the tables, its anchor."""
REPORT_FIELDS = ("slug", "title", "year", "kind", "meeting", "themes")
"""A report's record in the tables (themes as indexes into the theme table)."""
SHARD_CHARS = 400_000
"""Characters of text per shard by default (about 1.2 MB)."""
PSEUDO_ROLES = (("preamble", "开篇"), ("closing", "结尾"))
"""Roles of the text outside the numbered parts (Passage.role)."""

FOLD = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},  # full-width ASCII forms → ASCII
    "\u3000": " ",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
}
FOLD |= {c: FOLD.get(c, c).lower() for c in [*FOLD, *map(chr, range(0x41, 0x5B))] if FOLD.get(c, c).isupper()}
FOLD |= SIMPLIFIED
"""Explicit fold table (never NFKC): each character to the form it is matched as."""
FOLD_TABLE = str.maketrans(FOLD)


def fold(text: str) -> str:
    """Text in the form it is matched as; same length as the text."""
    return text.translate(FOLD_TABLE)


def data_scripts(reports: Sequence[Report], vocab: Vocab, shard_chars: int = SHARD_CHARS) -> dict[str, str]:
    """The search data as scripts by file name: one with the tables, then shards of passages and text.

    Shards of about `shard_chars` characters each let the page search what has arrived while the
    rest is still loading. Passages are (report, role, label, anchor) as indexes into the tables.
    """
    roles = [(r.id, r.name) for r in (*vocab.roles, vocab.other)] + list(PSEUDO_ROLES)
    role_index = {rid: i for i, (rid, _) in enumerate(roles)}
    themes = sorted({t for r in reports for t in r.meta.themes})
    theme_index = {t: i for i, t in enumerate(themes)}
    labels: dict[str, int] = {}
    rows, shards = [], []
    flat, texts, size = [], [], 0
    for i, report in enumerate(reports):
        m = report.meta
        row = {"slug": report.slug, "title": report.title, "year": m.year, "kind": m.kind, "meeting": m.meeting}
        row["themes"] = [theme_index[t] for t in m.themes]
        rows.append([row[f] for f in REPORT_FIELDS])
        for p in report.passages():
            label = labels.setdefault(p.label, len(labels))
            record = {"report": i, "role": role_index[p.role], "label": label, "anchor": p.anchor}
            flat += [record[f] for f in PASSAGE_FIELDS]
            texts.append(p.text)
            size += len(p.text)
        if size >= shard_chars or i == len(reports) - 1:
            shards.append({"index": len(shards), "passages": flat, "text": SEPARATOR.join(texts)})
            flat, texts, size = [], [], 0
    if not shards:  # an empty corpus still has one (empty) shard, so that the page knows loading is done
        shards.append({"index": 0, "passages": [], "text": ""})
    data_format = {
        "separator": SEPARATOR,
        "fields": PASSAGE_FIELDS,
        "reports": REPORT_FIELDS,
        "shard": DATA_FOLDER + SHARD_FILE,
    }
    meetings = [[value, vocab.meeting_names[value]] for value in vocab.meeting]
    tables = {"format": data_format, "fold": FOLD, "roles": roles, "themes": themes, "meetings": meetings, "labels": list(labels)}
    tables["reports"] = rows
    tables["shards"] = len(shards)
    out = {DATA_FILE: f"window.{GLOBAL_NAME}={compact_json(tables)};\n"}
    for shard in shards:
        out[shard_file(shard["index"])] = f"{SHARD_CALLBACK}({compact_json(shard)});\n"
    return out


def page_config() -> dict[str, str]:
    """What every page's scripts need to find the data: file and global names (see overrides/main.html)."""
    return {"data": DATA_FOLDER + DATA_FILE, "global": GLOBAL_NAME, "shardCallback": SHARD_CALLBACK}


def shard_file(index: int) -> str:
    """File name of a shard of the search data (the first is index 0)."""
    return SHARD_FILE.format(n=index + 1)


def compact_json(data: object) -> str:
    """JSON without spaces, characters as they are."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
