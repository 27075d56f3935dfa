"""Stage 6: the phrase search's data: every passage with where it stands, as compact scripts.

The site's own search matches exact substrings, forgiving only what users cannot see:
full-width and half-width forms (`，`/`,`, `（`/`(`, `Ａ`/`A`), letter case, curly and straight
quotes, and traditional and simplified characters (問題/问题, through OpenCC's table in
`hanzi.py`). The fold table below is the single definition of that. Everything the page's scripts
must know about the data comes from here: the file and global names through `page_config()`
(written into every page), the separator, record layouts and fold table with the data itself.
The data are scripts (not JSON fetched at run time) so that they also load from file://.

A query reads only what can hold it: an index of character grams (every single character and
every pair of characters of the folded text) says which shards contain each gram, so the page
first loads the few index files of a query's grams, then only the shards that hold all of them,
and matches the phrase exactly in those. The index is split into files by a hash of the gram
(`gram_bucket`, which the page's engine computes the same way).

Shards hold the passages in the order of their text, not report by report, so that like passages
(the same set phrase, the same stock paragraph) share a shard and a common phrase is found in a
few shards rather than in all of them. Adding a report changes little of the data: a shard ends
after a passage chosen by its own text (`ends_shard`), not by a running count, so the shards its
passages do not fall into stay as they were; a shard names its reports and labels itself; and
every file but the tables is named by its content, so a browser may keep it as long as it likes
and an unchanged file is never written again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from . import layout
from .hanzi import SIMPLIFIED
from .model import OUTSIDE_PARTS, Report
from .vocab import Vocab

SEPARATOR = "\u0001"
"""Between passages in the data's one text; a query can never contain it."""
GLOBAL_NAME = "__rkbSearch"
"""The global the data script assigns."""
DATA_FILE = "search-data.js"
"""The data script with the tables, in the generated reports folder."""
SHARD_FILE = "search-data-{key}.js"
"""A shard of passages, named by its content."""
DATA_FOLDER = layout.REPORT_PAGES + "/"
"""Where the data scripts are, from the site's root."""
SHARD_CALLBACK = "__rkbSearchShard"
"""The function (defined by the page's script) each shard calls with its passages and text."""
INDEX_FILE = "search-index-{key}.js"
"""A file of the gram index, named by its content."""
KEY_CHARS = 12
"""Hex digits of the content hash in a data file's name."""
CUT_ONE_IN = 4
"""Past half its size, a shard ends after one passage in this many (chosen by its text)."""
INDEX_CALLBACK = "__rkbSearchIndex"
"""The function (defined by the page's script) each index file calls with its grams."""
INDEX_CHARS = 50_000
"""Characters of index per index file, about (the number of files follows from it)."""
GRAM_HASH = 65599
"""Multiplier of the gram hash: bucket = (first code point × GRAM_HASH + second code point) mod files."""
BASE = 36
"""Radix of the shard numbers in the index (gaps between them, comma-separated)."""
PASSAGE_FIELDS = ("report", "role", "label", "anchor", "order")
"""A passage's record in a shard: its report and label as indexes into the shard's own lists, its
role as an index into the tables, its anchor, and its place in its report (the first is 0)."""
REPORT_FIELDS = ("slug", "year", "kind", "meeting", "themes")
"""A report's record in the tables (themes as indexes into the theme table): what the filters need
of every report. Titles, needed only for the reports a query finds, are in files of their own."""
TITLES_FILE = "search-titles-{key}.js"
"""A file of report titles, named by its content."""
TITLES_CALLBACK = "__rkbSearchTitles"
"""The function (defined by the page's script) each titles file calls with its titles."""
TITLES_PER_FILE = 2000
"""Reports whose titles one titles file holds (the first file the first 2,000, and so on): a query
that finds a third of 10,000 reports needs all of them, and each file that arrives redraws the results."""
SHARD_CHARS = 100_000
"""Characters of text per shard by default (about 300 KB)."""

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


@dataclass(frozen=True)
class FileSizes:
    """How big the files of the search data are made (small in tests, so that a few reports span several)."""

    shard_chars: int = SHARD_CHARS
    """Characters of passage text per shard, about."""
    index_chars: int = INDEX_CHARS
    """Characters of index per index file, about."""


DEFAULT_SIZES = FileSizes()
"""The sizes a site is built with."""


def data_scripts(
    reports: Sequence[Report],
    vocab: Vocab,
    sizes: FileSizes = DEFAULT_SIZES,
    grams_of: Callable[[Sequence[str]], Iterable[set[str]]] | None = None,
) -> dict[str, str]:
    """The search data as scripts by file name: one with the tables, the shards of passages and
    text, the index files saying which shards hold each character gram, and the reports' titles.

    Shards of about `sizes.shard_chars` characters each let the page load only the shards a query
    can match; index files of about `sizes.index_chars` characters hold the grams. `grams_of` gives
    the grams of each shard's text, in order (`each_shard_grams`; the build passes one that
    remembers them and works them out on every core).
    """
    roles = [(r.id, r.name) for r in (*vocab.roles, vocab.other)] + list(OUTSIDE_PARTS.items())
    role_index = {rid: i for i, (rid, _) in enumerate(roles)}
    themes = sorted({t for r in reports for t in r.meta.themes})
    theme_index = {t: i for i, t in enumerate(themes)}
    rows = []
    passages = []
    for report in reports:
        m = report.meta
        row = {"slug": report.slug, "year": m.year, "kind": m.kind, "meeting": m.meeting}
        row["themes"] = [theme_index[t] for t in m.themes]
        rows.append([row[f] for f in REPORT_FIELDS])
        passages += [(p.text, report.slug, order, p) for order, p in enumerate(report.passages())]
    # in the order of their text, so that like passages share a shard (and a query their few shards)
    passages.sort(key=lambda item: item[:3])
    shards = []
    slugs, labels, flat, texts, size = {}, {}, [], [], 0
    for k, (text, slug, order, p) in enumerate(passages):
        record = {"report": slugs.setdefault(slug, len(slugs)), "role": role_index[p.role]}
        record |= {"label": labels.setdefault(p.label, len(labels)), "anchor": p.anchor, "order": order}
        flat += [record[f] for f in PASSAGE_FIELDS]
        texts.append(text)
        size += len(text)
        if ends_shard(text, size, sizes.shard_chars) or k == len(passages) - 1:
            shards.append(shard_json(list(slugs), list(labels), flat, SEPARATOR.join(texts)))
            slugs, labels, flat, texts, size = {}, {}, [], [], 0
    if not shards:  # an empty corpus still has one (empty) shard, so that the page knows loading is done
        shards.append(shard_json([], [], [], ""))
    buckets = index_buckets((grams_of or each_shard_grams)([text for text, _, _ in shards]), len(shards), sizes.index_chars)
    parts = [compact_json({"index": n, "grams": grams}) for n, grams in enumerate(buckets)]
    titles = [
        compact_json({"first": first, "titles": [r.title for r in reports[first : first + TITLES_PER_FILE]]})
        for first in range(0, max(len(reports), 1), TITLES_PER_FILE)
    ]
    data_format = {
        "separator": SEPARATOR,
        "fields": PASSAGE_FIELDS,
        "reports": REPORT_FIELDS,
        "shard": DATA_FOLDER + SHARD_FILE,
        "index": DATA_FOLDER + INDEX_FILE,
        "titles": DATA_FOLDER + TITLES_FILE,
        "titlesPerFile": TITLES_PER_FILE,
        "gramHash": GRAM_HASH,
        "base": BASE,
    }
    meetings = [[value, vocab.meeting_names[value]] for value in vocab.meeting]
    tables = {"format": data_format, "fold": FOLD, "roles": roles, "themes": themes, "meetings": meetings}
    tables["reports"] = rows
    tables["shards"] = [key for _, key, _ in shards]
    tables["indexFiles"] = [content_key(part) for part in parts]
    tables["titleFiles"] = [content_key(part) for part in titles]
    out = {DATA_FILE: f"window.{GLOBAL_NAME}={compact_json(tables)};\n"}
    for _, key, body in shards:
        out[SHARD_FILE.format(key=key)] = f'{SHARD_CALLBACK}("{packed(body)}");\n'
    for key, part in zip(tables["indexFiles"], parts, strict=True):
        out[INDEX_FILE.format(key=key)] = f"{INDEX_CALLBACK}({part});\n"
    for key, part in zip(tables["titleFiles"], titles, strict=True):
        out[TITLES_FILE.format(key=key)] = f"{TITLES_CALLBACK}({part});\n"
    return out


def shard_json(slugs: list[str], labels: list[str], passages: list, text: str) -> tuple[str, str, str]:
    """A shard's text, content key and JSON (the key first, then what it is the hash of)."""
    body = compact_json({"reports": slugs, "labels": labels, "passages": passages, "text": text})
    key = content_key(body)
    return text, key, f'{{"key":"{key}",{body[1:]}'


def packed(text: str) -> str:
    """Text deflated (zlib format) and in base64, as a shard file holds its JSON: the page inflates it
    with the browser's DecompressionStream("deflate"). Report text that does not repeat packs to about
    half its size (base64 included); shards hold like passages together, so text that does packs far
    better (the bench's synthetic reports, recombined passages: to a thirtieth)."""
    return base64.b64encode(zlib.compress(text.encode(), 9)).decode("ascii")


def unpacked(data: str) -> str:
    """The text `packed` made (for tests and tools)."""
    return zlib.decompress(base64.b64decode(data)).decode()


def ends_shard(text: str, size: int, shard_chars: int) -> bool:
    """Does a shard of `size` characters end after the passage `text`? Past half of `shard_chars`,
    after one passage in CUT_ONE_IN, chosen by its text (so that passages added elsewhere do not
    move the ends); at twice `shard_chars` in any case."""
    chosen = int(content_key(text)[:8], 16) % CUT_ONE_IN == 0
    return size >= 2 * shard_chars or (chosen and size >= shard_chars // 2)


def content_key(text: str) -> str:
    """The content hash in a data file's name."""
    return hashlib.sha1(text.encode()).hexdigest()[:KEY_CHARS]


def shard_grams(text: str) -> set[str]:
    """The grams of a shard's text, as the index has them (folded: a gram of folded text is a
    folded gram, as folding is character for character)."""
    return {fold(g) for g in grams(text)}


def each_shard_grams(texts: Sequence[str]) -> Iterator[set[str]]:
    """The grams of each shard's text, in order, one after the other."""
    return map(shard_grams, texts)


def grams(text: str) -> set[str]:
    """The grams of text a query can need: every character and every pair of neighbours, leaving
    out those with white space or the passage separator (a query term never holds them)."""
    chars = set(text)
    found = chars | set(map(str.__add__, text, text[1:]))
    cut = {c for c in chars if c.isspace() or c == SEPARATOR}
    return {g for g in found if g[0] not in cut and g[-1] not in cut} if cut else found


def gram_bucket(gram: str, files: int) -> int:
    """The index file of a gram (the page's engine computes the same)."""
    second = ord(gram[1]) if len(gram) > 1 else 0
    return (ord(gram[0]) * GRAM_HASH + second) % files


def encode(numbers: Sequence[int], digits: Sequence[str]) -> str:
    """Ascending shard numbers as the gaps between them in base 36, comma-separated (`digits`:
    each number below the shard count written in base 36)."""
    return ",".join([digits[b - a] for a, b in zip((0, *numbers), numbers, strict=False)])


def to_base(n: int) -> str:
    """A non-negative number in base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = digits[n % BASE]
    while n >= BASE:
        n //= BASE
        out = digits[n % BASE] + out
    return out


def index_buckets(grams_by_shard: Iterable[set[str]], shards: int, index_chars: int) -> list[dict[str, str]]:
    """The gram index of the shards (the grams of each, in order) split into files: for each file,
    gram → the shards holding it (encoded)."""
    holders: dict[str, list[int]] = defaultdict(list)
    for n, found in enumerate(grams_by_shard):
        for gram in found:
            holders[gram].append(n)
    digits = [to_base(n) for n in range(shards + 1)]
    postings = {gram: encode(shards, digits) for gram, shards in sorted(holders.items())}
    del holders
    size = sum(len(g) + len(p) + 6 for g, p in postings.items())
    files = max(1, math.ceil(size / index_chars))
    buckets: list[dict[str, str]] = [{} for _ in range(files)]
    for gram, posting in postings.items():
        buckets[gram_bucket(gram, files)][gram] = posting
    return buckets


def page_config() -> dict[str, str]:
    """What every page's scripts need to find the data and link to pages: file and global names, URL
    patterns (see overrides/main.html)."""
    return {
        "data": DATA_FOLDER + DATA_FILE,
        "global": GLOBAL_NAME,
        "shardCallback": SHARD_CALLBACK,
        "indexCallback": INDEX_CALLBACK,
        "titlesCallback": TITLES_CALLBACK,
        "pages": layout.page_config(),
    }


def compact_json(data: object) -> str:
    """JSON without spaces, characters as they are."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
