"""查重: what of a draft the library already holds, and the reports of the library that are one report.

Everything about the fingerprints is defined here, once: the build writes them (with numpy, for
speed), and 写作自查 reads them with this same module (pure Python, in Pyodide), as `reportkb check`
does on the command line.

- **Normal form.** A text is compared in its normal form: the search's fold (width, case, quotes,
  traditional → simplified), every numeral as 0 (2021/2022, 三次/五次, 一是/二是), and only letters,
  digits and ideographs (punctuation and spaces left out). So changed punctuation, width,
  traditional characters and numbers do not hide a copy.
- **Grams.** A gram is GRAM neighbouring characters of the normal form, hashed by `gram_hash` (32
  bits). A gram whose hash is a multiple of SAMPLE is a *fingerprint*: chosen by content, so a draft
  and the library choose the same ones, and the library's index holds one gram in SAMPLE.
- **Set and stock wording.** The genre's set wording (check.yml's `set_phrases` and the glossary's
  terms: 习近平新时代中国特色社会主义思想, 红红脸、出出汗, 一岗双责) is no copy, however long: a
  gram of the draft with a character of it never counts. Nor does a gram held by more than
  STOCK_SHARE of the library's reports (and more than STOCK_MIN): what a library shows to be stock
  wording beyond the list; it is left out of the index.
- **Copied sentences.** A sentence of the draft (up to 。！？；or a line end) is judged on its own
  grams (those not stock), and only with at least MIN_GRAMS of them: shorter ones are set phrases.
  It is copied when at least COPIED of those grams are in one passage of the library. The passages
  it is compared with are those that share a fingerprint with it or its neighbours, and their own
  neighbours (copies come in runs), read from the search's shards. One edit (a unit's name, a
  word swapped) spoils at most GRAM + its length - 1 grams, so a sentence of 30 characters with two
  edits keeps about half.
- **The same report twice.** Two reports of the library are one when one holds at least SAME of the
  other's fingerprints (the same text from two sites; one copying most of another). Containment,
  not resemblance: a short report copied into a long one is still a copy (MinHash estimates Jaccard
  resemblance, which such a pair lacks, and at this size an exact count over the fingerprints the
  index has anyway costs less than a sketch).

The library's files (beside the search data, whose tables and shards say where each passage is):
`copies.json` (the index files' keys, the stock grams) and the index files, `copies-{key}.txt`: by
bucket of the fingerprint, sorted, each fingerprint's 16 further bits and its passage. A check reads
the table, the index files of the draft's fingerprints, the shards of the passages they find and
their reports' titles: `find` raises `Missing` with the names of files not yet in its folder, and
the caller (the command line reads them from docs/, the worker fetches them into its own file
system) calls again.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import json
import math
import os
import re
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import layout, search
from .model import OUTSIDE_PARTS, Point, Report

GRAM = 6
"""Characters of the normal form in a gram."""
SAMPLE = 8
"""A gram is a fingerprint when its hash is a multiple of this."""
MASK = 0xFFFFFFFF
"""Hashes are 32 bits."""
BASE = 0x01000193
"""Multiplier of the gram hash (FNV's prime)."""
STOCK_SHARE = 0.01
"""A gram in more than this share of the library's reports is stock wording."""
STOCK_MIN = 3
"""...and in more than this many of them (in a small library, a gram of two reports is no stock)."""
STOCK_SAMPLE = 1000
"""Reports the stock grams are counted in (evenly spread over the library; all of a smaller one)."""
MIN_GRAMS = 8
"""Grams (not stock) a sentence needs to be judged: a shorter one is a set phrase, not a copy."""
COPIED = 0.45
"""Share of a sentence's grams one passage must hold for the sentence to be copied from it."""
SENTENCE_CHARS = 20
"""Characters (of the normal form) under which a piece of a sentence is judged with the next piece of its line."""
SIMILAR = 0.2
"""Share of a point's grams a passage must hold to be shown as a similar way of writing it."""
SOURCES = 3
"""Passages named as the source of a copied sentence, at most (the most like it first)."""
SIMILAR_SHOWN = 3
"""Passages shown as similar ways of writing a point."""
CANDIDATES = 4
"""Passages sharing the most fingerprints with a sentence whose text a check reads, at most (with
those of the sentences before and after it, and the passages next to them: copies come in runs)."""
SAME = 0.5
"""Share of a report's fingerprints another must hold for the two to be one report."""
SAME_MIN = 20
"""Fingerprints two reports must share, at least, to be one (a stub of a few lines is no copy of a report)."""
SAME_GROUP = 50
"""Reports sharing a fingerprint beyond which it is not counted for reports that are one (the same
report on more sites than that is not to be expected; the pairs would grow as its square)."""
BUCKET_BYTES = 8_000
"""Bytes of an index file, about (6 bytes a fingerprint)."""
TABLE = "copies.json"
"""The table of the library's fingerprints, in the generated reports folder."""
INDEX = "copies-{key}.txt"
"""An index file, named by its content."""
FORMAT = 1
"""The files' format: data of another one are not read (the page and the data always agree when built together)."""
NUMERALS = "0123456789\u3007零一二三四五六七八九十百千万亿两"
"""Read as 0 in the normal form."""
SENTENCE_END = re.compile(r"[。！？；!?;\n]")
"""What ends a sentence of the draft."""

NORMAL = str.maketrans({**{c: "0" for c in NUMERALS}, **{c: "0" if f in NUMERALS else f for c, f in search.FOLD.items()}})
"""Fold and numerals, as one table (characters neither touches are left alone)."""


def normal_form(text: str) -> str:
    """The normal form of a text (see the module's notes)."""
    return "".join(filter(str.isalnum, text.translate(NORMAL)))


def normalized(text: str) -> tuple[str, list[int]]:
    """The normal form of a text and, for each of its characters, where it stands in the text."""
    folded = text.translate(NORMAL)
    where = [i for i, c in enumerate(folded) if c.isalnum()]
    return "".join(folded[i] for i in where), where


def gram_hash(*columns):
    """The hash of a gram from its GRAM characters' code points: ints (one gram), or numpy uint64
    arrays (many grams at once, column by column), the same arithmetic in both."""
    h = 0
    for c in columns:
        h = (h * BASE + c) & MASK
    h ^= h >> 16  # MurmurHash3's finalizer: every bit of the hash depends on every character
    h = (h * 0x85EBCA6B) & MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & MASK
    return h ^ (h >> 16)


def grams(normal: str) -> list[int]:
    """The hash of each gram of a normal form, in order."""
    codes = [ord(c) for c in normal]
    return [gram_hash(*codes[i : i + GRAM]) for i in range(len(codes) - GRAM + 1)]


def bucket_of(h: int, files: int) -> tuple[int, int]:
    """A fingerprint's index file and the 16 bits of it the file holds (ints, or numpy arrays of them)."""
    rest = h // SAMPLE
    return rest % files, (rest // files) & 0xFFFF


# ----------------------------------------------------------------------------- writing (the build)


CHUNK_REPORTS = 500
"""Reports whose grams are hashed at a time (the temporary arrays stay that size)."""


@functools.lru_cache(maxsize=1)
def normal_codes():
    """`normal_form` as a table for numpy: each code point's character in the normal form, 0 for
    one the normal form leaves out (made from NORMAL and str.isalnum, character by character)."""
    import numpy as np

    table = np.zeros(search.CODE_POINTS, dtype=np.uint32)
    for c in range(search.CODE_POINTS):
        if 0xD800 <= c <= 0xDFFF:
            continue  # surrogates are no characters
        n = chr(c).translate(NORMAL)
        if n.isalnum():
            table[c] = ord(n)
    return table


def gram_arrays(reports: Sequence[Report], every: int = 1):
    """The grams of the reports' passages (numbered in reading order, as the search numbers them)
    whose hash is a multiple of `every`: (hashes, passage numbers, report numbers), numpy arrays.
    The same grams as `grams(normal_form(text))` of each passage, computed a chunk of reports at a time."""
    import numpy as np

    table = normal_codes()
    hashes, passages, owners, first = [], [], [], 0
    for at in range(0, len(reports), CHUNK_REPORTS):
        texts, counts = [], []
        for report in reports[at : at + CHUNK_REPORTS]:
            own = [p.text for p in report.passages()]
            texts += own
            counts.append(len(own))
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        codes = table[np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)]
        kept = np.flatnonzero(codes)
        number = np.repeat(np.arange(first, first + len(texts), dtype=np.uint32), lengths)[kept]
        codes = codes[kept].astype(np.uint64)
        count = len(codes) - GRAM + 1
        if count > 0:
            h = gram_hash(*(codes[j : j + count] for j in range(GRAM))).astype(np.uint32)
            keep = np.flatnonzero((number[:count] == number[GRAM - 1 :]) & (h % every == 0))  # within one passage
            report_of = np.repeat(np.arange(at, at + len(counts), dtype=np.uint32), counts)
            hashes.append(h[keep])
            passages.append(number[keep])
            owners.append(report_of[number[keep] - first])
        first += len(texts)
    if not hashes:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint32), np.zeros(0, np.uint32)
    return np.concatenate(hashes), np.concatenate(passages), np.concatenate(owners)


def distinct(values):
    """The distinct values of a numpy array, sorted, and how many times each is there (a sort, which
    is faster than np.unique's hashing on these arrays)."""
    import numpy as np

    values = np.sort(values)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.zeros(0, np.int64)
    return values[starts], np.diff(np.r_[starts, len(values)])


def stock_limit(reports: int) -> int:
    """Reports a gram may be in and not be stock."""
    return max(STOCK_MIN, int(reports * STOCK_SHARE))


def stock_grams(reports: Sequence[Report]):
    """The grams in more reports than `stock_limit` allows, counted in STOCK_SAMPLE reports spread
    over the library (sorted numpy uint32)."""
    import numpy as np

    step = max(1, len(reports) // STOCK_SAMPLE)
    counted = reports[::step]
    hashes, _, owners = gram_arrays(counted)
    pairs, _ = distinct(hashes.astype(np.uint64) << np.uint64(32) | owners.astype(np.uint64))
    h, counts = distinct((pairs >> np.uint64(32)).astype(np.uint32))
    return h[counts > stock_limit(len(counted))]


@dataclass(frozen=True)
class Same:
    """Two reports of the library that are one report, mostly: their numbers, and the share of each
    one's fingerprints the other holds."""

    first: int
    second: int
    first_share: float
    second_share: float


@dataclass(frozen=True)
class Library:
    """What the build makes of the library's fingerprints: its files (by name under docs/) and the
    reports that are one report."""

    files: dict[str, str]
    same: tuple[Same, ...]


def library(reports: Sequence[Report]) -> Library:
    """The fingerprint files of the library and the reports that are one report."""
    import numpy as np

    stock = stock_grams(reports)
    hashes, passages, owners = gram_arrays(reports, SAMPLE)
    chosen = ~np.isin(hashes, stock)
    hashes, passages, owners = hashes[chosen], passages[chosen], owners[chosen]
    same = same_reports(hashes, owners, len(reports))
    keys, _ = distinct(hashes.astype(np.uint64) << np.uint64(32) | passages.astype(np.uint64))
    hashes, passages = (keys >> np.uint64(32)).astype(np.uint32), (keys & np.uint64(MASK)).astype(np.uint32)
    files = max(1, math.ceil(len(hashes) * 6 / BUCKET_BYTES))
    bucket, high = bucket_of(hashes, files)
    order = np.lexsort((passages, high, bucket))
    bucket, high, passages = bucket[order], high[order].astype("<u2"), passages[order].astype("<u4")
    bounds = np.searchsorted(bucket, np.arange(files + 1))
    out, names = {}, []
    for b in range(files):
        a, z = bounds[b], bounds[b + 1]
        body = search.packed(int(z - a).to_bytes(4, "little") + high[a:z].tobytes() + passages[a:z].tobytes())
        name = INDEX.format(key=search.content_key(body))
        names.append(name)
        out[f"{layout.REPORT_PAGES}/{name}"] = body
    table = {
        "format": FORMAT,
        "passages": sum(1 for r in reports for _ in r.passages()),
        "same": sorted({reports[n].slug for s in same for n in (s.first, s.second)}),
        "files": names,
        "stock": search.packed(stock.astype("<u4").tobytes()),
    }
    out[f"{layout.REPORT_PAGES}/{TABLE}"] = search.compact_json(table)
    return Library(out, same)


def noted(docs: Path) -> set[str]:
    """The reports the library built into `docs` last found to be another (their pages say so): from its table."""
    try:
        return set(json.loads((docs / FIXED[0]).read_text(encoding="utf-8"))["same"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def same_reports(hashes, owners, reports: int) -> tuple[Same, ...]:
    """The pairs of reports one of which holds SAME of the other's fingerprints, from the fingerprints
    (not stock) and the reports they are in; each pair once, the earlier report first."""
    import numpy as np

    pairs, _ = distinct(hashes.astype(np.uint64) << np.uint64(32) | owners.astype(np.uint64))
    h, r = (pairs >> np.uint64(32)).astype(np.uint32), (pairs & np.uint64(MASK)).astype(np.int64)
    own = np.bincount(r, minlength=reports)
    _, sizes = distinct(h)
    starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
    keys = []
    for k in range(2, min(SAME_GROUP, int(sizes.max(initial=0))) + 1):  # the pairs of reports of each shared fingerprint
        at = starts[sizes == k]
        i, j = np.triu_indices(k, 1)
        keys.append((r[at[:, None] + i] * reports + r[at[:, None] + j]).ravel())
    pair, count = distinct(np.concatenate(keys)) if keys else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    a, b = pair // reports, pair % reports
    same = (count / np.minimum(own[a], own[b]) >= SAME) & (count >= SAME_MIN)
    return tuple(
        Same(int(x), int(y), n / own[x], n / own[y])
        for x, y, n in zip(a[same].tolist(), b[same].tolist(), count[same].tolist(), strict=True)
    )


def groups(same: Sequence[Same]) -> list[list[int]]:
    """The reports that are one report, as groups (each sorted, in the order of their first report)."""
    parent: dict[int, int] = {}

    def root(r: int) -> int:
        while parent.setdefault(r, r) != r:
            r = parent[r]
        return r

    for s in same:
        a, b = root(s.first), root(s.second)
        parent[max(a, b)] = min(a, b)
    out: dict[int, list[int]] = defaultdict(list)
    for r in sorted(parent):
        out[root(r)].append(r)
    return list(out.values())


def shared_passages(reports: Sequence[Report], same: Sequence[Same]) -> dict[int, list[int]]:
    """Passages a report of the library shares with the report it is (long enough to be judged, and
    the same text as the search matches it, so that a query finds both or neither): each passage of
    the one found first, by number, with the numbers of the same passage in the others. 例句检索
    shows such a passage once."""
    if not same:  # the usual library: no passage of it need be read again
        return {}
    firsts, n = [], 0
    for report in reports:
        firsts.append(n)
        n += sum(1 for _ in report.passages())
    keyed: dict[int, dict[str, int]] = {}

    def passages_of(r: int) -> dict[str, int]:
        if r not in keyed:
            keyed[r] = {}
            for k, p in enumerate(reports[r].passages()):
                if len(normal_form(p.text)) >= MIN_GRAMS + GRAM - 1:
                    keyed[r].setdefault(search.fold(p.text), firsts[r] + k)
        return keyed[r]

    out: dict[int, list[int]] = defaultdict(list)
    for s in same:
        others = passages_of(s.second)
        for folded, number in passages_of(s.first).items():
            if folded in others and others[folded] not in out[number]:
                out[number].append(others[folded])
    return {k: sorted(v) for k, v in out.items() if v}


# ----------------------------------------------------------------------------- reading (a check)


class Missing(Exception):
    """Files a check needs that are not in its folder yet (names under the site's root)."""

    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(names))
        super().__init__(", ".join(self.names))


def need(folder: Path, names: Iterable[str]) -> None:
    """Raise Missing for those of the files that are not in the folder."""
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise Missing(missing)


def read_text(path: Path) -> str:
    """A data file's text."""
    return path.read_text(encoding="utf-8")


class Unreadable(Exception):
    """The library's 查重 data cannot be used: broken, of another format, or not of the same build as
    the search data (a message for the user)."""


def little_endian(code: str, data: bytes) -> array.array:
    """An array of numbers from their little-endian bytes."""
    out = array.array(code, data)
    if sys.byteorder == "big":
        out.byteswap()
    return out


@functools.lru_cache(maxsize=4096)
def index_file(path: Path) -> tuple[array.array, array.array]:
    """An index file: its fingerprints' 16 further bits (sorted) and their passages."""
    data = search.unpacked(read_text(path))
    count = int.from_bytes(data[:4], "little")
    return little_endian("H", data[4 : 4 + 2 * count]), little_endian("I", data[4 + 2 * count :])


@dataclass(frozen=True)
class Source:
    """A passage of the library: its report (slug, title), anchor, place (label), role and text."""

    slug: str
    title: str
    anchor: str
    label: str
    role: str
    text: str

    @property
    def place(self) -> str:
        """Where it is in its report as a reader names it: its numbering, 开篇 or 结尾 ("" for a part's heading without one)."""
        return self.label.rstrip("、.．") or OUTSIDE_PARTS.get(self.anchor, "")

    def as_data(self) -> dict:
        """As `reportkb check --json` gives it: the report, the anchor, its label (numbering) and place."""
        return {"slug": self.slug, "title": self.title, "anchor": self.anchor, "label": self.label, "place": self.place}


@dataclass(frozen=True)
class Copied:
    """A stretch of the draft the library holds: offsets in the draft's text (`draft_text`), the
    text, and the passages it is in."""

    start: int
    end: int
    text: str
    sources: tuple[Source, ...]

    def as_data(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "sources": [s.as_data() for s in self.sources]}


@dataclass(frozen=True)
class Copies:
    """What of a draft the library holds: the share of its characters, the copied stretches in order
    (adjacent sentences from one report together), and for each point (by anchor) the library's
    passages most like it."""

    share: float
    passages: tuple[Copied, ...]
    similar: dict[str, tuple[Source, ...]] = field(default_factory=dict)

    def over(self, text: str, sentence: str) -> list[Copied]:
        """The copied stretches of the checked text (`draft_text`) that overlap a sentence of it, found by
        its normal form (the outline may have cut it at a point's label, cleaning changed its spaces)."""
        normal, where = normalized(text)
        wanted = normal_form(sentence)
        at = normal.find(wanted) if wanted else -1
        if at == -1:
            return []
        start, end = where[at], where[at + len(wanted) - 1] + 1
        return [c for c in self.passages if c.start < end and start < c.end]

    @property
    def longest(self) -> Copied | None:
        return max(self.passages, key=lambda c: chars(c.text), default=None)

    def as_data(self) -> dict:
        return {"share": round(self.share, 4), "passages": [c.as_data() for c in self.passages]}


def chars(text: str) -> int:
    """Characters of a text, line breaks not counted."""
    return len(text) - text.count("\n")


def draft_text(report: Report) -> str:
    """The draft's text as the check reads it (offsets are in it): its passages in reading order, a line each."""
    return "\n".join(p.text for p in report.passages())


class Gram(NamedTuple):
    """A gram of the draft: its hash, its characters (of the normal form), and where it is in the text
    (its first character, and the place after its last)."""

    hash: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence of the draft: where it is, and its grams."""

    start: int
    end: int
    grams: tuple[Gram, ...]


def gram_texts(normal: str) -> set[str]:
    """The grams of a normal form, as characters (a check compares the draft with the passages it reads so)."""
    return {normal[i : i + GRAM] for i in range(len(normal) - GRAM + 1)}


def sentences(text: str) -> list[Sentence]:
    """The draft's sentences with their grams. A piece shorter than SENTENCE_CHARS (in normal form) is
    judged with the next one of its line: a changed punctuation mark (，made ；) does not cut a copied
    sentence into pieces too short to judge."""
    pieces, start = [], 0
    for m in [*SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        if text[start:end].strip():
            last = pieces[-1] if pieces else None
            if last and len(normal_form(text[last[0] : last[1]])) < SENTENCE_CHARS and "\n" not in text[last[1] - 1 : start + 1]:
                pieces[-1] = (last[0], end)
            else:
                pieces.append((start, end))
        start = end
    out = []
    for start, end in pieces:
        piece = text[start:end]
        normal, where = normalized(piece)
        spans = tuple(
            Gram(h, normal[i : i + GRAM], start + where[i], start + where[i + GRAM - 1] + 1) for i, h in enumerate(grams(normal))
        )
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(start + lead, start + len(piece.rstrip()), spans))
    return out


@dataclass(frozen=True)
class Reader:
    """The library's files as a check reads them, from a folder laid out as the site (docs/, or the
    worker's copy). The tables are parsed once (`reader_of` makes a new reader when they change)."""

    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / name

    @functools.cached_property
    def table(self) -> dict:
        """The table of the library's fingerprints (Missing, with the search's tables, until both are
        there; Unreadable when it is not of the same build as they)."""
        need(self.folder, FIXED)
        table = json.loads(read_text(self.path(FIXED[0])))
        if table.get("format") != FORMAT or table.get("passages") != sum(self.tables["passageCounts"]):
            raise Unreadable("样例库的查重数据与检索数据不是同一次生成的（或是旧格式）：请重新运行 reportkb build 或 make site")
        return table

    @functools.cached_property
    def tables(self) -> dict:
        return search.read_tables(read_text(self.path(FIXED[1])))

    @functools.cached_property
    def stock(self) -> frozenset[int]:
        return frozenset(little_endian("I", search.unpacked(self.table["stock"])))

    @functools.cached_property
    def starts(self) -> list[int]:
        return [0, *itertools.accumulate(self.tables["passageCounts"])][:-1]

    @functools.cached_property
    def roles(self) -> bytes:
        return search.unpacked(self.tables["passageRoles"])

    def passages_of(self, fingerprints: set[int]) -> dict[int, list[int]]:
        """The passages that hold each fingerprint (as far as its 32 bits tell)."""
        files = self.table["files"]
        where = {h: bucket_of(h, len(files)) for h in fingerprints}
        need(self.folder, {f"{layout.REPORT_PAGES}/{files[b]}" for b, _ in where.values()})
        out = {}
        for h, (b, high) in where.items():
            highs, passages = index_file(self.path(f"{layout.REPORT_PAGES}/{files[b]}"))
            at = bisect.bisect_left(highs, high)
            found = []
            while at < len(highs) and highs[at] == high:
                found.append(passages[at])
                at += 1
            out[h] = found
        return out

    def sources(self, numbers: Iterable[int]) -> dict[int, Source]:
        """The passages by number, with their reports' titles (their shards and titles files read)."""
        numbers = sorted(set(numbers))
        t, fmt = self.tables, self.tables["format"]
        shard_of = {n: bisect.bisect_right(t["shardStarts"], n) - 1 for n in numbers}
        report_of = {n: bisect.bisect_right(self.starts, n) - 1 for n in numbers}
        shard_names = {s: fmt["shard"].format(key=t["shards"][s]) for s in set(shard_of.values())}
        title_files = {r // fmt["titlesPerFile"] for r in report_of.values()}
        title_names = {f: fmt["titles"].format(key=t["titleFiles"][f]) for f in title_files}
        need(self.folder, [*shard_names.values(), *title_names.values()])
        slug_at, stride = fmt["reports"].index("slug"), len(fmt["fields"])
        label_at, anchor_at = fmt["fields"].index("label"), fmt["fields"].index("anchor")
        out = {}
        for n in numbers:
            shard, texts = shard_file(self.path(shard_names[shard_of[n]]))
            k = stride * (n - t["shardStarts"][shard_of[n]])
            r = report_of[n]
            titles = titles_file(self.path(title_names[r // fmt["titlesPerFile"]]))
            title = titles["titles"][r - titles["first"]]
            role = t["roles"][self.roles[n]][0]
            label = shard["labels"][shard["passages"][k + label_at]]
            out[n] = Source(t["reports"][r][slug_at], title, shard["passages"][k + anchor_at], label, role, texts[k // stride])
        return out


@functools.lru_cache(maxsize=4096)
def shard_file(path: Path) -> tuple[dict, list[str]]:
    """A shard of the search data, read once: its records, and its passages' texts."""
    shard = search.read_shard(read_text(path))
    return shard, shard["text"].split(search.SEPARATOR)


@functools.lru_cache(maxsize=64)
def titles_file(path: Path) -> dict:
    """A titles file of the search data, read once."""
    return search.read_titles(read_text(path))


FIXED = (f"{layout.REPORT_PAGES}/{TABLE}", search.DATA_FOLDER + search.DATA_FILE)
"""The library files whose names do not change with their content: the fingerprints' table and the search's tables."""


def reader_of(folder: Path) -> Reader:
    """The reader of a library folder, kept while its tables are the same files: a check asked again
    (its files fetched meanwhile) does not parse them again, a rebuilt library is read anew."""
    stamps = tuple((s.st_mtime_ns, s.st_size) for s in (os.stat(folder / n) for n in FIXED if (folder / n).is_file()))
    return kept_reader(folder, stamps)


@functools.lru_cache(maxsize=4)
def kept_reader(folder: Path, stamps: tuple) -> Reader:
    return Reader(folder)


def set_wording(text: str, phrases: Sequence[str]) -> list[int]:
    """How many characters of the text, up to each place, are in the genre's set wording (`phrases`,
    found in normal form): a gram with one of them is never counted."""
    normal, where = normalized(text)
    inside = bytearray(len(text))
    for phrase in {normal_form(p) for p in phrases} - {""}:
        at = normal.find(phrase)
        while at != -1:
            for k in range(at, at + len(phrase)):
                inside[where[k]] = 1
            at = normal.find(phrase, at + 1)
    return [0, *itertools.accumulate(inside)]


def counted_sentences(text: str, phrases: Sequence[str]) -> list[Sentence]:
    """The sentences of a text with the grams that count: none with a character of the genre's set wording."""
    counted = set_wording(text, phrases)
    return [Sentence(s.start, s.end, tuple(g for g in s.grams if counted[g.end] == counted[g.start])) for s in sentences(text)]


def judged(sentence: str, stock: frozenset[int], phrases: Sequence[str] = ()) -> bool:
    """Is a sentence judged at all: has it MIN_GRAMS grams beside the genre's set wording and the
    library's stock wording? (One with fewer is the genre's own wording, never a copy.)"""
    return sum(1 for s in counted_sentences(sentence, phrases) for g in s.grams if g.hash not in stock) >= MIN_GRAMS


def find(report: Report, folder: Path, phrases: Sequence[str] = ()) -> Copies:
    """What of a draft the library (its files in `folder`, laid out as the site) holds; raises
    Missing with the files not there yet, Unreadable when they cannot be used. `phrases`: the
    genre's set wording (Vocab.set_phrases)."""
    try:
        return compared(report, reader_of(folder), phrases)
    except (ValueError, KeyError, IndexError, TypeError, zlib.error) as error:  # a truncated file, a page for a missing one
        raise Unreadable("样例库的查重数据不完整或已损坏：请重新运行 reportkb build 或 make site") from error


def compared(report: Report, reader: Reader, phrases: Sequence[str]) -> Copies:
    """`find` with the library's reader."""
    text = draft_text(report)
    parts = counted_sentences(text, phrases)
    stock = reader.stock
    fingerprints = {g.hash for s in parts for g in s.grams if g.hash % SAMPLE == 0 and g.hash not in stock}
    found = reader.passages_of(fingerprints)
    near = [best(Counter(p for g in s.grams for p in found.get(g.hash, ()))) for s in parts]
    wanted = [set().union(*near[max(0, i - 1) : i + 2]) for i in range(len(parts))]
    last = sum(reader.tables["passageCounts"]) - 1
    wanted = [{q for p in ps for q in (p - 1, p, p + 1) if 0 <= q <= last} for ps in wanted]
    texts = reader.sources(set().union(*wanted)) if wanted else {}
    own_grams = {n: gram_texts(normal_form(s.text)) for n, s in texts.items()}
    copied: list[tuple[Sentence, tuple[Source, ...]]] = []
    for s, candidates in zip(parts, wanted, strict=True):
        mine = [g.text for g in s.grams if g.hash not in stock]
        if len(mine) < MIN_GRAMS:
            continue
        scored = sorted(((sum(t in own_grams[p] for t in mine) / len(mine), p) for p in candidates if p in texts), reverse=True)
        kept = [texts[p] for score, p in scored if score >= COPIED][:SOURCES]
        if kept:
            copied.append((s, tuple(kept)))
    runs = merged(text, copied)
    share = sum(chars(text[s.start : s.end]) for s, _ in copied) / max(1, chars(text))
    return Copies(share, runs, similar_passages(report, stock, texts, own_grams))


def best(counted: Counter[int]) -> set[int]:
    """The passages that share the most fingerprints with a sentence (the source of a copied sentence
    nearly always does), CANDIDATES at most."""
    top = max(counted.values(), default=0)
    return {p for p, n in counted.most_common(CANDIDATES) if n == top}


def merged(text: str, copied: Sequence[tuple[Sentence, tuple[Source, ...]]]) -> tuple[Copied, ...]:
    """Copied sentences as stretches: one after the other (nothing but white space between them) and
    from one report, a stretch."""
    runs: list[Copied] = []
    for s, sources in copied:
        last = runs[-1] if runs else None
        slugs = {x.slug for x in sources}
        if last and not text[last.end : s.start].strip() and slugs & {x.slug for x in last.sources}:
            both = last.sources + tuple(x for x in sources if x not in last.sources)
            runs[-1] = Copied(last.start, s.end, text[last.start : s.end], both)
        else:
            runs.append(Copied(s.start, s.end, text[s.start : s.end], sources))
    return tuple(runs)


def similar_passages(
    report: Report, stock: frozenset[int], texts: dict[int, Source], own_grams: dict[int, set[str]]
) -> dict[str, tuple[Source, ...]]:
    """For each point of the draft, the library's passages (among those read) that hold the most of its
    grams, at least SIMILAR of them; those of the role of the point's part first."""
    out, role = {}, ""
    for section, node in report.walk_in_sections():
        role = section.role if section.depth == 0 else role
        if not isinstance(node, Point):
            continue
        normal = normal_form(node.text)
        mine = {normal[i : i + GRAM] for i, h in enumerate(grams(normal)) if h not in stock}
        if len(mine) < MIN_GRAMS:
            continue
        scored = [(len(mine & own_grams[p]) / len(mine), p) for p in texts]
        kept = sorted(((texts[p].role != role, -score, p) for score, p in scored if score >= SIMILAR))
        if kept:
            out[node.id] = tuple(texts[p] for _, _, p in kept[:SIMILAR_SHOWN])
    return out


def as_text(copies: Copies) -> str:
    """The command line's lines about copies: the summary, then each copied stretch and where it is from."""
    lines = [f"查重：{summary(copies)}"]
    for c in copies.passages:
        shown = c.text if len(c.text) <= 40 else c.text[:40] + "…"
        whence = "；".join(f"《{s.title}》{s.place}" for s in c.sources[:3])
        lines.append(f"  「{shown.replace(chr(10), '')}」见{whence}")
    return "\n".join(lines) + "\n"


def summary(copies: Copies) -> str:
    """The check's one line about copies: 全文约 38% 与样例库中的材料相同；最长的一段连续 412 字，与《…》相同."""
    if not copies.passages:
        return "没有发现与样例库中的材料相同的句子。"
    longest = copies.longest
    title = longest.sources[0].title if longest else ""
    share = f"约 {round(copies.share * 100)}%" if copies.share >= 0.005 else "不到 1%"
    return f"全文{share} 与样例库中的材料相同；最长的一段连续 {chars(longest.text)} 字，与《{title}》相同。"
