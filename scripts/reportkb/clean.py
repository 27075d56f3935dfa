"""Stage 2: normalize text, strip residue, rejoin hard-wrapped lines; every change recorded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Change
from .numbering import ANY_LABEL, INLINE_POINT, match_marker
from .text import PAUSE, SENTENCE_END, char_class, ends_sentence_or_pause

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
DIGIT_CJK_SPACE = re.compile(r"(?<=\d)[ \u3000]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ \u3000]+(?=\d)")
"""Spaces PDF extraction put between digits and Chinese characters."""

MIN_WRAP_WIDTH = 30
"""Narrowest display width (Chinese characters count 2) taken for hard wrapping."""
WRAP_SLACK = 6
"""A line within this many display columns of the wrap width counts as full."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of cleaned text and the source line it starts on."""

    text: str
    """The paragraph, on one line."""
    line: int
    """Source line (1-based, counted in the file)."""


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning: paragraphs and what was changed to get them."""

    paragraphs: tuple[Paragraph, ...]
    """Paragraphs in order."""
    changes: tuple[Change, ...]
    """Every change, in source order."""

    @property
    def text(self) -> str:
        """Paragraphs separated by blank lines; cleaning this again changes nothing."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass
class _Line:
    """A source line while it is being cleaned."""

    text: str
    number: int
    indented: bool = False
    page: bool = False
    width: int = 0
    """Display width as laid out in the source (before residue and spaces were taken out)."""


def display_width(text: str) -> int:
    """Columns the text takes: ASCII counts 1, everything else 2 (Chinese, full-width, “”…— in Chinese fonts)."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def remove_all(pattern: re.Pattern[str], text: str) -> tuple[str, list[str]]:
    """Text with every match removed (repeated until none is left) and the removed pieces."""
    removed: list[str] = []
    while True:
        found = [m.group(0) for m in pattern.finditer(text) if m.group(0)]
        if not found:
            return text, removed
        removed.extend(found)
        text = pattern.sub("", text)


def starts_structure(text: str) -> bool:
    """Does the text open with a numbering marker, a point label or bold?"""
    return bool(match_marker(text) or INLINE_POINT.match(text) or text.startswith("**"))


def strip_decoration(text: str, is_title: bool) -> tuple[str, list[tuple[str, str]]]:
    """Text without Markdown marks and bold that decorate headings and points, and what was removed."""
    removed: list[tuple[str, str]] = []
    if "**" not in text and not (text[:1] in "#-*+" and MARKUP.match(text)):
        return text, removed  # nothing to take off: the common case, kept cheap
    while True:
        mark = MARKUP.match(text)
        if mark and ((is_title and mark.group(0).startswith("#")) or starts_structure(text[mark.end() :])):
            removed.append(("markup", mark.group(0).strip()))
            text = text[mark.end() :]
            continue
        bold = WHOLE_LINE_BOLD.match(text)
        if bold:
            removed.append(("emphasis", "****"))
            text = bold["text"].strip()
            continue
        text, count = BOLD_LABEL.subn(r"\g<text>", text)
        removed.extend([("emphasis", "****")] * count)
        if not count:
            return text, removed


def clean_line(
    raw: str, number: int, is_title: bool, watermarks: Sequence[re.Pattern[str]], invisible: bool = True
) -> tuple[_Line, list[Change]]:
    """One line cleaned by itself: invisible characters, watermarks, page numbers, marks, spaces."""
    changes: list[Change] = []

    def note(kind: str, removed: str) -> None:
        changes.append(Change(kind, number, removed))

    text = raw.translate(INVISIBLE) if invisible and INVISIBLE_CHARS.search(raw) else raw
    if text != raw:
        note("invisible", "".join(c for c in raw if c.translate(INVISIBLE) != c and not c.isspace()))
    if PAGE_BREAK in text:
        note("page-number", "")
        text = text.replace(PAGE_BREAK, "")
        if not text.strip():
            return _Line("", number, page=True), changes
    for pattern in watermarks:
        text, removed = remove_all(pattern, text)
        for piece in removed:
            note("watermark", piece)
    text = text.rstrip()
    width = display_width(text)  # as laid out, indentation included
    indent = INDENT.match(text)
    if indent:
        note("indent", "")
        text = text[indent.end() :]
    text, removed = strip_decoration(text, is_title)
    for kind, piece in removed:
        note(kind, piece)
    text = text.strip()
    if PAGE_NUMBER.match(text):
        note("page-number", text.strip())
        return _Line("", number, page=True), changes
    spaced = DIGIT_CJK_SPACE.sub("", text) if " " in text or "\u3000" in text else text
    if spaced != text:
        note("space", "")
        text = spaced
    return _Line(text, number, indented=bool(indent), width=width), changes


def wrap_width(lines: Sequence[_Line]) -> int | None:
    """Width the text was hard-wrapped at, or None when it was not.

    Votes over lines that do not start with a numbering marker: the width (≥ MIN_WRAP_WIDTH)
    that most lines come within WRAP_SLACK of, if at least 4 lines and 40% of them do.
    """
    widths = [ln.width for ln in lines if ln.text and not match_marker(ln.text)]
    best, votes = None, 0
    for w in sorted(set(widths)):
        if w < MIN_WRAP_WIDTH:
            continue
        count = sum(1 for x in widths if w - WRAP_SLACK <= x <= w)
        if count >= votes:
            best, votes = w, count
    if best is None or votes < 4 or votes < 0.4 * len(widths):
        return None
    return best


def join_wrapped(lines: Sequence[_Line], width: int | None) -> tuple[list[Paragraph], list[Change]]:
    """Lines as paragraphs: in wrapped text a full line continues on the next, across a page break.

    A line does not continue onto an indented line, nor onto a numbering marker unless it
    breaks off mid-sentence (no sentence end or pause at its end).
    """
    paragraphs: list[Paragraph] = []
    changes: list[Change] = []
    current: _Line | None = None
    last = _Line("", 0)  # the previous physical line of the current paragraph
    crossed_page = gap = False
    for ln in lines:
        if ln.page:
            crossed_page = True
            continue
        if not ln.text:
            gap = True
            continue
        continues = (
            current is not None
            and width is not None
            and last.width >= width - WRAP_SLACK
            and (not gap or crossed_page)
            and not ln.indented
            and not (match_marker(ln.text) and ends_sentence_or_pause(last.text))
        )
        if continues:
            current = _Line(current.text + ln.text, current.number, current.indented)
            changes.append(Change("unwrap", ln.number))
        else:
            if current is not None:
                paragraphs.append(Paragraph(current.text, current.number))
            current = ln
        last = ln
        gap = crossed_page = False
    if current is not None:
        paragraphs.append(Paragraph(current.text, current.number))
    return paragraphs, changes


def clean(text: str, watermarks: Sequence[re.Pattern[str]] = (), first_line: int = 1, wrapped: bool = True) -> Cleaned:
    """Cleaned paragraphs of a report body whose first line is line `first_line` of the file.

    Hard-wrapped lines are rejoined only when the text may be `wrapped` (not in Word files).
    """
    lines: list[_Line] = []
    changes: list[Change] = []
    seen_text = False
    watermarks = [p for p in watermarks if p.search(text)]  # what the whole text lacks, no line has
    invisible = INVISIBLE_CHARS.search(text) is not None
    for number, raw in enumerate(text.split("\n"), start=first_line):
        line, line_changes = clean_line(raw, number, not seen_text, watermarks, invisible)
        seen_text = seen_text or bool(line.text)
        lines.append(line)
        changes.extend(line_changes)
    paragraphs, joins = join_wrapped(lines, wrap_width(lines) if wrapped else None)
    changes.extend(joins)
    changes.sort(key=lambda c: c.line)
    return Cleaned(tuple(paragraphs), tuple(changes))


CHANGE_NAMES = {
    "watermark": "去除水印",
    "page-number": "删除页码/分页",
    "unwrap": "合并断行",
    "indent": "去除缩进",
    "space": "去除数字与汉字间空格",
    "emphasis": "去除标题和要点的加粗",
    "markup": "去除 Markdown 标记（#、列表符号）",
    "invisible": "去除不可见字符",
    "numbering": "写入 Word 自动编号",
    "revision": "接受修订（删去已删除的文字）",
    "hidden": "略去隐藏文字",
    "field": "略去页码域",
    "textbox": "略去文本框",
    "comment": "略去批注",
    "footnote": "略去脚注、尾注",
    "symbol": "略去无法识别的符号字体字符",
    "embedded": "略去嵌入的其他文档（请在 Word 中另存为 .docx 后再放入）",
}
"""How each kind of change is named in the build's report."""


def summarize(changes: Sequence[Change]) -> str:
    """One line saying what cleaning did: kind, count, first lines."""
    parts = []
    for kind, name in CHANGE_NAMES.items():
        lines = sorted({c.line for c in changes if c.kind == kind})
        count = sum(1 for c in changes if c.kind == kind)
        if count:
            shown = "、".join(map(str, lines[:5])) + ("…" if len(lines) > 5 else "")
            parts.append(f"{name} {count} 处（第 {shown} 行）")
    return "；".join(parts)
