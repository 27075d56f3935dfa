"""Word files built in the tests with python-docx: numbering definitions, tracked changes, page furniture."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""The WordprocessingML namespace."""
REVISION = 'w:author="审核人" w:date="2023-01-05T09:00:00Z"'
"""Attributes of a tracked change."""


NAMESPACES = nsdecls("w", "wp", "a") + ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
"""Namespaces the fragments below use."""
FIRST_NAME_END = re.compile(r"[\s/>]")
"""Where the name of a fragment's first tag ends."""


def element(fragment: str):
    """An element from `<w:tag …>…</w:tag>` text, with the namespaces it uses declared on it."""
    at = FIRST_NAME_END.search(fragment).start()
    return parse_xml(f"{fragment[:at]} {NAMESPACES}{fragment[at:]}")


def add_numbering(doc, abstract_id: int, levels: list[tuple[str, str]], num_ids: dict[int, dict[int, int]]) -> None:
    """A multi-level list definition (numFmt, lvlText per level) and numbering instances.

    `num_ids` maps each num id to its start overrides ({level: start}).
    """
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(0, element(f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    for num_id, starts in num_ids.items():
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>' for lvl, start in starts.items()
        )
        numbering.append(element(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def numbered(doc, text: str, num_id: int, level: int):
    """A paragraph in a list at a level."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(element(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


CN_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3．"), ("decimal", "（%4）")]
"""The genre's numbering, as a Word multi-level list."""


def numbering_docx(path: Path) -> Path:
    """Headings numbered only by Word: levels, a list continued across body text, a list restarted."""
    doc = Document()
    add_numbering(doc, 90, CN_LEVELS, {90: {}, 91: {2: 1}})
    doc.add_paragraph("某局党组2022年度民主生活会对照检查材料")
    doc.add_paragraph("根据要求，党组班子认真查摆问题。")
    numbered(doc, "存在的主要问题", 90, 0)
    numbered(doc, "理论学习方面", 90, 1)
    doc.add_paragraph("一是学习不深入。二是联系实际不够。")
    numbered(doc, "工作作风方面", 90, 1)
    numbered(doc, "调查研究不够", 90, 2)
    doc.add_paragraph("下基层次数少。")
    numbered(doc, "服务群众不够", 90, 2)
    doc.add_paragraph("另外还有两个方面：")
    numbered(doc, "文山会海", 91, 2)
    numbered(doc, "督查检查过多", 91, 2)
    numbered(doc, "原因剖析", 90, 0)
    numbered(doc, "理想信念有所弱化", 90, 1)
    numbered(doc, "整改措施", 90, 0)
    numbered(doc, "加强理论学习", 90, 1)
    numbered(doc, "制定学习计划", 90, 3)
    doc.add_paragraph("以上对照检查，请同志们批评指正。")
    doc.save(path)
    return path


def style_numbering_docx(path: Path) -> Path:
    """Headings numbered through their styles (标题 1 → 一、, 标题 2 → （一）), as many templates do."""
    doc = Document()
    add_numbering(doc, 92, CN_LEVELS[:2], {92: {}})
    for level in (1, 2):  # as Word links list levels to heading styles
        style = doc.styles[f"Heading {level}"]
        numpr = f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="92"/></w:numPr>'
        style.element.get_or_add_pPr().append(element(numpr))
    doc.add_paragraph("县长专题民主生活会对照检查材料")
    doc.add_paragraph("按照会议要求，现对照检查如下。")
    doc.add_heading("存在的问题", 1)
    doc.add_heading("政治建设方面", 2)
    doc.add_paragraph("一是政治站位不够高。二是落实不够有力。")
    doc.add_heading("作风建设方面", 2)
    doc.add_paragraph("调研不够深入。")
    doc.add_heading("整改措施", 1)
    doc.add_paragraph("加强学习，改进作风。")
    doc.save(path)
    return path


def revisions_docx(path: Path) -> Path:
    """Tracked changes: an insertion, a deletion, a move, a deleted paragraph mark."""
    doc = Document()
    doc.add_paragraph("某同志民主生活会对照检查材料")
    p = doc.add_paragraph("一、存在的")
    p._p.append(element(f'<w:del w:id="1" {REVISION}><w:r><w:delText>突出</w:delText></w:r></w:del>'))
    p._p.append(element(f'<w:ins w:id="2" {REVISION}><w:r><w:t>主要</w:t></w:r></w:ins>'))
    p.add_run("问题")
    p = doc.add_paragraph("一是学习不够系统。")
    p._p.append(element(f'<w:moveFrom w:id="3" {REVISION}><w:r><w:t>二是调研不深。</w:t></w:r></w:moveFrom>'))
    p = doc.add_paragraph("二是联系群众不够，")
    p._p.get_or_add_pPr().append(element(f'<w:rPr><w:del w:id="4" {REVISION}/></w:rPr>'))
    p = doc.add_paragraph("深入基层少。")
    p._p.append(element(f'<w:moveTo w:id="5" {REVISION}><w:r><w:t>三是调研不深。</w:t></w:r></w:moveTo>'))
    doc.add_paragraph("二、原因剖析")
    doc.add_paragraph("理想信念有所弱化。")
    doc.save(path)
    return path


TEXT_BOX = """<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="457200"/>
<wp:wrapNone/><wp:docPr id="9" name="文本框 9"/><a:graphic><a:graphicData
 uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>内部资料 注意保存</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
"""A floating text box with page furniture in it."""


def furniture_docx(path: Path) -> Path:
    """Header, footer, a comment, a text box, hidden text, a page field and a footnote mark around the text."""
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "中共某县委办公室"
    section.footer.paragraphs[0].text = "第 1 页"
    doc.add_paragraph("某同志民主生活会对照检查材料")
    p = doc.add_paragraph("一、存在的问题")
    doc.add_comment(p.runs, text="这一部分再展开", author="审核人")
    p = doc.add_paragraph("一是学习不够。")
    p._p.append(element(TEXT_BOX))
    hidden = p.add_run("（隐藏的修改意见）")
    hidden.font.hidden = True
    p.add_run("二是调研不够。")
    p._p.append(element('<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'))
    p._p.append(element('<w:r><w:footnoteReference w:id="1"/></w:r>'))
    doc.add_paragraph("二、整改措施")
    doc.add_paragraph("加强学习。")
    doc.save(path)
    return path


def style_headings_docx(path: Path) -> Path:
    """Unnumbered headings given by the styles Heading 1 and Heading 2."""
    doc = Document()
    doc.add_paragraph("某县委常委班子民主生活会对照检查材料")
    doc.add_paragraph("按照要求，对照检查如下。")
    doc.add_heading("存在的问题", 1)
    doc.add_heading("理论学习方面", 2)
    doc.add_paragraph("一是学习不深。二是运用不够。")
    doc.add_heading("原因剖析", 1)
    doc.add_paragraph("理想信念有所弱化。")
    doc.add_paragraph("以上对照检查，请同志们批评指正。")
    doc.save(path)
    return path


def bold_headings_docx(path: Path) -> Path:
    """A title centred over three bold lines, parts marked only by bold, a bold sentence for emphasis."""
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("中共某县委").bold = True
    p.add_run().add_break()  # a line break within the paragraph
    p.add_run("常委班子").bold = True
    p.alignment = 1  # centred
    p = doc.add_paragraph()
    p.add_run("2022年度民主生活会对照检查材料").bold = True
    p.alignment = 1
    doc.add_paragraph("按照要求，对照检查如下。")
    for heading, text in (("存在的问题", "一是学习不深。二是运用不够。"), ("问题产生的原因", "理想信念有所弱化。")):
        doc.add_paragraph().add_run(heading).bold = True
        doc.add_paragraph(text)
    doc.add_paragraph().add_run("这一点必须引起高度重视。").bold = True
    doc.add_paragraph("以上对照检查，请同志们批评指正。")
    doc.save(path)
    return path


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
"""Start of an OLE compound file: what a .doc or a password-protected .docx begins with."""


def zip_of(parts: dict[str, str]) -> bytes:
    """A zip file with these members: a .docx with parts missing or broken."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


OTHER_PROGRAM_SOURCES = {
    "web.html": """<html><head><meta charset="utf-8"></head><body>
<p align="center"><b>中共某县委常委班子</b><br><b>2022年度民主生活会对照检查材料</b></p>
<p>根据要求，对照检查如下。</p>
<h1>存在的问题</h1>
<ol><li>学习不够深入。</li><li>调研不够。</li></ol>
<h2>作风方面</h2>
<p>一是<i>文山会海</i>。二是督查过多。</p>
<table><tr><td>某某</td><td>2023年1月</td></tr></table>
<p>以上对照检查，请批评指正。</p>
</body></html>""",
    "outline.fodt": """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"/>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>
  <text:outline-style style:name="Outline">
   <text:outline-level-style text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
   <text:outline-level-style text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
  </text:outline-style>
 </office:styles>
 <office:body><office:text>
  <text:p>某同志民主生活会对照检查材料</text:p>
  <text:p>现对照检查如下。</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">存在的问题</text:h>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">理论学习方面</text:h>
  <text:p>一是学习不深。二是运用不够。</text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">作风方面</text:h>
  <text:p>调研不够。</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">原因剖析</text:h>
  <text:p>以上对照检查，请批评指正。</text:p>
 </office:text></office:body>
</office:document>""",
    "furniture.fodt": """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:master-styles><style:master-page style:name="Standard">
  <style:header><text:p>页眉：中共某委</text:p></style:header>
  <style:footer><text:p>第<text:page-number text:select-page="current">1</text:page-number>页</text:p></style:footer>
 </style:master-page></office:master-styles>
 <office:body><office:text>
  <text:tracked-changes>
   <text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>审核人</dc:creator>
    <dc:date>2023-01-05T09:00:00</dc:date></office:change-info><text:p>突出</text:p></text:deletion></text:changed-region>
   <text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>审核人</dc:creator>
    <dc:date>2023-01-05T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
  </text:tracked-changes>
  <text:p>某同志民主生活会对照检查材料</text:p>
  <text:p>一、存在的<text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>主要<text:change-end
   text:change-id="ct2"/>问题</text:p>
  <text:p>一是学习不够<office:annotation><dc:creator>甲</dc:creator><text:p>批注：再具体些</text:p></office:annotation>。<text:note
   text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注内容</text:p></text:note-body>
   </text:note>二是调研不够。<draw:frame svg:width="3cm" svg:height="1cm" text:anchor-type="paragraph"><draw:text-box>
   <text:p>内部资料</text:p></draw:text-box></draw:frame></text:p>
  <text:p>二、整改措施</text:p>
 </office:text></office:body>
</office:document>""",
    "lists.fodt": """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <text:list-style style:name="CN">
   <text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/>
   <text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"/>
   <text:list-level-style-number text:level="3" style:num-format="1" style:num-suffix="．"/>
  </text:list-style>
 </office:styles>
 <office:body><office:text>
  <text:p>某同志对照检查材料</text:p>
  <text:list xml:id="L1" text:style-name="CN">
   <text:list-item><text:p>存在的问题</text:p>
    <text:list><text:list-item><text:p>学习方面</text:p>
      <text:list><text:list-item><text:p>学得不深</text:p></text:list-item><text:list-item><text:p>用得不够</text:p></text:list-item></text:list>
     </text:list-item>
     <text:list-item><text:p>作风方面</text:p>
      <text:list><text:list-item><text:p>调研少</text:p></text:list-item></text:list>
     </text:list-item></text:list>
   </text:list-item>
  </text:list>
  <text:p>说明一段。</text:p>
  <text:list text:style-name="CN" text:continue-list="L1">
   <text:list-item><text:p>原因剖析</text:p></text:list-item>
  </text:list>
  <text:list text:style-name="CN">
   <text:list-item text:start-value="1"><text:p>另起的清单</text:p></text:list-item>
   <text:list-item><text:p>第二项</text:p></text:list-item>
  </text:list>
 </office:text></office:body>
</office:document>""",
}
"""Reports as other programs write them, for LibreOffice to save as .docx."""


# ---------------------------------------------------------------- hostile files (issue 21)

MINIMAL_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>',
}
"""The parts a .docx needs besides its document (no styles, no numbering unless given)."""


def package(document_body: str, extra: dict[str, str | bytes] | None = None, relationships: str = "") -> bytes:
    """A small .docx of a document body (WordprocessingML paragraphs), written by hand."""
    parts: dict[str, str | bytes] = dict(MINIMAL_PARTS)
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{document_body}</w:body></w:document>'
    )
    if relationships:
        parts["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relationships}</Relationships>"
        )
    parts |= extra or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def paragraph(text: str, props: str = "") -> str:
    """One w:p with one run of text."""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


def huge_numbering_docx() -> bytes:
    """A list whose numbering starts at 2,000,000,000 in letter format (a label of 77 million letters, naively)."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="2000000000"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    body = paragraph("某某对照检查材料") + paragraph("存在的问题", numbered) + paragraph("学习不够。")
    rel = (
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
        'Target="numbering.xml"/>'
    )
    return package(body, {"word/numbering.xml": numbering}, rel)


def deep_docx(depth: int = 5000) -> bytes:
    """Content controls nested `depth` deep around a paragraph."""
    inner = paragraph("学习不够。")
    return package("<w:sdt><w:sdtContent>" * depth + inner + "</w:sdtContent></w:sdt>" * depth)


def deep_runs_docx(depth: int = 5000) -> bytes:
    """Hyperlinks nested `depth` deep inside a paragraph."""
    run = "<w:r><w:t>学习不够。</w:t></w:r>"
    return package("<w:p>" + "<w:hyperlink>" * depth + run + "</w:hyperlink>" * depth + "</w:p>")


def bad_symbol_docx() -> bytes:
    """A w:sym whose character code is not hexadecimal."""
    body = paragraph("某某对照检查材料") + '<w:p><w:r><w:t>有</w:t><w:sym w:font="Wingdings" w:char="ZZZZ"/></w:r></w:p>'
    return package(body + paragraph("一、存在的问题") + paragraph("学习不够。"))


def zip_bomb_docx(size: int = 2**31) -> bytes:
    """A small file whose document part inflates to `size` bytes (spaces, written in pieces)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in MINIMAL_PARTS.items():
            zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            chunk = b" " * 2**24
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()
