"""Output for Word: a report as a .docx laid out after the official-document format (GB/T 9704).

The text is the cleaned text, paragraph by paragraph, so that reading the file back gives the
same outline: numbering stays typed, headings carry heading styles (黑体 for the first level,
楷体_GB2312 for the second), the title is centred in 方正小标宋简体. The file is written from
string templates, byte for byte the same for the same report.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import re
import zipfile
from collections.abc import Sequence
from html import escape as escape_markup

from .clean import TITLE_LINES
from .model import Report
from .vocab import Vocab

PAGE_MM = (210, 297)
"""A4 paper, width and height."""
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""Page margins of GB/T 9704."""
LINES_PER_PAGE = 22
"""Lines on a full page, at a fixed line pitch."""
PAGE_NUMBER_GAP_MM = 7
"""Distance from the bottom of the text block to the page number's dash line."""
HEADER_MM = 15
"""Distance of the (empty) header from the top edge."""

LATIN_FONT = "Times New Roman"
"""Font of Latin letters and digits in the body."""
TITLE_FONT, TITLE_PT = "方正小标宋简体", 22
"""Title: 方正小标宋简体, 2号."""
BODY_FONT, BODY_PT = "仿宋_GB2312", 16
"""Body text: 仿宋_GB2312, 3号."""
HEADING_FONTS = ("黑体", "楷体_GB2312")
"""Level-1 and level-2 headings (deeper levels use the body font), 3号."""
HEADING_STYLES = 4
"""Heading styles written (heading 1–4); deeper sections take the last."""
PAGE_NUMBER_FONT, PAGE_NUMBER_PT = "宋体", 14
"""Page numbers: 宋体, 4号, between em dashes: — 1 —."""
FONT_SUBSTITUTES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun"}
"""Fonts Word may use where the named ones are missing (declared as alternative names)."""


def escape(text: str) -> str:
    """Text safe inside XML: & < > escaped (quotes need not be, outside attributes)."""
    return escape_markup(text, quote=False)


FIXED_DATE = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every member of the zip, so that equal reports give equal files."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = f"""{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/fontTable.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""
"""[Content_Types].xml: what each part is."""

PACKAGE_RELS = f"""{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}">\
<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/>\
</Relationships>"""
"""_rels/.rels: where the document and its properties are."""

DOCUMENT_RELS = f"""{XML_DECLARATION}<Relationships xmlns="{PKG_REL_NS}">\
<Relationship Id="rId1" Type="{R_NS}/styles" Target="styles.xml"/>\
<Relationship Id="rId2" Type="{R_NS}/settings" Target="settings.xml"/>\
<Relationship Id="rId3" Type="{R_NS}/fontTable" Target="fontTable.xml"/>\
<Relationship Id="rId4" Type="{R_NS}/footer" Target="footer1.xml"/>\
<Relationship Id="rId5" Type="{R_NS}/footer" Target="footer2.xml"/>\
</Relationships>"""
"""word/_rels/document.xml.rels: styles, settings, fonts and the two footers (odd and even pages)."""

SETTINGS = f"""{XML_DECLARATION}<w:settings xmlns:w="{W_NS}">\
<w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/>\
<w:characterSpacingControl w:val="compressPunctuation"/>\
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
</w:settings>"""
"""word/settings.xml: different footers on odd and even pages."""


def twips(mm: float) -> int:
    """Millimetres in twentieths of a point."""
    return round(mm / 25.4 * 1440)


def half_points(pt: float) -> int:
    """Points in half-points (font sizes)."""
    return round(pt * 2)


def line_pitch() -> int:
    """Fixed line spacing, in twips, that fits LINES_PER_PAGE lines in the text block."""
    height = twips(PAGE_MM[1]) - twips(MARGINS_MM["top"]) - twips(MARGINS_MM["bottom"])
    return height // LINES_PER_PAGE


def fonts(name: str, latin: str | None = None) -> str:
    """A w:rFonts element: Chinese text in `name`, Latin text in `latin` (default: the same)."""
    latin = latin or name
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{name}" w:cs="{latin}"/>'


def size(pt: float) -> str:
    """Font size elements."""
    return f'<w:sz w:val="{half_points(pt)}"/><w:szCs w:val="{half_points(pt)}"/>'


def styles_xml() -> str:
    """word/styles.xml: Normal (body), Title, heading 1–4 and Footer."""
    indent = f'<w:ind w:firstLineChars="200" w:firstLine="{20 * 2 * BODY_PT}"/>'
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{line_pitch()}" w:lineRule="exact"/>'

    def heading(level: int, font: str) -> str:
        return (
            f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
            f'<w:rPr>{fonts(font, LATIN_FONT)}<w:b w:val="0"/><w:bCs w:val="0"/></w:rPr></w:style>'
        )

    return (
        f'{XML_DECLARATION}<w:styles xmlns:w="{W_NS}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts(BODY_FONT, LATIN_FONT)}<w:kern w:val="2"/>{size(BODY_PT)}'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{spacing}{indent}<w:jc w:val="both"/></w:pPr>'
        f"<w:rPr>{fonts(BODY_FONT, LATIN_FONT)}{size(BODY_PT)}</w:rPr></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>'
        '<w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:spacing w:after="{line_pitch()}"/>{no_indent}<w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{fonts(TITLE_FONT)}{size(TITLE_PT)}</w:rPr></w:style>"
        + "".join(
            heading(level, font)
            for level, font in enumerate((*HEADING_FONTS, *[BODY_FONT] * (HEADING_STYLES - len(HEADING_FONTS))), start=1)
        )
        + '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
        f'<w:pPr><w:spacing w:line="240" w:lineRule="auto"/>{no_indent}</w:pPr>'
        f"<w:rPr>{fonts(PAGE_NUMBER_FONT)}{size(PAGE_NUMBER_PT)}</w:rPr></w:style>"
        "</w:styles>"
    )


def font_table_xml() -> str:
    """word/fontTable.xml: the Chinese fonts with the names Word may substitute."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
        for name, alt in FONT_SUBSTITUTES.items()
    )
    return f'{XML_DECLARATION}<w:fonts xmlns:w="{W_NS}">{entries}<w:font w:name="{LATIN_FONT}"/></w:fonts>'


def footer_xml(align: str) -> str:
    """A footer with the page number between em dashes, one character in from the edge (right or left)."""
    one_char = 20 * PAGE_NUMBER_PT
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'{XML_DECLARATION}<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{align}="{one_char}"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{field}<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
    )


def core_xml(title: str) -> str:
    """docProps/core.xml: the title and language."""
    return (
        f"{XML_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>"
    )


def section_xml() -> str:
    """The w:sectPr: A4, GB/T 9704 margins, footers, a line grid of LINES_PER_PAGE lines."""
    m = {side: twips(mm) for side, mm in MARGINS_MM.items()}
    line_mm = PAGE_NUMBER_PT * 1.3 * 25.4 / 72  # the footer line, at single spacing
    footer = twips(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM - line_mm)
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>'
        f'<w:pgSz w:w="{twips(PAGE_MM[0])}" w:h="{twips(PAGE_MM[1])}"/>'
        f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" w:left="{m["left"]}" '
        f'w:header="{twips(HEADER_MM)}" w:footer="{footer}" w:gutter="0"/>'
        f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{line_pitch()}"/></w:sectPr>'
    )


def run(text: str, font: str | None = None) -> str:
    """A run of text, in the paragraph style's font or the given one."""
    props = f"<w:rPr>{fonts(font, LATIN_FONT)}</w:rPr>" if font else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


TITLE_EMS = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / (TITLE_PT * 25.4 / 72)
"""Ems of 2号 type a title line holds: 20.1 on the 156 mm of an A4 text block."""
TITLE_CHARS = int(TITLE_EMS)
"""Chinese characters a title line holds."""
NARROW_EM = 0.6
"""Width of a digit or Latin letter of the title, in ems (more than half: LibreOffice wraps
"行政审批局2022年度民主生活会个人发言提纲" at half)."""
LOPSIDED = 0.5
"""Lines of a title no shorter than this share of its longest line, if they can be (17 and 6 are not)."""
TITLE_PUNCTUATION = re.compile(r"[\s，、：；（）《》“”\-—·]|\d+年度?|\d+")
"""Where a title may break besides between words: around punctuation, years and numbers."""


def break_points(title: str, words: Sequence[str]) -> set[int]:
    """Where a title may be broken into lines: at the edges of the words it holds (and of punctuation
    and numbers), never inside one of them."""
    edges, inside = set(), set()
    spans = [(m.start(), m.end()) for m in TITLE_PUNCTUATION.finditer(title)]
    for word in words:
        spans += [(m.start(), m.start() + len(word)) for m in re.finditer(re.escape(word), title)]
    for start, end in spans:
        edges |= {start, end}
        inside |= set(range(start + 1, end))
    return {p for p in edges - inside if 0 < p < len(title)}


def line_cost(widths: Sequence[float], weak: int) -> tuple[int, int, int, float]:
    """How far lines are from a GB/T 9704 title: not 梯形 (lines growing or shrinking) nor 菱形 (the
    middle longest) first, then lopsided (a line shorter than LOPSIDED of the longest), then breaks at
    weaker places than before a `title_breaks` word, then unevenness."""
    steps = [b - a for a, b in itertools.pairwise(widths)]
    trapezoid = all(s >= 0 for s in steps) or all(s <= 0 for s in steps)
    peak = widths.index(max(widths))
    diamond = all(s >= 0 for s in steps[:peak]) and all(s <= 0 for s in steps[peak:])
    lopsided = min(widths) < LOPSIDED * max(widths)
    return (0 if trapezoid or diamond else 1, int(lopsided), weak, max(widths) - min(widths))


def ems(text: str) -> float:
    """Width of title text in ems: a Chinese character one, a digit or Latin letter NARROW_EM."""
    narrow = len(text.encode("ascii", "ignore"))
    return len(text) - narrow + narrow * NARROW_EM


def title_lines(title: str, breaks: Sequence[str], words: Sequence[str], width: float = TITLE_EMS) -> list[str]:
    """A title as the lines of the Word copy: one if it fits, else as few lines of at most `width`
    Chinese characters as break it only between words (`words`), before a `breaks` word where
    possible, in a shape GB/T 9704 allows; between any characters only when no such breaks fit. A
    title longer than clean.TITLE_LINES lines (which a reader rejoins) is left for Word to wrap."""
    if ems(title) <= width:
        return [title]
    strong = {m.start() for word in breaks for m in re.finditer(re.escape(word), title)}
    for points in (sorted(break_points(title, words)), list(range(1, len(title)))):
        for count in range(math.ceil(ems(title) / width), TITLE_LINES + 1):
            fits = []
            for cut in itertools.combinations(points, count - 1):
                edges = (0, *cut, len(title))
                widths = [ems(title[a:b]) for a, b in itertools.pairwise(edges)]
                if max(widths) <= width:
                    fits.append((line_cost(widths, len(set(cut) - strong)), edges))
            if fits:
                edges = min(fits)[1]
                return [title[a:b] for a, b in itertools.pairwise(edges)]
    return [title]


def title_paragraph(title: str, vocab: Vocab) -> str:
    """The title paragraph, its lines broken between words (title_lines)."""
    lines = title_lines(title, vocab.genre.title_breaks, vocab.title_words)
    return paragraph("Title", "<w:r><w:br/></w:r>".join(run(line) for line in lines))


def paragraph(style: str | None, runs: str) -> str:
    """A paragraph in a style (None: Normal)."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{runs}</w:p>"


def body_xml(report: Report, vocab: Vocab) -> str:
    """The paragraphs: title (broken into lines between words), headings in heading styles (the text after a
    heading in body type), body text."""
    out = [] if report.title_line else [title_paragraph(report.title, vocab)]
    for index, (section, text) in enumerate(report.paragraphs()):
        if index == 0 and report.title_line:
            out.append(title_paragraph(text, vocab))
        elif section is not None:
            rest = text[len(section.heading) :]
            style = f"Heading{min(section.depth + 1, HEADING_STYLES)}"
            out.append(paragraph(style, run(section.heading) + (run(rest, BODY_FONT) if rest else "")))
        else:
            out.append(paragraph(None, run(text)))
    return "".join(out)


def document_xml(report: Report, vocab: Vocab) -> str:
    """word/document.xml."""
    return (
        f'{XML_DECLARATION}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        f"{body_xml(report, vocab)}{section_xml()}</w:body></w:document>"
    )


@functools.cache
def fixed_parts() -> dict[str, str]:
    """The parts every file shares (styles, settings, fonts, footers), made once."""
    return {
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": font_table_xml(),
        "word/footer1.xml": footer_xml("right"),
        "word/footer2.xml": footer_xml("left"),
    }


def report_docx(report: Report, vocab: Vocab) -> bytes:
    """A report as a .docx file, from its model (which gives back the cleaned paragraphs it was built
    from); the vocabulary says where its title may break into lines."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": core_xml(report.title),
        "word/document.xml": document_xml(report, vocab),
        **fixed_parts(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts.items():
            package.writestr(zipfile.ZipInfo(name, FIXED_DATE), xml.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
