"""Stage 1 for Word files: a .docx as the text Word shows, one line per paragraph.

Automatic numbering is rendered from the numbering definitions; tracked changes count as
accepted; headers, footers, comments, footnotes, text boxes and hidden text stay out, and
each kind left out is recorded. Headings given by style, outline level or bold are returned
as hints for the outline.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .errors import LINES_MAX, ReportError, too_long
from .model import PARAGRAPH, Change, ChangeKind
from .numbering import CN_DIGITS, INLINE_POINT, cn_numeral, match_marker
from .text import ends_sentence_or_pause

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""WordprocessingML (transitional), the namespace of everything read here."""
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
"""WordprocessingML as 'Strict Open XML' saves it."""
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
"""Package relationships."""
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
"""Markup compatibility (alternate content)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""First bytes of an OLE compound file: a .doc, or a password-protected .docx."""
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
"""Stream name inside the OLE file of a password-protected .docx."""

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(?P<level>[1-9])$", re.IGNORECASE)
"""Names of heading styles: heading 1, Heading 2, 标题 1."""
PAGE_FIELD = re.compile(r"^\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
"""Field instructions that print page numbers."""
LEVEL_NUMBER = re.compile(r"%([1-9])")
"""Where a level's label text shows the number of a level: `%1、`, `%1.%2`."""
LABEL_MAX = 40
"""Longest label text of a numbering level read (Word's own are a few characters: `%1、`, `（%2）`)."""
LIST_VALUE_MAX = 32767
"""Largest list number Word shows in its own format (it will not number past it); a larger one
(only a damaged or made-up file has it) is shown in digits, so a label never grows with the number."""
PART_BYTES_MAX = 4 * 2**20
"""Largest XML part read: a report's document.xml has a few hundred kilobytes (a zip bomb inflates to gigabytes)."""
NESTING_MAX = 100
"""Deepest nesting of tables, content controls and inline elements read (Word's own documents nest a few levels)."""
BOLD_HEADING_MAX = 40
"""Longest bold-only paragraph taken as a heading."""
FALSE_VALUES = {"0", "false", "off", "none"}
"""Values of an on/off property that turn it off."""

SYMBOL_FONT_CHARS = {
    ("wingdings", 0x6F): "□",
    ("wingdings", 0xA8): "□",
    ("wingdings", 0xFB): "✗",
    ("wingdings", 0xFC): "✓",
    ("wingdings", 0xFD): "☒",
    ("wingdings", 0xFE): "☑",
    ("symbol", 0xB7): "•",
}
"""Boxes and ticks of 个人有关事项 forms (有□ 无☑) and bullets, by symbol font and character."""
IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
"""Heavenly stems, Word's ideographTraditional numbering."""
IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
"""Earthly branches, Word's ideographZodiac numbering."""
COUNTING_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
}
"""Word number formats shown as Chinese numerals: 一, 十二, 二十三 (LibreOffice writes the taiwanese ones)."""
DIGITAL_FORMATS = {"ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"}
"""Word number formats shown digit by digit in ideographs: 10 is 一〇."""
ENCLOSED_FORMATS = {
    "decimalEnclosedCircle": ("①", 20),
    "decimalEnclosedCircleChinese": ("①", 20),
    "decimalEnclosedParen": ("⑴", 20),
    "decimalEnclosedFullstop": ("⒈", 20),
    "ideographEnclosedCircle": ("㈠", 10),
}
"""Word number formats with one character a number: the first character and how far they go."""
IDEOGRAPH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
"""Digit by digit, Word's ideographDigital numbering: 10 is 一〇."""
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
"""Financial digits, Word's chineseLegalSimplified numbering."""


def w(name: str) -> str:
    """Qualified name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{name}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_VAL = w("pPr"), w("rPr"), w("val")
ALTERNATE_CONTENT = f"{{{MC_NS}}}AlternateContent"
LEFT_OUT = {
    w("del"): ChangeKind.REVISION,
    w("moveFrom"): ChangeKind.REVISION,
    w("drawing"): ChangeKind.TEXTBOX,
    w("pict"): ChangeKind.TEXTBOX,
    w("object"): ChangeKind.TEXTBOX,
    ALTERNATE_CONTENT: ChangeKind.TEXTBOX,
    w("commentReference"): ChangeKind.COMMENT,
    w("footnoteReference"): ChangeKind.FOOTNOTE,
    w("endnoteReference"): ChangeKind.FOOTNOTE,
}
"""Inline elements whose content Word's page does not show as body text, by the change recorded."""
NOT_CONTENT = {W_PPR, W_RPR, w("instrText"), w("delText"), w("delInstrText"), w("sectPr"), w("tblPr"), w("trPr"), w("tcPr")}
"""Property and instruction elements: never text."""


@dataclass(frozen=True)
class WordText:
    """What a .docx gives the pipeline: its lines, heading hints and what was left out."""

    text: str
    """One line per paragraph, in reading order."""
    hints: dict[int, int]
    """Heading level rank (0 = top) of lines that are headings by style or bold, by line number."""
    changes: tuple[Change, ...]
    """What was left out or added (numbering) on reading."""


@dataclass(frozen=True)
class Level:
    """One level of a numbering definition."""

    start: int = 1
    """First value."""
    fmt: str = "decimal"
    """Number format: decimal, chineseCounting, …"""
    text: str = ""
    """Label pattern: `%1、`, `（%2）`."""
    restart: int | None = None
    """Restart after this level (1-based) is used; None: after any higher level; 0: never."""
    legal: bool = False
    """Show every level's number in decimal."""
    suffix: str = "tab"
    """What follows the label: tab, space or nothing."""


@dataclass(frozen=True)
class Num:
    """A numbering instance: an abstract definition and its overrides."""

    abstract: str
    """Id of the abstract numbering definition."""
    starts: dict[int, int] = field(default_factory=dict)
    """Start values that override the definition, by level."""
    levels: dict[int, Level] = field(default_factory=dict)
    """Levels that replace the definition's, by level."""


@dataclass(frozen=True)
class Style:
    """What the reader needs of a style."""

    name: str = ""
    """Style name, e.g. heading 1."""
    based_on: str | None = None
    """Id of the style it inherits from."""
    num: tuple[str, int | None] | None = None
    """Numbering (num id, level) the style applies."""
    outline: int | None = None
    """Outline level (0-based; 9 is body text)."""
    bold: bool | None = None
    """Bold, when the style says."""
    hidden: bool | None = None
    """Hidden text, when the style says."""
    centred: bool | None = None
    """Centred paragraphs, when the style says."""


def is_on(element: ElementTree.Element | None) -> bool | None:
    """Value of an on/off property element: None when absent."""
    if element is None:
        return None
    return element.get(W_VAL, "true").lower() not in FALSE_VALUES


def int_val(element: ElementTree.Element | None, default: int | None = None) -> int | None:
    """The integer w:val of an element, or the default."""
    try:
        return int(element.get(W_VAL)) if element is not None else default
    except (TypeError, ValueError):
        return default


def format_number(value: int, fmt: str) -> str:
    """A counter value in a Word number format (unknown formats, and values past LIST_VALUE_MAX, as decimal)."""
    if not 0 <= value <= LIST_VALUE_MAX:
        return str(value)
    if fmt in COUNTING_FORMATS:
        return cn_numeral(value)
    if fmt in DIGITAL_FORMATS:
        return str(value).translate(IDEOGRAPH_DIGITS)
    if fmt == "chineseLegalSimplified":
        return cn_numeral(value).translate(str.maketrans(CN_DIGITS + "十", LEGAL_DIGITS + "拾"))
    if fmt == "ideographTraditional":
        return IDEOGRAPH_TRADITIONAL[(value - 1) % 10]
    if fmt == "ideographZodiac":
        return IDEOGRAPH_ZODIAC[(value - 1) % 12]
    if fmt == "ideographZodiacTraditional":  # the sixty-year cycle: 甲子, 乙丑, …
        return IDEOGRAPH_TRADITIONAL[(value - 1) % 10] + IDEOGRAPH_ZODIAC[(value - 1) % 12]
    if fmt in ENCLOSED_FORMATS and 1 <= value <= ENCLOSED_FORMATS[fmt][1]:
        return chr(ord(ENCLOSED_FORMATS[fmt][0]) + value - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(value))  # full-width digits
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


def to_roman(value: int) -> str:
    """Upper-case Roman numeral of a positive integer."""
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        count, value = divmod(value, number)
        out += letters * count
    return out


def parse_level(element: ElementTree.Element) -> Level:
    """A numbering level from its w:lvl element."""
    text = element.find(w("lvlText"))
    if text is not None and len(text.get(W_VAL, "")) > LABEL_MAX:
        text = None  # no numbering Word shows is this long: a damaged or made-up file
    suffix = element.find(w("suff"))
    return Level(
        start=int_val(element.find(w("start")), 1),
        fmt=(element.find(w("numFmt")).get(W_VAL) if element.find(w("numFmt")) is not None else "decimal"),
        text=text.get(W_VAL, "") if text is not None else "",
        restart=int_val(element.find(w("lvlRestart"))),
        legal=bool(is_on(element.find(w("isLgl")))),
        suffix=suffix.get(W_VAL, "tab") if suffix is not None else "tab",
    )


class Numbering:
    """Numbering definitions and the counters Word keeps while it lays out the document."""

    def __init__(self, root: ElementTree.Element | None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        owners: dict[str, str] = {}  # numbering style id → abstract that defines it (w:styleLink)
        borrowers: dict[str, str] = {}  # abstract id → numbering style whose definition it uses (w:numStyleLink)
        for abstract in root.iter(w("abstractNum")):
            aid = abstract.get(w("abstractNumId"), "")
            levels = {}
            for lvl in abstract.findall(w("lvl")):
                ilvl = int(lvl.get(w("ilvl"), "0"))
                levels[ilvl] = parse_level(lvl)
            self.abstracts[aid] = levels
            if abstract.find(w("styleLink")) is not None:
                owners[abstract.find(w("styleLink")).get(W_VAL, "")] = aid
            if abstract.find(w("numStyleLink")) is not None:
                borrowers[aid] = abstract.find(w("numStyleLink")).get(W_VAL, "")
        for aid, style_id in borrowers.items():
            if not self.abstracts[aid]:
                self.abstracts[aid] = self.abstracts.get(owners.get(style_id, ""), {})
        for num in root.iter(w("num")):
            abstract = num.find(w("abstractNumId"))
            starts, levels = {}, {}
            for override in num.findall(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                start = int_val(override.find(w("startOverride")))
                if start is not None:
                    starts[ilvl] = start
                if override.find(w("lvl")) is not None:
                    levels[ilvl] = parse_level(override.find(w("lvl")))
            self.nums[num.get(w("numId"), "")] = Num(abstract.get(W_VAL, "") if abstract is not None else "", starts, levels)

    def level(self, num: Num, ilvl: int) -> Level:
        """Definition of one level of a numbering instance."""
        return num.levels.get(ilvl) or self.abstracts.get(num.abstract, {}).get(ilvl) or Level()

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word shows for the next paragraph of this list at this level, counting it."""
        num = self.nums.get(num_id)
        if num is None or num.abstract not in self.abstracts:
            return ""
        counters = self.counters.setdefault(num.abstract, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl in num.starts:  # a list that restarts: its overridden levels begin again
                counters.pop(lvl, None)
        start = num.starts.get(ilvl, self.level(num, ilvl).start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            restart = self.level(num, deeper).restart
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        level = self.level(num, ilvl)
        if level.fmt in ("none", "bullet"):
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            value = counters.get(k, num.starts.get(k, self.level(num, k).start))
            return format_number(value, "decimal" if level.legal else self.level(num, k).fmt)

        text = LEVEL_NUMBER.sub(number, level.text)
        if text and level.suffix != "nothing" and text[-1].isascii() and text[-1].isalnum():
            text += " "
        return text


def is_centred(ppr: ElementTree.Element | None) -> bool | None:
    """Does paragraph formatting centre the paragraph (None: it does not say)?"""
    jc = ppr.find(w("jc")) if ppr is not None else None
    return jc.get(W_VAL) == "center" if jc is not None else None


def parse_styles(root: ElementTree.Element | None) -> tuple[dict[str, Style], str | None]:
    """Styles by id, and the id of the default paragraph style."""
    styles: dict[str, Style] = {}
    default = None
    if root is None:
        return styles, default
    for element in root.iter(w("style")):
        sid = element.get(w("styleId"), "")
        name = element.find(w("name"))
        based = element.find(w("basedOn"))
        ppr, rpr = element.find(W_PPR), element.find(W_RPR)
        num = None
        outline = None
        if ppr is not None:
            numpr = ppr.find(w("numPr"))
            if numpr is not None and numpr.find(w("numId")) is not None:
                num = (numpr.find(w("numId")).get(W_VAL, ""), int_val(numpr.find(w("ilvl"))))
            outline = int_val(ppr.find(w("outlineLvl")))
        styles[sid] = Style(
            name=name.get(W_VAL, "") if name is not None else "",
            based_on=based.get(W_VAL) if based is not None else None,
            num=num,
            outline=outline,
            bold=is_on(rpr.find(w("b"))) if rpr is not None else None,
            hidden=is_on(rpr.find(w("vanish"))) if rpr is not None else None,
            centred=is_centred(ppr),
        )
        if element.get(w("type")) == "paragraph" and element.get(w("default")) in ("1", "true", "on"):
            default = sid
    return styles, default


def style_chain(styles: dict[str, Style], sid: str | None) -> Iterator[tuple[str, Style]]:
    """A style and the styles it is based on, nearest first (cycles cut)."""
    seen = set()
    while sid and sid in styles and sid not in seen and len(seen) < NESTING_MAX:
        seen.add(sid)
        yield sid, styles[sid]
        sid = styles[sid].based_on


def inherited(styles: dict[str, Style], sid: str | None, attr: str) -> object:
    """First value of a style property along the inheritance chain, or None."""
    return next((getattr(s, attr) for _, s in style_chain(styles, sid) if getattr(s, attr) is not None), None)


def heading_level(styles: dict[str, Style], sid: str | None, outline: int | None) -> int | None:
    """Heading level (1-based) a paragraph has by its outline level or its style, or None."""
    if outline is not None:
        return outline + 1 if outline < 9 else None
    for _, style in style_chain(styles, sid):
        m = HEADING_STYLE.match(style.name.strip())
        if m:
            return int(m["level"])
        if style.outline is not None:
            return style.outline + 1 if style.outline < 9 else None
    return None


@dataclass
class _Paragraph:
    """Text of one paragraph as it is collected, with what was left out."""

    parts: list[str] = field(default_factory=list)
    """Pieces of shown text, in order."""
    bold: int = 0
    """Visible characters in bold."""
    regular: int = 0
    """Visible characters not in bold."""
    left_out: list[tuple[ChangeKind, str]] = field(default_factory=list)
    """(change kind, text) of what was left out."""
    fields: list[list] = field(default_factory=list)
    """Open fields: [instruction, showing result?]."""
    label: str = ""
    """Automatic number, as Word shows it."""
    level: int | None = None
    """Heading level (1-based) by outline level or style."""
    centred: bool = False
    """Centred on the line."""
    titled: bool = False
    """In Word's Title style: its line breaks set one title over lines (GB/T 9704 breaks a long title so)."""
    mark_deleted: bool = False
    """The paragraph mark is a tracked deletion: the text joins the next paragraph."""

    def leave(self, kind: ChangeKind, element: ElementTree.Element) -> None:
        """Record content left out; drawings without text (pictures) are not worth a note."""
        if element.tag == ALTERNATE_CONTENT and len(element):  # the same content twice: read the first choice
            element = element[0]
        text = element_text(element)
        if text or kind != ChangeKind.TEXTBOX:
            self.left_out.append((kind, text))

    def shown(self) -> bool:
        """Is text here shown, not part of a field instruction or a page-number field?"""
        return all(result and not PAGE_FIELD.match(instr) for instr, result in self.fields)

    def add(self, text: str, bold: bool) -> None:
        """Add visible text."""
        if not text:
            return
        if not self.shown():
            if any(PAGE_FIELD.match(instr) for instr, _ in self.fields):
                self.left_out.append((ChangeKind.FIELD, text))
            return
        self.parts.append(text)
        visible = len(text.strip())
        if bold:
            self.bold += visible
        else:
            self.regular += visible


def element_text(element: ElementTree.Element) -> str:
    """All w:t and w:delText text under an element."""
    return "".join(t.text or "" for t in element.iter() if t.tag in (W_T, w("delText")))


class TooDeep(Exception):
    """Elements nested deeper than NESTING_MAX: no document Word writes, so a damaged or made-up one."""


class Depth:
    """A parser target that builds nothing and stops (TooDeep) past NESTING_MAX levels of elements."""

    def __init__(self) -> None:
        self.depth = 0

    def start(self, tag: str, attrs: dict) -> None:
        self.depth += 1
        if self.depth > NESTING_MAX:
            raise TooDeep

    def end(self, tag: str) -> None:
        self.depth -= 1

    def close(self) -> None:
        return None


def parse_xml(data: bytes) -> ElementTree.Element:
    """An XML part as a tree, refused (TooDeep) when it nests deeper than NESTING_MAX: its depth is
    measured first, without building anything, since freeing a deep tree overflows the stack (in
    the browser, fatally for the whole runtime)."""
    measure = ElementTree.XMLParser(target=Depth())
    measure.feed(data)
    measure.close()
    return ElementTree.fromstring(data)


def collect(element: ElementTree.Element, out: _Paragraph, bold: bool, hidden: bool) -> None:
    """Walk the inline content of a paragraph, adding what Word shows to `out` (no deeper than
    NESTING_MAX levels: `parse_xml` refuses deeper parts)."""
    for child in element:
        tag = child.tag
        if tag == W_R:
            run(child, out, bold, hidden)
        elif tag in LEFT_OUT:
            out.leave(LEFT_OUT[tag], child)
        elif tag == w("fldSimple"):
            out.fields.append([child.get(w("instr"), ""), True])
            collect(child, out, bold, hidden)
            out.fields.pop()
        elif tag not in NOT_CONTENT:  # ins, moveTo, hyperlink, smartTag, sdt, customXml, …: their content counts
            collect(child, out, bold, hidden)


def symbol(font: str, char: str) -> str:
    """The character a w:sym shows: Unicode as it is; boxes and ticks of the symbol fonts mapped; else ""
    (also for a code that is not a hexadecimal number of a character)."""
    try:
        code = int(char or "0", 16)
    except ValueError:
        return ""
    if not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    if 0xF000 <= code <= 0xF0FF:  # the symbol fonts' private-use range
        return SYMBOL_FONT_CHARS.get((font.lower(), code - 0xF000), "")
    return chr(code) if code else ""


def run(element: ElementTree.Element, out: _Paragraph, bold: bool, hidden: bool) -> None:
    """One run: its text, tabs, breaks and field characters."""
    rpr = element.find(W_RPR)
    if rpr is not None:
        bold = is_on(rpr.find(w("b"))) if rpr.find(w("b")) is not None else bold
        hidden = bool(is_on(rpr.find(w("vanish")))) or hidden
    for child in element:
        tag = child.tag
        if tag == W_T:
            if hidden:
                out.left_out.append((ChangeKind.HIDDEN, child.text or ""))
            else:
                out.add(child.text or "", bold)
        elif hidden:
            continue
        elif tag in (w("tab"), w("ptab")):
            out.add("\t", bold)
        elif tag in (w("br"), w("cr")):
            out.add("\n", bold)
        elif tag == w("noBreakHyphen"):
            out.add("-", bold)
        elif tag == w("sym"):
            shown = symbol(child.get(w("font"), ""), child.get(w("char"), ""))
            if shown:
                out.add(shown, bold)
            else:
                out.left_out.append((ChangeKind.SYMBOL, f"{child.get(w('font'), '')} {child.get(w('char'), '')}"))
        elif tag == w("fldChar"):
            kind = child.get(w("fldCharType"))
            if kind == "begin":
                out.fields.append(["", False])
            elif kind == "separate" and out.fields:
                out.fields[-1][1] = True
            elif kind == "end" and out.fields:
                out.fields.pop()
        elif tag == w("instrText") and out.fields:
            out.fields[-1][0] += child.text or ""
        elif tag in LEFT_OUT:
            out.leave(LEFT_OUT[tag], child)


def paragraphs(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """Paragraphs of a body or table cell, in reading order (tables row by row, cell by cell)."""
    for child in element:
        if child.tag == W_P:
            yield child
        elif child.tag in (W_TBL, W_TR, W_TC, w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
            yield from paragraphs(child)


def read_part(path: Path, package: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """An XML part of the package, or None when it is missing; one that inflates past PART_BYTES_MAX
    (a zip bomb, whatever its header says) is an error, found after reading no more than that."""
    try:
        with package.open(name) as part:
            data = part.read(PART_BYTES_MAX + 1)
    except KeyError:
        return None
    if len(data) > PART_BYTES_MAX:
        message = f"Word 文件中的 {name} 解压后超过 {PART_BYTES_MAX // 2**20} MB，不像正常的文档（可能已损坏或是恶意文件）"
        raise ReportError(path, message + "：请在 Word 中打开并另存为 .docx")
    try:
        return parse_xml(data)
    except ElementTree.ParseError as exc:
        problem = f"{name} 第 {exc.position[0]} 行无法解析"
        raise ReportError(path, f"Word 文件已损坏（{problem}）：请在 Word 中打开并另存为 .docx") from None


def related(package: zipfile.ZipFile, path: Path, source: str, kind: str) -> str | None:
    """Name of the part that `source` relates to with a relationship type ending in `/kind`."""
    folder, name = posixpath.split(source)
    rels = read_part(path, package, posixpath.join(folder, "_rels", name + ".rels"))
    if rels is None:
        return None
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def open_package(path: Path, data: bytes) -> zipfile.ZipFile:
    """The .docx as a zip package; a .doc, a password or a damaged file is a clear error."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise ReportError(path, "Word 文件设了打开密码，无法读取：请在 Word 中取消密码后重新保存为 .docx")
        raise ReportError(path, "这是旧版 Word 格式（.doc），无法读取：请在 Word 中“另存为”Word 文档（.docx）")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReportError(path, "Word 文件已损坏（不是有效的 .docx）：请在 Word 中打开并另存为 .docx") from None


def read_docx(path: Path, data: bytes) -> WordText:
    """The text of a .docx file, heading hints and what was left out; problems are ReportErrors."""
    package = open_package(path, data)
    try:
        return read_package(path, package)
    except TooDeep:
        problem = f"内容嵌套超过 {NESTING_MAX} 层，Word 自己不会这样保存"
    except RecursionError:
        problem = "内容结构异常，无法读取"
    except (zipfile.BadZipFile, zlib.error):
        problem = "压缩数据已损坏"
    except EOFError:
        problem = "文件不完整，可能没有下载或复制完"
    except NotImplementedError:
        problem = "用了不支持的压缩方式"
    except RuntimeError:  # an encrypted member of the zip
        problem = "部分内容加了密"
    except (ValueError, OverflowError):
        problem = "内容中有无效的数值"
    raise ReportError(path, f"Word 文件已损坏（{problem}）：请在 Word 中打开并另存为 .docx")


def read_package(path: Path, package: zipfile.ZipFile) -> WordText:
    """The text of an opened .docx package: document, styles and numbering parts."""
    main = related(package, path, "", "officeDocument") or "word/document.xml"
    document = read_part(path, package, main)
    if document is None:
        raise ReportError(path, "不是 Word 文档（缺少正文部分 word/document.xml）：请在 Word 中另存为 .docx")
    if document.tag.startswith(f"{{{STRICT_NS}}}"):
        raise ReportError(path, "这是“Strict Open XML”格式的 Word 文档，无法读取：请另存为普通的 Word 文档（.docx）")
    styles_part = related(package, path, main, "styles")
    styles, default_style = parse_styles(read_part(path, package, styles_part) if styles_part else None)
    numbering_part = related(package, path, main, "numbering")
    numbering = Numbering(read_part(path, package, numbering_part) if numbering_part else None)
    body = document.find(w("body"))
    if body is None:
        raise ReportError(path, "Word 文件中没有正文部分：请在 Word 中打开并另存为 .docx")
    read = lay_out(paragraphs(body), Definitions(styles, default_style, numbering), path)
    if body.find(f".//{w('altChunk')}") is not None:  # documents embedded whole, merged only when Word opens the file
        if not read.text.strip():
            raise ReportError(path, "正文是嵌入的其他文档，Word 打开时才合并进来：请在 Word 中打开并另存为 .docx")
        read = WordText(read.text, read.hints, (*read.changes, Change(ChangeKind.EMBEDDED, 1)))
    return read


@dataclass(frozen=True)
class Definitions:
    """What paragraphs are read against: styles, the default paragraph style, numbering (with its counters)."""

    styles: dict[str, Style]
    """Styles by id."""
    default: str | None
    """Id of the style of paragraphs that name none."""
    numbering: Numbering
    """List definitions and counters."""


TITLE_STYLE = "title"
"""The name of Word's Title style (any language's Word keeps the English name in the file)."""


def read_paragraph(element: ElementTree.Element, defs: Definitions) -> _Paragraph:
    """One paragraph: its shown text, number, heading level and alignment."""
    styles = defs.styles
    ppr = element.find(W_PPR)
    pstyle = ppr.find(w("pStyle")) if ppr is not None else None
    sid = pstyle.get(W_VAL) if pstyle is not None else defs.default
    out = _Paragraph()
    collect(element, out, bool(inherited(styles, sid, "bold")), bool(inherited(styles, sid, "hidden")))
    mark = ppr.find(W_RPR) if ppr is not None else None
    out.mark_deleted = mark is not None and mark.find(w("del")) is not None
    if not out.mark_deleted:  # a paragraph merged into the next is not numbered
        out.label = paragraph_label(ppr, sid, styles, defs.numbering)
    out.level = heading_level(styles, sid, int_val(ppr.find(w("outlineLvl"))) if ppr is not None else None)
    centred = is_centred(ppr)
    out.centred = bool(inherited(styles, sid, "centred") if centred is None else centred)
    out.titled = any(style.name.lower() == TITLE_STYLE for _, style in style_chain(styles, sid))
    return out


def lay_out(elements: Iterator[ElementTree.Element], defs: Definitions, path: Path) -> WordText:
    """Lines, hints and changes of a document's paragraphs (an error past LINES_MAX paragraphs: no report has so many)."""
    lines: list[str] = []
    levels: dict[int, int] = {}
    bold_lines: list[int] = []
    changes: list[Change] = []
    carried = ""  # text of paragraphs whose mark was deleted: it joins the next paragraph
    bold = regular = 0  # characters in bold and not, over the document
    for count, element in enumerate(elements, start=1):
        if count > LINES_MAX:
            raise too_long(path, 0, count, PARAGRAPH)
        para = read_paragraph(element, defs)
        bold, regular = bold + para.bold, regular + para.regular
        line = len(lines) + 1
        changes.extend(Change(kind, line, removed) for kind, removed in para.left_out)
        if para.mark_deleted:
            carried += "".join(para.parts)
            continue
        if para.label:
            changes.append(Change(ChangeKind.NUMBERING, line))
        text = para.label + carried + "".join(para.parts)
        carried = ""
        pieces = text.split("\n")  # a line break inside a paragraph starts a new line, but not in a title set over lines
        if para.titled and not any(t.strip() for t in lines) and text.strip():
            changes.extend(Change(ChangeKind.UNWRAP, line) for _ in pieces[1:])
            pieces = ["".join(pieces)]
        lines.extend(pieces)
        if not text.strip():
            continue
        if para.level is not None:
            levels[line] = para.level - 1
        elif para.bold and not para.regular and not para.label and not para.centred and is_bold_heading(text):
            bold_lines.append(line)
    if carried:
        lines.append(carried)
    if bold > regular:  # where most of the text is bold, bold marks nothing
        bold_lines = []
    hints = levels | bold_hints(bold_lines, lines, levels)  # a title over several lines is joined by clean
    return WordText("\n".join(lines), hints, tuple(sorted(changes, key=lambda c: c.line)))


def paragraph_label(ppr: ElementTree.Element | None, sid: str | None, styles: dict[str, Style], numbering: Numbering) -> str:
    """The automatic number of a paragraph (direct numbering, else its style's), counting it."""
    numpr = ppr.find(w("numPr")) if ppr is not None else None
    num_id = ilvl = None
    if numpr is not None:
        num_id = numpr.find(w("numId")).get(W_VAL) if numpr.find(w("numId")) is not None else None
        ilvl = int_val(numpr.find(w("ilvl")))
    for _, style in style_chain(styles, sid):
        if style.num and (num_id is None or ilvl is None):
            num_id = num_id if num_id is not None else style.num[0]
            ilvl = ilvl if ilvl is not None else style.num[1]
            break
    if not num_id or num_id == "0":
        return ""
    return numbering.label(num_id, ilvl or 0)


def is_bold_heading(text: str) -> bool:
    """Could this bold-only paragraph be a heading: short, unnumbered, not a sentence or a 一是 point?"""
    text = text.strip()
    return (
        0 < len(text) <= BOLD_HEADING_MAX
        and not ends_sentence_or_pause(text)
        and not match_marker(text)
        and not INLINE_POINT.match(text)
    )


def bold_hints(candidates: list[int], lines: list[str], levels: dict[int, int]) -> dict[int, int]:
    """Bold-only headings: top level when the document has no other top-level heading, else one below.

    The first line with text is the title and is never a heading.
    """
    first = next((i + 1 for i, text in enumerate(lines) if text.strip()), 0)
    top_taken = 0 in levels.values() or any(m and m[0] == 0 for m in map(match_marker, (t.strip() for t in lines)))
    return {line: int(top_taken) for line in candidates if line != first}
