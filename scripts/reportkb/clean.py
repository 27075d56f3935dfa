"""Stage 2: normalize text, strip residue, rejoin hard-wrapped lines, find the title, split run-in
headings; every change recorded, and what looked like residue but was kept reported.

`clean()` runs the steps in order: each line by itself (invisible characters, page furniture,
page numbers, indentation, decoration, spaces), then the lines as paragraphs (hard wraps
rejoined), then the title found and joined, then headings run into one paragraph split apart.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from . import furniture as shapes
from .hanzi import RADICAL_CHARS, RADICALS, has_traditional, view
from .model import LINE, Change, ChangeKind, Notice, NoticeRule
from .numbering import ANY_LABEL, CN_NUMERAL, INLINE_POINT, match_marker
from .text import PAUSE, SENTENCE, SENTENCE_END, char_class, ends_sentence_or_pause
from .vocab import Furniture, Genre, Vocab

INVISIBLE = str.maketrans(
    {
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # stray byte-order mark
        "\u00ad": None,  # soft hyphen
        "\u00a0": " ",  # no-break space
        "\t": " ",
        "\u2028": " ",
        "\u2029": " ",
        **dict.fromkeys([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F], None),  # control characters
        **dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None),  # bidirectional overrides
    }
)
"""Explicit translation table for invisible, control and odd space characters; nothing else is touched."""
INVISIBLE_CHARS = re.compile("[" + re.escape("".join(map(chr, INVISIBLE))) + "]")
"""Any character of the table: lines without one are not translated."""

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
"""A line that is only a page number from a PDF copy: `- 3 -`, `第3页 共9页`, `3/9`."""
PAGE_BREAK = "\f"
"""Form feed: a page break as pdftotext writes it."""
INDENT = re.compile(r"^[ \u3000]+")
"""Indentation with ASCII or full-width spaces."""
MARKUP = re.compile(r"^(?:#{1,6}|[-*+])[ \u3000]+")
"""A Markdown heading mark or list bullet, removed from the title line and before numbering."""
WHOLE_LINE_BOLD = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
"""A whole line in Markdown bold: `**一、存在的主要问题**`."""
STOPS = char_class(SENTENCE_END + PAUSE)
"""A sentence end or a pause, as a character class."""
BOLD_LABEL = re.compile(rf"(?:^|(?<={STOPS}))\*\*(?P<text>(?:{ANY_LABEL})(?:[^*\n]*?{STOPS}|[^*\n]*?(?=\*\*$))?)\*\*")
"""Bold that decorates a heading or point label: it opens the line (or follows a sentence end),
starts with a marker or 一是, holds no asterisk, and closes right after the label, after a sentence
end or a pause, or at the line end. Placeholder asterisks such as `**镇` never match."""

CJK = "\u3400-\u9fff\uf900-\ufaff\u3001-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f\u201c\u201d\u2018\u2019"
"""Chinese characters and Chinese punctuation (。，、；：！？（）“”‘’【】《》), as a character-class body."""
CJK_SPACE = re.compile(f"(?<=[{CJK}]) {{1,3}}(?=[{CJK}])")
"""ASCII spaces between two Chinese characters: where a PDF copy broke a line (第 一时间), or typing slack."""
DIGIT_CJK_SPACE = re.compile(f"(?<=\\d)[ \u3000]+(?=[{CJK}])|(?<=[{CJK}])[ \u3000]+(?=\\d)")
"""Spaces between digits and Chinese characters or punctuation: PDF extraction's (2022 年), a sentence's end (风险。 2025年)."""

DECORATION_PASSES = 8
"""Times marks and bold are taken off a line again (bold labels in a row come off one a pass): a bound."""
MIN_WRAP_WIDTH = 30
"""Narrowest display width (Chinese characters count 2) taken for hard wrapping."""
WRAP_SLACK = 6
"""A line within this many display columns of the wrap width counts as full."""
LOST_INDENT = 4
"""Display columns a paragraph's first line is short of the others when its two-character indent
was lost (a PDF's text layer has no leading spaces): such a line still counts as full."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of cleaned text and the source line it starts on."""

    text: str
    """The paragraph, on one line."""
    line: int
    """Source line (1-based, counted in the file): for messages only."""
    rank: int | None = None
    """Heading level rank the source gives it as an unnumbered heading (a Word heading style, a bold
    line), or None."""


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: paragraphs and what was changed to get them."""

    title: Paragraph | None
    """The title, when the text has one (the only place that decides what the title is)."""
    paragraphs: tuple[Paragraph, ...]
    """The paragraphs after the title, in order."""
    changes: tuple[Change, ...]
    """Every change, in source order."""
    notices: tuple[Notice, ...] = ()
    """What looked like page furniture but was kept (too long, or holding a numbering marker)."""
    traditional: bool = False
    """Is the text written in traditional characters (matched through their simplified forms)?"""

    @property
    def text(self) -> str:
        """Title and paragraphs separated by blank lines; cleaning this again changes nothing."""
        return "\n\n".join(p.text for p in ((self.title,) if self.title else ()) + self.paragraphs)


@dataclass
class _Line:
    """A source line while it is being cleaned."""

    text: str
    number: int
    indented: bool = False
    page: bool = False
    width: int = 0
    """Display width as laid out in the source (before residue and spaces were taken out)."""
    opens_list: bool = False
    """Was it the head of a list of other articles (相关推荐：), whose titles follow?"""


def display_width(text: str) -> int:
    """Columns the text takes: ASCII counts 1, everything else 2 (Chinese, full-width, “”…— in Chinese fonts)."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


WORD_CHAR = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
"""A Chinese character (not punctuation)."""
TITLE_LINES = 3
"""A title is wrapped over at most this many lines (by a PDF copy; by docx_write.title_lines)."""
TITLE_TAIL = 10
"""Longest line that still goes on a title whose lines before it end like one already (……对照检查 / 材料)."""
TITLE_SEARCH = 8
"""The title is looked for among this many paragraphs at the top."""
TITLE_MAX = 80
"""Longest title."""
HEADING_MAX = 80
"""Longest heading: a paragraph after a marker that is this long or shorter and has no sentence end
before its last character is all heading."""
TITLE_NOTE = r"(?:\s*[（(][^（）()]{1,12}[)）])?"
"""A note in brackets after the title: (含案例)."""
RUN_IN = re.compile(rf"{CN_NUMERAL}、|[（(]{CN_NUMERAL}[)）]|\d{{1,2}}、")
"""Markers of the three top levels (一、, （一）, 1、) anywhere in a paragraph."""
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
"""Opening and closing quotation marks: a marker between them is quoted, not a heading."""
QUOTE_MARKS = re.compile(char_class("".join(k + v for k, v in QUOTE_PAIRS.items())))
"""Any quotation mark of QUOTE_PAIRS."""
SENTENCE_STOP = re.compile(char_class(SENTENCE_END))
"""A sentence end between a heading and a （一） closes the heading."""

CUT_KINDS = {"watermark": ChangeKind.WATERMARK, "pinyin": ChangeKind.PINYIN}
"""How the pieces furniture.py cuts are recorded; every other kind is furniture."""


def starts_structure(text: str) -> bool:
    """Does the text open with a numbering marker, a point label or bold?"""
    return bool(match_marker(text) or INLINE_POINT.match(text) or text.startswith("**"))


def strip_decoration(text: str, is_title: bool) -> tuple[str, list[tuple[ChangeKind, str]]]:
    """Text without Markdown marks and bold that decorate headings and points, and what was removed."""
    removed: list[tuple[ChangeKind, str]] = []
    if "**" not in text and not (text[:1] in "#-*+" and MARKUP.match(text)):
        return text, removed  # nothing to take off: the common case, kept cheap
    for _ in range(DECORATION_PASSES):
        mark = MARKUP.match(text)
        if mark and ((is_title and mark.group(0).startswith("#")) or starts_structure(text[mark.end() :])):
            removed.append((ChangeKind.MARKUP, mark.group(0).strip()))
            text = text[mark.end() :]
            continue
        bold = WHOLE_LINE_BOLD.match(text)
        if bold:
            removed.append((ChangeKind.EMPHASIS, "****"))
            text = bold["text"].strip()
            continue
        text, count = BOLD_LABEL.subn(r"\g<text>", text)
        removed.extend([(ChangeKind.EMPHASIS, "****")] * count)
        if not count:
            return text, removed
    return text, removed  # what is left after so many passes stays, as text


def clean_line(
    raw: str,
    number: int,
    is_title: bool,
    furniture: Furniture,
    simple: Callable[[str], str],
    invisible: bool = True,
    radicals: bool = True,
) -> tuple[_Line, list[Change], list[Notice]]:
    """One line cleaned by itself: invisible characters, page furniture, page numbers, marks, spaces."""
    changes: list[Change] = []
    notices: list[Notice] = []

    def note(kind: ChangeKind, removed: str) -> None:
        changes.append(Change(kind, number, removed))

    text = raw.translate(INVISIBLE) if invisible and INVISIBLE_CHARS.search(raw) else raw
    if text != raw:
        note(ChangeKind.INVISIBLE, "".join(c for c in raw if c.translate(INVISIBLE) != c and not c.isspace()))
    if radicals and RADICAL_CHARS.search(text):
        ideographs = text.translate(RADICALS)
        note(ChangeKind.RADICAL, "".join(c for c, d in zip(text, ideographs, strict=True) if c != d))
        text = ideographs
    if PAGE_BREAK in text:
        note(ChangeKind.PAGE_NUMBER, "")
        text = text.replace(PAGE_BREAK, "")
        if not text.strip():
            return _Line("", number, page=True), changes, notices
    text, cuts = shapes.cut_pieces(text, furniture, simple)
    for cut in cuts:
        note(CUT_KINDS.get(cut.kind, ChangeKind.FURNITURE), cut.text)
    text = text.rstrip()
    width = display_width(text)  # as laid out, indentation included
    indent = INDENT.match(text)
    if indent:
        note(ChangeKind.INDENT, "")
        text = text[indent.end() :]
    text, removed = strip_decoration(text, is_title)
    for kind, piece in removed:
        note(kind, piece)
    text = text.strip()
    if " " in text or "\u3000" in text:  # before the shapes of furniture: the line as it will stay
        spaced = CJK_SPACE.sub("", DIGIT_CJK_SPACE.sub("", text))
        if spaced != text:
            note(ChangeKind.SPACE, "")
            text = spaced
    if PAGE_NUMBER.match(text):
        note(ChangeKind.PAGE_NUMBER, text.strip())
        return _Line("", number, page=True), changes, notices
    if text and shapes.whole_line(text, furniture, simple):
        note(ChangeKind.FURNITURE, text)
        return _Line("", number, page=True), changes, notices
    if text and furniture.lists and furniture.lists.search(simple(text)):
        note(ChangeKind.FURNITURE, text)
        return _Line("", number, page=True, opens_list=True), changes, notices
    kind = shapes.line_kind(text, furniture, simple) if text else None
    if kind and shapes.removable(text, furniture):
        note(ChangeKind.FURNITURE, text)
        return _Line("", number, page=True), changes, notices
    if kind:
        notices.append(Notice(f"这一行像网页残留，但较长或带有编号，已保留：「{text[:30]}」", number, NoticeRule.RESIDUE))
    return _Line(text, number, indented=bool(indent), width=width), changes, notices


LIST_TITLE_MAX = 60
"""Longest line taken as the title of another article, in a list of them after a report."""


def listed_titles(lines: list[_Line]) -> list[Change]:
    """The lines under the head of a list of other articles (相关推荐：): short lines that do not end a
    sentence or start with a numbering marker, up to the first that is not such a line; taken out."""
    changes = []
    listing = False
    for ln in lines:
        if ln.opens_list:
            listing = True
        elif listing and ln.text:
            title_like = len(ln.text) <= LIST_TITLE_MAX and not ends_sentence_or_pause(ln.text) and not match_marker(ln.text)
            if not title_like:
                listing = False
                continue
            changes.append(Change(ChangeKind.FURNITURE, ln.number, ln.text))
            ln.text, ln.page = "", True
    return changes


def wrap_width(lines: Sequence[_Line]) -> int | None:
    """Width the text was hard-wrapped at, or None when it was not.

    Votes over lines that do not start with a numbering marker: the width (≥ MIN_WRAP_WIDTH)
    that most lines come within WRAP_SLACK of, if at least 4 lines and 40% of them do.
    """
    widths = sorted(ln.width for ln in lines if ln.text and not match_marker(ln.text))
    best, votes = None, 0
    for w in sorted(set(widths)):
        if w < MIN_WRAP_WIDTH:
            continue
        count = bisect.bisect_right(widths, w) - bisect.bisect_left(widths, w - WRAP_SLACK)
        if count >= votes:
            best, votes = w, count
    if best is None or votes < 4 or votes < 0.4 * len(widths):
        return None
    return best


def breaks_word(last: _Line, line: _Line) -> bool:
    """Did a blank line fall inside a word (贯 / blank / 彻): a Chinese character on both sides, and no
    heading or point starting after it? (Asked of a line that is full or continues a paragraph.)"""
    starts_item = match_marker(line.text) or INLINE_POINT.match(line.text)
    return bool(WORD_CHAR.match(last.text[-1]) and WORD_CHAR.match(line.text[0])) and not starts_item


def join_wrapped(
    lines: Sequence[_Line], width: int | None, hints: Mapping[int, int] | None = None
) -> tuple[list[Paragraph], list[Change]]:
    """Lines as paragraphs: in wrapped text a full line continues on the next, across a page break,
    and across a blank line that fell inside a word. A paragraph takes the heading rank `hints`
    gives its first line.

    A line does not continue onto an indented line, nor onto a numbering marker unless it
    breaks off mid-sentence (no sentence end or pause at its end). Where no line is indented,
    nothing tells paragraphs apart but their ends: a full line ending a sentence ends its paragraph.
    """
    hints = hints or {}
    paragraphs: list[Paragraph] = []
    changes: list[Change] = []
    current: list[_Line] = []  # the physical lines of the paragraph being joined
    crossed_page = False
    gaps = 0
    indented = any(ln.indented for ln in lines)
    # No line indented, yet many short of full by about an indent: the indents were lost (a PDF's text
    # layer), and a full line that follows one ending a sentence goes on with its paragraph.
    lost_indents = (
        not indented
        and width is not None
        and sum(width - WRAP_SLACK - LOST_INDENT <= ln.width < width - WRAP_SLACK for ln in lines if ln.text) >= 3
    )

    def close() -> None:
        if current:
            first = current[0].number
            paragraphs.append(Paragraph("".join(ln.text for ln in current), first, hints.get(first)))

    for ln in lines:
        if ln.page:
            crossed_page = True
            continue
        if not ln.text:
            gaps += 1
            continue
        last = current[-1] if current else None
        lost = LOST_INDENT if not indented and len(current) == 1 else 0  # a first line, its indent gone
        full = last is not None and width is not None and last.width >= width - WRAP_SLACK - lost
        # body text cut inside a word: by a line break, blank lines, or a line of furniture taken out (a login
        # prompt); indented or not, since the output keeps neither the indent nor the number of blank lines
        # and cleaning the cleaned text must change nothing
        cut = last is not None and breaks_word(last, ln) and bool(SENTENCE.search(last.text))
        wrapped_on = (
            last is not None
            and width is not None
            and ((full and (not gaps or crossed_page)) or (gaps == 1 and breaks_word(last, ln) and (full or len(current) > 1)))
        )
        continues = (
            last is not None
            and (cut or (wrapped_on and not ln.indented))
            and not (match_marker(ln.text) and ends_sentence_or_pause(last.text))
            and (indented or last.text[-1] not in SENTENCE_END or (lost_indents and ln.width >= width - WRAP_SLACK))
        )
        if continues:
            current.append(ln)
            changes.append(Change(ChangeKind.UNWRAP, ln.number))
        else:
            close()
            current = [ln]
        gaps, crossed_page = 0, False
    close()
    return paragraphs, changes


@functools.lru_cache(maxsize=8)
def title_pattern(genre: Genre) -> re.Pattern[str]:
    """How a title ends: a title ending (genre.yml), perhaps a note in brackets."""
    endings = "|".join(map(re.escape, sorted(genre.title_endings, key=len, reverse=True)))
    return re.compile(f"(?:{endings}){TITLE_NOTE}$")


def title_at(paragraphs: Sequence[Paragraph], start: int, pattern: re.Pattern[str], simple: Callable[[str], str]) -> int:
    """How many paragraphs from `start` make up a title (1 to TITLE_LINES), or 0: the most that still
    end like a title (……对照检查 / 材料 is one title, though its first line ends like one already)."""
    joined, found = "", 0
    for count, para in enumerate(paragraphs[start : start + TITLE_LINES], start=1):
        if (count > 1 and match_marker(para.text)) or ends_sentence_or_pause(para.text):
            break
        joined += para.text
        if len(joined) > TITLE_MAX:
            break
        if found and len(para.text) > TITLE_TAIL:
            break  # a line of its own (the title again, as the article's first line), not the title's tail
        if pattern.search(simple(joined)):
            found = count
        elif found:
            break
    return found


def looks_like_title(text: str) -> bool:
    """Could a first paragraph be a title though it does not end like one: short, no numbering, not a sentence?"""
    return len(text) <= TITLE_MAX and not match_marker(text) and not ends_sentence_or_pause(text)


SUMMARY_MARKERS = 4
"""Numbering markers in one line above the title that make it the site's outline of the article
(一、存在的问题。(一)……(二)……二、……): no report's own line numbers so many parts in a row."""


def summary_like(text: str) -> bool:
    """Is a line above the title an outline of the article (the site's summary), not its text?"""
    return len(RUN_IN.findall(text)) >= SUMMARY_MARKERS


def find_title(
    paragraphs: list[Paragraph], genre: Genre, furniture: Furniture, simple: Callable[[str], str]
) -> tuple[Paragraph | None, list[Paragraph], list[Change]]:
    """The title and the paragraphs after it: lines above it that are short and unnumbered (banners,
    site names) or outline the article (a site's summary) taken out, the lines a PDF copy wrapped it
    over joined. Without a paragraph that
    ends like a title (or when what stands above one might be text of the report), the first
    paragraph is the title if it looks like one; else there is none."""
    pattern = title_pattern(genre)
    for start, para in enumerate(paragraphs[:TITLE_SEARCH]):
        if match_marker(para.text) or len(para.text) > TITLE_MAX:
            if summary_like(para.text):
                continue  # a site's outline of the article above its title does not end the search
            break
        count = title_at(paragraphs, start, pattern, simple)
        if not count:
            continue
        above = paragraphs[:start]
        if not all(shapes.removable(p.text, furniture) or summary_like(p.text) for p in above):
            break
        changes = [Change(ChangeKind.FURNITURE, p.line, p.text) for p in above]
        parts = paragraphs[start : start + count]
        changes += [Change(ChangeKind.UNWRAP, p.line) for p in parts[1:]]
        title, rest = Paragraph("".join(p.text for p in parts), parts[0].line), paragraphs[start + count :]
        if rest and simple(rest[0].text) == simple(title.text):  # the page's heading, then the article's own first line
            changes.append(Change(ChangeKind.FURNITURE, rest[0].line, rest[0].text))
            rest = rest[1:]
        return title, rest, changes
    if paragraphs and looks_like_title(paragraphs[0].text):
        return paragraphs[0], paragraphs[1:], []
    return None, paragraphs, []


class Quotes:
    """Is a position of a text inside quotation marks? Asked at positions that only move forward,
    it reads each character once."""

    def __init__(self, text: str):
        self.marks = [(m.start(), m.group(0)) for m in QUOTE_MARKS.finditer(text)]
        self.seen = 0
        self.depth = 0

    def inside(self, position: int) -> bool:
        """Is `position` (no smaller than the one asked before) inside quotation marks?"""
        while self.seen < len(self.marks) and self.marks[self.seen][0] < position:
            char = self.marks[self.seen][1]
            if char in QUOTE_PAIRS:
                self.depth += 1
            elif self.depth:
                self.depth -= 1
            self.seen += 1
        return self.depth > 0


def run_in_splits(paragraphs: Sequence[Paragraph]) -> list[list[int]]:
    """Where each paragraph splits: markers of the three top levels (一、, （一）, 1、) inside a paragraph
    that carry on the sequence of the markers before them, after a sentence end or pause (or, for
    （一）, right after a heading that began in the same paragraph), never inside quotation marks. A
    1、 splits only under a heading of its paragraph (一、存在的主要问题：1、……。2、……), or after a 1、 split.

    Each paragraph is read once from start to end, whatever the number of markers in it."""
    last = [0, 0, 0]  # the last number seen at each of the three levels
    splits = []
    for para in paragraphs:
        text = para.text
        here: list[int] = []
        marker = match_marker(text)
        open_heading = under_heading = False
        if marker and marker[0] < len(last):
            last[marker[0]] = marker[2]
            last[marker[0] + 1 :] = [0] * (len(last) - marker[0] - 1)
            open_heading, under_heading = marker[0] == 0, marker[0] < 2
        quotes = stops = None  # worked out at the first marker (most paragraphs have none)
        for m in RUN_IN.finditer(text, 1):
            if stops is None:
                quotes = Quotes(text) if QUOTE_MARKS.search(text) else None
                stops = [m.start() for m in SENTENCE_STOP.finditer(text)]
            rank, _, value = match_marker(text, m.start()) or (len(last), "", 0)
            after_stop = text[m.start() - 1] in SENTENCE_END + PAUSE
            if rank >= len(last) or value != last[rank] + 1 or (quotes and quotes.inside(m.start())):
                continue
            if rank == 2 and not (under_heading or last[2]):
                continue
            since = here[-1] if here else 0
            stopped = bisect.bisect_left(stops, m.start()) > bisect.bisect_left(stops, since)
            heading_runs_on = rank == 1 and open_heading and not stopped
            if not (after_stop or heading_runs_on):
                continue
            here.append(m.start())
            last[rank] = value
            last[rank + 1 :] = [0] * (len(last) - rank - 1)
            open_heading, under_heading = rank == 0, True
        splits.append(here)
    return splits


def split_run_in(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Change]]:
    """Paragraphs with headings that run on inside them split apart (one paragraph per heading);
    the first piece keeps the paragraph's heading rank."""
    out: list[Paragraph] = []
    changes: list[Change] = []
    for para, cuts in zip(paragraphs, run_in_splits(paragraphs), strict=True):
        bounds = [0, *cuts, len(para.text)]
        out += [
            Paragraph(para.text[a:b].rstrip(), para.line, para.rank if a == 0 else None) for a, b in itertools.pairwise(bounds)
        ]
        changes += [Change(ChangeKind.SPLIT, para.line) for _ in cuts]
    return out, changes


def present(furniture: Furniture, text: str, simple: Callable[[str], str]) -> Furniture:
    """The furniture with only the watermarks and pieces the text holds somewhere (a quick test before each line)."""
    view_text = simple(text)
    return dataclasses.replace(
        furniture,
        watermarks=tuple(p for p in furniture.watermarks if p.search(view_text)),
        fragments=tuple((kind, p) for kind, p in furniture.fragments if p.search(view_text)),
    )


def clean(text: str, vocab: Vocab, first_line: int = 1, wrapped: bool = True, hints: Mapping[int, int] | None = None) -> Cleaned:
    """Cleaned paragraphs of a report body whose first line is line `first_line` of the file.

    Hard-wrapped lines are rejoined only when the text may be `wrapped` (not in Word files);
    `hints` gives the heading rank of lines that are unnumbered headings in the source.
    """
    traditional = has_traditional(text)
    simple = view(traditional)
    furniture = present(vocab.furniture, text, simple)
    lines: list[_Line] = []
    changes: list[Change] = []
    notices: list[Notice] = []
    seen_text = False
    invisible = INVISIBLE_CHARS.search(text) is not None
    radicals = RADICAL_CHARS.search(text) is not None
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line, line_changes, line_notices = clean_line(raw, number, not seen_text, furniture, simple, invisible, radicals)
        seen_text = seen_text or bool(line.text)
        lines.append(line)
        changes += line_changes
        notices += line_notices
    changes += listed_titles(lines)
    paragraphs, joins = join_wrapped(lines, wrap_width(lines) if wrapped else None, hints)
    title, paragraphs, titled = find_title(paragraphs, vocab.genre, furniture, simple)
    paragraphs, splits = split_run_in(paragraphs)
    changes += joins + titled + splits
    changes.sort(key=lambda c: c.line)
    return Cleaned(title, tuple(paragraphs), tuple(changes), tuple(notices), traditional)


CHANGE_NAMES = {
    ChangeKind.WATERMARK: "去除水印",
    ChangeKind.FURNITURE: "去除网页残留（横幅、导航、浏览量、作者来源、广告语、网址等）",
    ChangeKind.PINYIN: "去除转换残留的拼音",
    ChangeKind.SPLIT: "拆开连写在一段里的标题",
    ChangeKind.COLLECTION: "按“【第N篇】”把合集拆成多篇，这是其中一篇",
    ChangeKind.PAGE_NUMBER: "删除页码/分页",
    ChangeKind.UNWRAP: "合并断行",
    ChangeKind.INDENT: "去除缩进",
    ChangeKind.SPACE: "去除汉字间、数字与汉字间的空格",
    ChangeKind.EMPHASIS: "去除标题和要点的加粗",
    ChangeKind.MARKUP: "去除 Markdown 标记（#、列表符号）",
    ChangeKind.INVISIBLE: "去除不可见字符",
    ChangeKind.NUMBERING: "写入 Word 自动编号",
    ChangeKind.REVISION: "接受修订（删去已删除的文字）",
    ChangeKind.HIDDEN: "略去隐藏文字",
    ChangeKind.FIELD: "略去页码域",
    ChangeKind.TEXTBOX: "略去文本框",
    ChangeKind.COMMENT: "略去批注",
    ChangeKind.FOOTNOTE: "略去脚注、尾注",
    ChangeKind.SYMBOL: "略去无法识别的符号字体字符",
    ChangeKind.EMBEDDED: "略去嵌入的其他文档（请在 Word 中另存为 .docx 后再放入）",
    ChangeKind.WEB_PAGE: "只取网页正文，略去导航、页眉页脚、侧栏、相关文章等",
    ChangeKind.RUNNING: "去除 PDF 每页重复的页眉、页脚",
    ChangeKind.RADICAL: "把 PDF 中的部首字符换成对应的汉字（⼀→一、⺠→民）",
}
"""How each kind of change is named in the build's report (every kind has a name: a test checks)."""


def summarize(changes: Sequence[Change], unit: str = LINE) -> str:
    """One line saying what cleaning did: kind, count, first lines (`unit`: what a line number counts)."""
    parts = []
    for kind, name in CHANGE_NAMES.items():
        lines = sorted({c.line for c in changes if c.kind == kind})
        count = sum(1 for c in changes if c.kind == kind)
        if count:
            shown = "、".join(map(str, lines[:5])) + ("…" if len(lines) > 5 else "")
            parts.append(f"{name} {count} 处（第 {shown} {unit}）")
    return "；".join(parts)
