"""The document model: frozen dataclasses, one `walk()` and one `pretty()` for snapshots.

Every node has an identity of its own, its anchor, made here from its position (never from the
source line, which is kept for messages only). The model converts back: `Report.paragraphs()`
gives the cleaned paragraphs it was built from, which is what a Word copy is laid out from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from . import errors

Span = tuple[int, int]
"""Start and end of a piece of text, as offsets."""

PREAMBLE = "preamble"
"""Anchor of the opening text (and its role in 例句检索)."""
CLOSING = "closing"
"""Anchor of the closing text (and its role in 例句检索)."""
TITLE = "title"
"""Anchor of a report page's title (and where the title's placeholders are kept)."""
UNIT = "unit"
"""Where the placeholders of the unit's name are kept."""
OUTSIDE_PARTS = {PREAMBLE: "开篇", CLOSING: "结尾"}
"""The text outside the numbered parts, by anchor, with its name (a role of its own in 例句检索)."""
LOST_HEADING = "（开头缺失的部分）"
"""How a part is named whose heading a copy lost (it begins in the middle of a list): its heading is empty."""
PLACE_WORDS = 8
"""Characters of an unnumbered heading that name its place (Report.places)."""


def section_anchor(parent: str | None, position: int) -> str:
    """Anchor of the section at `position` (1-based) under `parent` (None at the top): `s2`, `s2-1`, `s2-1-3`."""
    return f"{parent}-{position}" if parent else f"s{position}"


def point_anchor(section: str, position: int) -> str:
    """Anchor of the point at `position` (1-based) in a section: `s2-1-p3`."""
    return f"{section}-p{position}"


def lead_anchor(section: Section) -> str:
    """Anchor of a section's lead text: `s2-1-lead` (the heading itself has `s2-1`)."""
    return f"{section.id}-lead"


LINE = errors.LINE
"""What a source line number counts in a text file."""
PARAGRAPH = "段"
"""What it counts in a Word file or a web page: a paragraph."""


def at(line: int | None, unit: str = LINE) -> str:
    """A source position as messages say it: 第 5 行, 第 5 段 ("" when there is none)."""
    return f"第 {line} {unit}" if line else ""


class NoticeRule(StrEnum):
    """Kinds of things the reader should look at (`Notice.rule`)."""

    NUMBERING_REPEAT = "numbering-repeat"
    NUMBERING_GAP = "numbering-gap"
    NUMBERING_BRACKETS = "numbering-brackets"
    TITLE = "title"
    RESIDUE = "residue"
    GENRE = "genre"


class ChangeKind(StrEnum):
    """Kinds of change reading and cleaning make (`Change.kind`); clean.CHANGE_NAMES names each for people."""

    WATERMARK = "watermark"
    FURNITURE = "furniture"
    PINYIN = "pinyin"
    SPLIT = "split"
    COLLECTION = "collection"
    PAGE_NUMBER = "page-number"
    UNWRAP = "unwrap"
    INDENT = "indent"
    SPACE = "space"
    EMPHASIS = "emphasis"
    MARKUP = "markup"
    INVISIBLE = "invisible"
    NUMBERING = "numbering"
    REVISION = "revision"
    HIDDEN = "hidden"
    FIELD = "field"
    TEXTBOX = "textbox"
    COMMENT = "comment"
    FOOTNOTE = "footnote"
    SYMBOL = "symbol"
    EMBEDDED = "embedded"
    WEB_PAGE = "web-page"
    RUNNING = "running"
    RADICAL = "radical"


@dataclass(frozen=True)
class Notice:
    """Something the reader should look at: odd numbering, a missing title."""

    message: str
    """What is odd, in one sentence (Chinese, for the people who edit the reports)."""
    line: int | None = None
    """Source line it refers to, counted in the file as saved (1-based): for messages only."""
    rule: NoticeRule | None = None
    """What kind of oddity."""
    anchor: str = ""
    """The node it concerns ("" when it concerns no section)."""


@dataclass(frozen=True)
class Change:
    """One thing cleaning changed in the source text."""

    kind: ChangeKind
    """What kind of change."""
    line: int
    """Source line where it happened (1-based): for messages only."""
    removed: str = ""
    """The characters taken out, exactly as they were."""


@dataclass(frozen=True)
class Meta:
    """What the report is: given in front matter or inferred from the title."""

    year: int | None = None
    """Year of the meeting."""
    kind: str | None = None
    """个人 (one official) or 班子 (a leadership team)."""
    meeting: str | None = None
    """年度 (annual meeting) or 专题 (special-topic meeting)."""
    unit: str | None = None
    """The unit the report comes from."""
    themes: tuple[str, ...] = ()
    """Themes of the whole report."""


@dataclass(frozen=True)
class Signals:
    """Quality signals of a point: does it 见人见事?"""

    example: bool = False
    """Has a concrete example (比如, 例如)."""
    figures: bool = False
    """States figures (digits)."""
    first_person: bool = False
    """Speaks in the first person (我, 本人)."""

    def any(self) -> bool:
        """Does the point have any of the signals (an example, figures, first-person detail)?"""
        return self.example or self.figures or self.first_person

    def flags(self) -> str:
        """Compact form for snapshots: E (example), F (figures), I (first person)."""
        return "".join(c for c, on in (("E", self.example), ("F", self.figures), ("I", self.first_person)) if on)


@dataclass(frozen=True)
class Point:
    """One point of an inline enumeration (一是…二是…)."""

    id: str
    """Anchor, e.g. `s2-1-p3`."""
    label: str
    """The label as written: 一是, 二是."""
    headline: str
    """First sentence after the label."""
    text: str
    """All of the point, label included; paragraphs separated by newlines."""
    line: int
    """Source line where the point starts: for messages only."""
    section: str = ""
    """Anchor of the section the point belongs to."""
    run_on: bool = False
    """Does it start inside a paragraph (after the lead or the point before it), not at its start?"""
    signals: Signals = field(default_factory=Signals)
    """Quality signals."""
    themes: tuple[str, ...] = ()
    """Themes the point's text mentions."""
    aspects: tuple[str, ...] = ()
    """Aspects (方面) its headline raises."""


@dataclass(frozen=True)
class Section:
    """A numbered part of a report: 二、 at the top, （一） below it, and deeper levels."""

    id: str
    """Anchor, e.g. `s2` or `s2-1`; counts position, not the label."""
    label: str
    """The numbering as written: 二、, （三）, (四), 1．."""
    title: str
    """Heading text after the label, as written."""
    lead: str
    """Text before the first point or subsection."""
    line: int
    """Source line of the heading: for messages only."""
    depth: int = 0
    """Level in the tree: 0 for a top-level part, 1 for its subsections, …"""
    parent: str = ""
    """Anchor of the section it belongs to ("" for a top-level part)."""
    run_on: bool = False
    """Does the heading's paragraph go on with text (the lead's first line, or the first point)?"""
    role: str = "other"
    """Role of the part: rectification, problems, causes, personal, measures, other."""
    children: tuple[Section, ...] = ()
    """Subsections, in order."""
    points: tuple[Point, ...] = ()
    """Points of the section's own text, in order."""
    aspects: tuple[str, ...] = ()
    """Aspects (方面) the section is about."""
    themes: tuple[str, ...] = ()
    """Themes the section's heading and lead mention."""

    @property
    def heading(self) -> str:
        """Label and title as they stand in the report."""
        return self.label + self.title

    def count_points(self) -> int:
        """Points in this section and all its subsections."""
        return len(self.points) + sum(child.count_points() for child in self.children)

    def units(self) -> Iterator[Unit]:
        """What a part raises aspects with: its subsections, or its points when it has none."""
        if self.children:
            for child in self.children:
                yield Unit(child.id, child.label, child.heading, child.aspects, child.role)
        else:
            for point in self.points:
                yield Unit(point.id, point.label, point.headline, point.aspects, self.role)


@dataclass(frozen=True)
class Unit:
    """A subsection (or a point, in a part without subsections) that raises aspects."""

    anchor: str
    """Where it is on the report page."""
    label: str
    """Its numbering as written: （二）, 三是."""
    text: str
    """Its heading, or the point's headline."""
    aspects: tuple[str, ...]
    """Aspects its heading or headline raises."""
    role: str = ""
    """The role it plays (a subsection may name its own: 一、……存在的问题及整改措施 / （一）存在的问题)."""


@dataclass(frozen=True)
class Passage:
    """A piece of a report that can be found and cited: heading, lead, point, preamble or closing."""

    anchor: str
    """Anchor of the element on the report page that holds all of it."""
    label: str
    """Numbering as written (（三）, 一是), or empty."""
    role: str
    """Role of the part it belongs to, or preamble/closing."""
    text: str
    """The text as shown on the page."""
    line: int | None = None
    """Source line where it starts (None for the preamble and closing)."""


@dataclass(frozen=True)
class Report:
    """One report: metadata, opening text, numbered parts, closing text."""

    slug: str
    """Page name, from the file name."""
    title: str
    """Title for display: front matter, else the first line."""
    meta: Meta
    """Metadata."""
    title_line: str
    """The title as it stands in the text ("" when the text has none)."""
    preamble: str
    """Text before the first part."""
    sections: tuple[Section, ...]
    """Top-level parts."""
    closing: str
    """The final 以上…批评指正 paragraph and what follows it."""
    source_path: str
    """Where the report was read from."""
    encoding: str = "utf-8"
    """Encoding the file was read in."""
    unit: str = LINE
    """What its source line numbers count: LINE in a text file, PARAGRAPH in a Word file or a web page."""
    warnings: tuple[Notice, ...] = ()
    """Odd numbering and other things to look at."""
    changes: tuple[Change, ...] = ()
    """What cleaning changed."""
    traditional: bool = False
    """Written in traditional characters: shown as written, words matched through their simplified forms."""
    placeholders: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    """Placeholders (masked names and numbers) as (start, end) spans, by where they stand: a passage's
    anchor (`preamble`, `s2` for a heading, `s2-lead`, `s2-1-p3`, `closing`), TITLE or UNIT."""

    def walk(self) -> Iterator[Section | Point]:
        """Every section and point, in reading order."""
        return walk(self.sections)

    def passages(self) -> Iterator[Passage]:
        """Every passage, in reading order: preamble, then heading, lead and points of each section, closing."""
        if self.preamble:
            yield Passage(PREAMBLE, "", PREAMBLE, self.preamble)
        for section, node in self.walk_in_sections():
            if node is section:
                if section.heading:
                    yield Passage(section.id, section.label, section.role, section.heading, section.line)
                if section.lead:
                    yield Passage(lead_anchor(section), section.label, section.role, section.lead, section.line)
            else:
                yield Passage(node.id, node.label, section.role, node.text, node.line)
        if self.closing:
            yield Passage(CLOSING, "", CLOSING, self.closing)

    def walk_in_sections(self) -> Iterator[tuple[Section, Section | Point]]:
        """Every section and point in reading order, each with the section it is in (a section with itself)."""
        section = None
        for node in self.walk():
            section = node if isinstance(node, Section) else section
            yield section, node

    def places(self) -> dict[str, str]:
        """Each anchor's place as a reader names it: the labels from the top down (二、（一）一是; a
        heading without a label by its first words), 开篇 and 结尾 for the text outside the parts."""
        named = dict(OUTSIDE_PARTS)
        for section, node in self.walk_in_sections():
            if node is section:
                own = section.label or (f"「{section.title[:PLACE_WORDS]}」" if section.title else LOST_HEADING)
                named[section.id] = named.get(section.parent, "") + own
                named[lead_anchor(section)] = named[section.id]
            else:
                named[node.id] = named[section.id] + node.label
        return named

    def paragraphs(self) -> list[tuple[Section | None, str]]:
        """The cleaned paragraphs the model was built from, in order, each with the section whose
        heading it opens (None for the others): what a Word copy is laid out from."""
        out: list[tuple[Section | None, str]] = []

        def add(section: Section | None, text: str, run_on: bool = False) -> None:
            if run_on and out:
                out[-1] = (out[-1][0], out[-1][1] + text)
            else:
                out.append((section, text))

        for text in (self.title_line, *self.preamble.split("\n")):
            if text:
                add(None, text)
        for section, node in self.walk_in_sections():
            if node is section:
                if section.heading:  # (a part whose heading a copy lost has none)
                    add(section, section.heading)
                pieces, run_on = section.lead.split("\n") if section.lead else [], section.run_on
            else:
                pieces, run_on = node.text.split("\n"), node.run_on
            for i, text in enumerate(pieces):
                add(None, text, run_on and i == 0)
        for text in self.closing.split("\n") if self.closing else ():
            add(None, text)
        return out

    def pieces(self) -> Iterator[str]:
        """All of the text in reading order: title line, preamble, headings, leads, points, closing."""
        yield self.title_line
        yield self.preamble
        yield from section_pieces(self.sections)
        yield self.closing

    def pretty(self) -> str:
        """An indented outline, one line per node; doubles as the golden snapshot."""
        m = self.meta
        lines = [
            f"title: {self.title}",
            f"meta: year={m.year} kind={m.kind} meeting={m.meeting} unit={m.unit} themes={','.join(m.themes)}",
            f"preamble: {clip(self.preamble)}",
        ]
        for section, node in self.walk_in_sections():
            if node is section:
                aspects = f" aspects={','.join(node.aspects)}" if node.aspects else ""
                counts = f"lead={len(node.lead)} points={len(node.points)}{aspects}"
                lines.append(f"{'  ' * node.depth}[{node.id}] {node.heading}  <{node.role}> {counts}")
            else:
                flags = node.signals.flags()
                lines.append(f"{'  ' * (section.depth + 1)}[{node.id}] {node.label} {clip(node.headline)} {flags}".rstrip())
        lines.append(f"closing: {clip(self.closing)}")
        lines.extend(f"warning: {w.line}: {w.message}" for w in self.warnings)
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        """The model as plain data, for `--json`."""
        return asdict(self)


def walk(sections: Sequence[Section]) -> Iterator[Section | Point]:
    """Every section and point under these sections, in reading order."""
    stack = list(reversed(sections))
    while stack:
        section = stack.pop()
        yield section
        yield from section.points
        stack.extend(reversed(section.children))


def section_pieces(sections: Sequence[Section]) -> Iterator[str]:
    """Headings, leads and points of these sections, in reading order."""
    for node in walk(sections):
        if isinstance(node, Section):
            yield node.heading
            yield node.lead
        else:
            yield node.text


def clip(text: str, width: int = 24) -> str:
    """First `width` characters of the first line, marked when cut."""
    first = text.split("\n", 1)[0]
    return first if len(first) <= width and "\n" not in text else first[:width] + "…"
