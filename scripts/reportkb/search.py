"""Stage 6: the phrase search's data: every passage with where it stands, as compact scripts.

The site's own search matches exact substrings, forgiving only what users cannot see:
full-width and half-width forms (`，`/`,`, `（`/`(`, `Ａ`/`A`), letter case, curly and straight
quotes, and traditional and simplified characters (問題/问题, through OpenCC's table in
`hanzi.py`). The fold table below is the single definition of that. Everything the page's scripts
must know about the data comes from here: the file and global names through `page_config()`
(written into every page), the separator, record layouts and fold table with the data itself.
The data are scripts (not JSON fetched at run time) so that they also load from file://.

A query reads what it needs, not the library. Passages are numbered in reading order (report by
report), and a positional index says, for every pair of neighbouring characters of the folded
text (a gram), each passage and position it stands at: a phrase of two characters or more is where
its grams stand one after the other, so the page finds every hit of a phrase, in reading order and
with exact counts, from the postings of its grams alone, as phrase queries are answered in
Lucene-style engines. Only then does it load text: the shards (runs of passages in reading order)
of the hits it shows. A query of single characters, which has no gram, reads the shards in order.

Postings are split into files: a gram whose postings are long has a file of its own, the others
share index files by a hash of the gram (`gram_bucket`, which the page computes the same way).
Every file but the tables is named by its content, so a browser may keep it as long as it likes
and an unchanged file is never written again. A shard ends after a passage chosen by its own text
(`ends_shard`), not by a running count, so that adding a report changes the shards near it only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import layout
from .hanzi import SIMPLIFIED
from .model import OUTSIDE_PARTS, Report
from .vocab import Vocab

if TYPE_CHECKING:  # the writer's arrays; 写作自查 reads the data in Pyodide, which has no numpy
    import numpy as np

SEPARATOR = "\u0001"
"""Between passages in a shard's text; a query can never contain it."""
GLOBAL_NAME = "__rkbSearch"
"""The global the data script assigns."""
DATA_FILE = "search-data.js"
"""The data script with the tables, in the generated reports folder."""
SHARD_FILE = "search-data-{key}.js"
"""A shard of passages (their text and where they stand), named by its content."""
DATA_FOLDER = layout.REPORT_PAGES + "/"
"""Where the data scripts are, from the site's root."""
SHARD_CALLBACK = "__rkbSearchShard"
"""The function (defined by the page's script) each shard calls with its passages and text."""
INDEX_FILE = "search-index-{key}.js"
"""A file of the postings of many grams, named by its content."""
INDEX_CALLBACK = "__rkbSearchIndex"
"""The function (defined by the page's script) each index file calls with its grams and postings."""
POSTINGS_FILE = "search-postings-{key}.js"
"""The postings of one gram that has many, named by their content."""
POSTINGS_CALLBACK = "__rkbSearchPostings"
"""The function (defined by the page's script) each postings file calls with its key and postings."""
KEY_CHARS = 12
"""Hex digits of the content hash in a data file's name."""
CUT_ONE_IN = 4
"""Past half its size, a shard ends after one passage in this many (chosen by its text)."""
INDEX_BYTES = 24_000
"""Bytes of postings per index file, about (the number of files follows from it)."""
OWN_FILE_BYTES = 6_000
"""Postings of a gram this long or longer go into a file of their own (a query reads them, no others')."""
GRAM_HASH = 65599
"""Multiplier of the gram hash: bucket = (first code point × GRAM_HASH + second code point) mod files."""
PASSAGE_FIELDS = ("label", "anchor")
"""A passage's record in a shard: its label as an index into the shard's own list, and its anchor.
Its report and role are in the tables (by its number), its text in the shard's text."""
REPORT_FIELDS = ("slug", "year", "kind", "meeting", "themes")
"""A report's record in the tables (themes as indexes into the theme table): what the filters need
of every report. Titles, needed only for the reports a query finds, are in files of their own."""
TITLES_FILE = "search-titles-{key}.js"
"""A file of report titles, named by its content."""
TITLES_CALLBACK = "__rkbSearchTitles"
"""The function (defined by the page's script) each titles file calls with its titles."""
TITLES_PER_FILE = 2000
"""Reports whose titles one titles file holds (the first file the first 2,000, and so on)."""
SHARD_CHARS = 6_000
"""Characters of text per shard by default (about 7 KB packed): the hits of a screen that lie in many
reports read a shard each, so shards are small."""
CODE_POINTS = 0x110000
"""Code points: a gram's key is first × CODE_POINTS + second."""

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
    index_chars: int = INDEX_BYTES
    """Bytes of postings per index file, about (a gram's postings of a quarter of it or more have a file of their own)."""


DEFAULT_SIZES = FileSizes()
"""The sizes a site is built with."""


@dataclass(frozen=True)
class Passage:
    """A passage as the search data hold it (its number is its place in reading order; its report
    follows from the reports' passage counts): role, label, anchor, text."""

    role: int
    label: str
    anchor: str
    text: str


def data_scripts(
    reports: Sequence[Report], vocab: Vocab, sizes: FileSizes = DEFAULT_SIZES, shared: dict[int, list[int]] | None = None
) -> dict[str, str]:
    """The search data as scripts by file name: the tables (reports, how many passages each has and
    their roles, where each shard starts), the shards of passage text in reading order, the postings
    of every gram (in index files, or in files of their own), and the reports' titles. `shared`: the
    passages that reports which are one report share (copies.shared_passages), by the number of the
    first with the numbers of the others, which the page does not show apart. The tables are plain
    JSON in their script: the page can use them the moment the script has run (deflated, they were
    a third of the size but reached the engine 200 ms later at 10,000 reports, the inflating waiting
    behind the page's own start-up)."""
    roles = [(r.id, r.name) for r in (*vocab.roles, vocab.other)] + list(OUTSIDE_PARTS.items())
    role_index = {rid: i for i, (rid, _) in enumerate(roles)}
    themes = sorted({t for r in reports for t in r.meta.themes})
    theme_index = {t: i for i, t in enumerate(themes)}
    rows, counts, passages = [], [], []
    for report in reports:
        m = report.meta
        row = {"slug": report.slug, "year": m.year, "kind": m.kind, "meeting": m.meeting}
        row["themes"] = [theme_index[t] for t in m.themes]
        rows.append([row[f] for f in REPORT_FIELDS])
        own = [Passage(role_index[p.role], p.label, p.anchor, p.text) for p in report.passages()]
        counts.append(len(own))
        passages += own
    shards, starts = shard_files(passages, sizes.shard_chars)
    index, own_files = postings_files(passages, sizes.index_chars)
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
        "postings": DATA_FOLDER + POSTINGS_FILE,
        "titles": DATA_FOLDER + TITLES_FILE,
        "titlesPerFile": TITLES_PER_FILE,
        "gramHash": GRAM_HASH,
    }
    meetings = [[value, vocab.meeting_names[value]] for value in vocab.meeting]
    tables = {"format": data_format, "fold": FOLD, "roles": roles, "themes": themes, "meetings": meetings}
    tables["reports"] = rows
    tables["passageCounts"] = counts
    tables["shards"] = [key for key, _ in shards]
    tables["shardStarts"] = starts
    tables["indexFiles"] = [content_key(part) for part in index]
    tables["titleFiles"] = [content_key(part) for part in titles]
    tables["passageRoles"] = packed(bytes(p.role for p in passages))
    tables["seeAlso"] = [[first, others] for first, others in sorted((shared or {}).items())]
    out = {DATA_FILE: f"window.{GLOBAL_NAME}={compact_json(tables)};\n"}
    for key, body in shards:
        out[SHARD_FILE.format(key=key)] = f'{SHARD_CALLBACK}("{key}","{packed(body.encode())}");\n'
    for key, part in zip(tables["indexFiles"], index, strict=True):
        out[INDEX_FILE.format(key=key)] = f"{INDEX_CALLBACK}({part});\n"
    for key, blob in own_files.items():
        out[POSTINGS_FILE.format(key=key)] = f'{POSTINGS_CALLBACK}("{key}","{packed(blob)}");\n'
    for key, part in zip(tables["titleFiles"], titles, strict=True):
        out[TITLES_FILE.format(key=key)] = f"{TITLES_CALLBACK}({part});\n"
    return out


def shard_files(passages: Sequence[Passage], shard_chars: int) -> tuple[list[tuple[str, str]], list[int]]:
    """The shards: runs of passages in reading order, each as (content key, JSON of its passages'
    labels and anchors and its text); and the number of the first passage of each."""
    shards, starts, labels, flat, texts, size = [], [], {}, [], [], 0
    for n, p in enumerate(passages):
        if not texts:
            starts.append(n)
        flat += [labels.setdefault(p.label, len(labels)), p.anchor]
        texts.append(p.text)
        size += len(p.text)
        if ends_shard(p.text, size, shard_chars) or n == len(passages) - 1:
            body = compact_json({"labels": list(labels), "passages": flat, "text": SEPARATOR.join(texts)})
            shards.append((content_key(body), body))
            labels, flat, texts, size = {}, [], [], 0
    if not shards:  # an empty corpus still has one (empty) shard, so that the page knows loading is done
        body = compact_json({"labels": [], "passages": [], "text": ""})
        shards, starts = [(content_key(body), body)], [0]
    return shards, starts


def postings(passages: Sequence[Passage]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every gram of the folded text with where it stands: (gram keys, passage numbers, positions),
    sorted by gram, then passage, then position. A gram is two neighbouring characters, neither
    white space (a query term never holds it). Positions and passage numbers are 32-bit, and what is
    no longer needed is let go at once: at 10,000 reports these arrays are most of the build's memory."""
    import numpy as np

    text = SEPARATOR.join(fold(p.text) for p in passages)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    del text
    lengths = np.array([len(p.text) for p in passages], dtype=np.int64)
    firsts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])) if len(passages) else np.zeros(0, np.int64)
    blank = np.isin(chars, np.array([ord(c) for c in BLANKS], dtype=np.uint32)) | (chars == ord(SEPARATOR))
    at = np.nonzero(~blank[:-1] & ~blank[1:])[0].astype(np.int32)
    del blank
    keys = chars[at].astype(np.int64) * CODE_POINTS + chars[at + 1]
    del chars
    order = np.argsort(keys, kind="stable")  # stable: each gram's places stay in reading order
    keys = keys[order]
    at = at[order]
    del order
    passage = (np.searchsorted(firsts, at, side="right") - 1).astype(np.int32)
    return keys, passage, (at - firsts[passage]).astype(np.int32)


BLANKS = " \t\n\r\f\v\u3000\xa0\u2028\u2029"
"""White space a gram never holds."""
CHUNK = 2_000_000
"""Places encoded at a time (whole grams): the encoding's temporary arrays stay this size."""


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative integers below 2³² as LEB128 varints (7 bits a byte, the high bit set on all but
    the last), all in one byte array; and where each value's bytes end."""
    import numpy as np

    values = values.astype(np.uint32)
    size = np.ones(len(values), dtype=np.uint8)
    for bits in (7, 14, 21, 28):
        size += values >= (1 << bits)
    ends = np.cumsum(size, dtype=np.int64)
    out = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    for k in range(5):
        more = np.nonzero(size > k)[0]
        byte = (values[more] >> np.uint32(7 * k)) & np.uint32(0x7F)
        byte |= (size[more] > k + 1).astype(np.uint32) << np.uint32(7)
        out[ends[more] - size[more] + k] = byte.astype(np.uint8)
    return out, ends


def encoded(keys: np.ndarray, passage: np.ndarray, position: np.ndarray) -> Iterator[tuple[int, bytes]]:
    """Each gram's postings, encoded (see `postings_files`), gram by gram in key order: (key, bytes).
    The places are taken CHUNK at a time, a chunk ending where a gram does."""
    import numpy as np

    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    begins = np.nonzero(first)[0]
    start = 0
    while start < len(keys):
        stop = int(begins[np.searchsorted(begins, start + CHUNK)]) if start + CHUNK < begins[-1] else len(keys)
        if stop <= start:
            stop = len(keys)
        f, p, q = first[start:stop], passage[start:stop].astype(np.int64), position[start:stop].astype(np.int64)
        gap = p.copy()
        gap[1:] -= np.where(f[1:], 0, p[:-1])
        step = q.copy()
        same = ~f & (gap == 0)
        step[1:] -= np.where(same[1:], q[:-1], 0)
        values = np.empty(2 * len(f), dtype=np.int64)
        values[0::2], values[1::2] = gap, step
        data, ends = varints(values)
        here = np.nonzero(f)[0]
        froms = np.where(here > 0, ends[2 * here - 1], 0)
        tos = np.append(froms[1:], len(data))
        raw = data.tobytes()
        for key, a, b in zip(keys[start + here].tolist(), froms.tolist(), tos.tolist(), strict=True):
            yield key, raw[a:b]
        start = stop


def postings_files(passages: Sequence[Passage], index_bytes: int) -> tuple[list[str], dict[str, bytes]]:
    """The postings of every gram, encoded: for each place, the gap to its passage from the last
    place's passage (the passage's own number at a gram's first place), then its position, or the gap
    to it when in the same passage as the last place; LEB128 varints. Those of a gram with many places
    (a quarter of `index_bytes` or more) are files of their own, by content key; the others share the
    index files (`index_json`)."""
    keys, passage, position = postings(passages)
    own, shared = {}, {}
    limit = max(1, index_bytes // 4)
    for key, blob in encoded(keys, passage, position):
        gram = chr(key // CODE_POINTS) + chr(key % CODE_POINTS)
        (own if len(blob) >= limit else shared)[gram] = blob
    del keys, passage, position
    own_files = {content_key(blob): blob for blob in own.values()}
    files = max(1, math.ceil(sum(len(b) for b in shared.values()) / index_bytes))
    buckets: list[dict[str, bytes | str]] = [{} for _ in range(files)]
    for gram, blob in shared.items():
        buckets[gram_bucket(gram, files)][gram] = blob
    for gram, blob in own.items():
        buckets[gram_bucket(gram, files)][gram] = content_key(blob)
    return [index_json(n, bucket) for n, bucket in enumerate(buckets)], own_files


def index_json(n: int, bucket: dict[str, bytes | str]) -> str:
    """One index file: its number, the keys of the own files of its grams that have one, and its other
    grams and their postings packed together: the number of grams, the grams' UTF-8 length and the
    length of each one's postings (LEB128), the grams (two characters each, in order), the postings."""
    import numpy as np

    grams = sorted(g for g, value in bucket.items() if not isinstance(value, str))
    blobs = [bucket[g] for g in grams]
    text = "".join(grams).encode()
    head, _ = varints(np.array([len(grams), len(text), *map(len, blobs)], dtype=np.int64))
    own = {g: value for g, value in sorted(bucket.items()) if isinstance(value, str)}
    return compact_json({"index": n, "own": own, "postings": packed(head.tobytes() + text + b"".join(blobs))})


def packed(data: bytes) -> str:
    """Bytes deflated (zlib format) and in base64, as the data files hold text and postings: the page
    inflates them with the browser's DecompressionStream("deflate"). Report text packs to about
    half its size (base64 included)."""
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpacked(data: str) -> bytes:
    """The bytes `packed` made (for tests and tools)."""
    return zlib.decompress(base64.b64decode(data))


def read_tables(script: str) -> dict:
    """The tables from their data script (as `data_scripts` wrote it; for 查重 and the tests)."""
    return json.loads(script.removeprefix(f"window.{GLOBAL_NAME}=").removesuffix(";\n"))


def call_arguments(script: str, callback: str) -> list:
    """The arguments a data script calls its callback with."""
    return json.loads("[" + script.removeprefix(callback + "(").removesuffix(");\n") + "]")


def read_shard(script: str) -> dict:
    """A shard from its data script: its labels, its passages (label, anchor) and its text."""
    _, body = call_arguments(script, SHARD_CALLBACK)
    return json.loads(unpacked(body))


def read_titles(script: str) -> dict:
    """A titles file from its data script: the number of its first report and the titles."""
    return call_arguments(script, TITLES_CALLBACK)[0]


def ends_shard(text: str, size: int, shard_chars: int) -> bool:
    """Does a shard of `size` characters end after the passage `text`? Past half of `shard_chars`,
    after one passage in CUT_ONE_IN, chosen by its text (so that passages added elsewhere do not
    move the ends); at twice `shard_chars` in any case."""
    chosen = int(content_key(text)[:8], 16) % CUT_ONE_IN == 0
    return size >= 2 * shard_chars or (chosen and size >= shard_chars // 2)


def content_key(data: str | bytes) -> str:
    """The content hash in a data file's name."""
    return hashlib.sha1(data.encode() if isinstance(data, str) else data).hexdigest()[:KEY_CHARS]


def gram_bucket(gram: str, files: int) -> int:
    """The index file of a gram (the page's engine computes the same)."""
    second = ord(gram[1]) if len(gram) > 1 else 0
    return (ord(gram[0]) * GRAM_HASH + second) % files


def page_config() -> dict[str, str]:
    """What every page's scripts need to find the data and link to pages: file and global names, URL
    patterns (see overrides/main.html)."""
    return {
        "data": DATA_FOLDER + DATA_FILE,
        "global": GLOBAL_NAME,
        "shardCallback": SHARD_CALLBACK,
        "indexCallback": INDEX_CALLBACK,
        "titlesCallback": TITLES_CALLBACK,
        "postingsCallback": POSTINGS_CALLBACK,
        "pages": layout.page_config(),
    }


def compact_json(data: object) -> str:
    """JSON without spaces, characters as they are."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
