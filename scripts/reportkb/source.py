"""Stage 1: read a report file as the keeper got it, into text: plain text (its encoding detected,
line ends normalized, front matter split off), Word (docx_read), old Word, WPS and RTF through
LibreOffice (office), PDF's text layer (pdf_read), a saved web page's article (html_read). The
decoding of every format is here, in `read`; everything after it reads text."""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import office
from .docx_read import read_docx
from .errors import ReportError, too_long
from .html_read import MHTML_SUFFIXES, read_page
from .model import LINE, PARAGRAPH, Change, ChangeKind
from .pdf_read import read_pdf
from .vocab import parse_yaml, read_yaml, yaml_problem

FILE_BYTES_MAX = 50 * 2**20
"""Largest file read (a report's PDF with its fonts has a megabyte or two; a Word file with pictures, some more)."""
TEXT_SUFFIXES = (".txt", ".md")
"""Plain text: may hold front matter."""
WEB_SUFFIXES = (".html", ".htm", *MHTML_SUFFIXES)
"""Saved web pages."""
SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", *WEB_SUFFIXES, *office.SUFFIXES)
"""File types read as reports."""
UNREADABLE = {
    ".xls": "这是 Excel 表格，不是材料：请确认放对了文件",
    ".xlsx": "这是 Excel 表格，不是材料：请确认放对了文件",
    ".ppt": "这是演示文稿，不是材料：请确认放对了文件",
    ".pptx": "这是演示文稿，不是材料：请确认放对了文件",
    ".zip": "这是压缩包：请先解压，把里面的材料放进来",
    ".rar": "这是压缩包：请先解压，把里面的材料放进来",
    ".7z": "这是压缩包：请先解压，把里面的材料放进来",
}
"""Files people put beside their reports that are no report, with what to do instead."""
WORD_ENCODING = "docx"
"""What `Source.encoding` says for a Word file (others: the text's encoding, pdf, html, doc, wps, rtf)."""
SIDECAR = ".yml"
"""Suffix of the metadata file beside a report that cannot hold front matter (Word, PDF, a web page):
NAME.yml for NAME.docx."""
OS_ERRORS = {
    PermissionError: "没有读取这个文件的权限",
    FileNotFoundError: "找不到这个文件",
    IsADirectoryError: "这是一个文件夹，不是文件",
}
"""Why a file cannot be read, for the errors the system gives in English."""

FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
"""Opening line of YAML front matter."""
FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
"""Closing line of YAML front matter."""
SLUG_UNSAFE = re.compile(r"[^\w-]+")
"""Characters replaced by `-` when a file name becomes a page name."""

KNOWN_KEYS = {"title", "year", "kind", "meeting", "unit", "themes", "roles"}
"""Front matter keys the build understands (what kind, meeting and roles may be is the vocabulary's
to say: annotate checks them against meta.yml and roles.yml)."""


@dataclass(frozen=True)
class Source:
    """A report file as text, before cleaning."""

    path: Path
    """Where it was read from."""
    text: str
    """The body: everything after the front matter, with LF line ends."""
    first_line: int
    """Line number in the file of the body's first line (1-based)."""
    encoding: str
    """Encoding the bytes were decoded with."""
    front_matter: dict = field(default_factory=dict)
    """Front matter (for a Word file: its sidecar NAME.yml), checked."""
    hints: dict[int, int] = field(default_factory=dict)
    """Heading level rank of lines that are headings by Word style or bold, by line number."""
    changes: tuple[Change, ...] = ()
    """What reading left out (Word: tracked deletions, comments, …)."""
    wrapped: bool = True
    """Lines may be hard-wrapped (plain text); a Word paragraph is one line."""
    unit: str = LINE
    """What a line number of `text` counts: LINE, or PARAGRAPH where each line is a paragraph (Word)."""
    meta_path: Path | None = None
    """Where the front matter was read from, when not from the file itself (a Word file's NAME.yml)."""
    part: int = 0
    """Which report of a file that holds several (1, 2, …), or 0 when the file holds one."""


def slug_for(path: Path, part: int = 0) -> str:
    """Page name for a report file (and the part of it, for a file holding several): its stem,
    lowercased, unsafe characters as `-`, then `-1`, `-2`, …"""
    slug = SLUG_UNSAFE.sub("-", path.stem).strip("-").lower() or "report"
    return f"{slug}-{part}" if part else slug


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if not data.strip():
        raise ReportError(path, "文件是空的")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReportError(path, "文件以 UTF-16 标记开头，但内容无法按 UTF-16 解码") from None
    if b"\x00" in data:
        raise ReportError(path, "这是二进制文件，不是文本（如果是 Word 文档，请另存为纯文本 .txt）")
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = exc
    line = data[: error.start].count(b"\n") + 1
    raise ReportError(path, "无法识别文件编码：既不是 UTF-8 也不是 GB18030/GBK", line)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[dict, str, int]:
    """Front matter mapping, body, and the file line the body starts on."""
    lines = text.split("\n")
    if not FRONT_MATTER_FENCE.match(lines[0]):
        return {}, text, 1
    end = next((i for i in range(1, len(lines)) if FRONT_MATTER_END.match(lines[i])), None)
    if end is None:
        raise ReportError(path, "前置元数据以 --- 开头，但没有结束的 --- 行", 1)
    try:
        data = parse_yaml("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = min(mark.line + 2, end) if mark else 1  # libyaml may point just past the last line
        raise ReportError(path, f"前置元数据（YAML）有误：{yaml_problem(exc)}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReportError(path, "前置元数据应为“键: 值”形式的 YAML 映射", 2)
    return check_front_matter(path, data), "\n".join(lines[end + 1 :]), end + 2


def check_front_matter(path: Path, data: dict) -> dict:
    """Front matter with known keys and sound values, or an error naming the key.

    Forgiving where the meaning is plain: `year: "2022"` is 2022, `themes: 营商环境` is one theme.
    """
    unknown = sorted(str(k) for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise ReportError(path, f"前置元数据有未知的键：{'、'.join(unknown)}（可用：{'、'.join(sorted(KNOWN_KEYS))}）")
    data = dict(data)
    if isinstance(data.get("year"), str) and data["year"].strip().isdecimal():
        data["year"] = int(data["year"])
    if isinstance(data.get("themes"), str):
        data["themes"] = [data["themes"]]
    checks = {
        "title": (lambda v: isinstance(v, str) and v.strip(), "非空文字"),
        "year": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 1921 <= v <= 2100, "四位数年份，如 2022"),
        "kind": (lambda v: isinstance(v, str) and v.strip(), "文字（可用的值见 vocab/meta.yml 的 kind）"),
        "meeting": (lambda v: isinstance(v, str) and v.strip(), "文字（可用的值见 vocab/meta.yml 的 meeting）"),
        "unit": (lambda v: isinstance(v, (str, int)), "文字"),
        "themes": (lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v), "主题列表，如 [营商环境, 巡视整改]"),
        "roles": (lambda v: isinstance(v, dict), "映射，如 {s2: problems}"),
    }
    for key, value in data.items():
        ok, hint = checks[key]
        if not ok(value):
            raise ReportError(path, f"前置元数据 {key} 的值 {value!r} 不合适，应为{hint}")
    return data


def sidecar_for(path: Path) -> Path:
    """The metadata file that may stand beside a Word report."""
    return path.with_suffix(SIDECAR)


def read_sidecar(path: Path) -> dict:
    """Checked metadata from the sidecar NAME.yml of a Word report, or {} when there is none."""
    meta_path = sidecar_for(path)
    return check_front_matter(meta_path, read_yaml(meta_path)) if meta_path.is_file() else {}


def word_source(path: Path, data: bytes, front_matter: dict, encoding: str = WORD_ENCODING) -> Source:
    """A Word file's text as a source: one line per paragraph, heading hints, what was left out."""
    word = read_docx(path, data)
    if not word.text.strip():
        raise ReportError(path, "Word 文件中没有正文文字（页眉、页脚、批注和文本框里的文字不读入）")
    text = normalize_newlines(bounded(path, word.text, PARAGRAPH))
    meta_path = sidecar_for(path) if front_matter else None
    return Source(
        path, text, 1, encoding, front_matter, word.hints, word.changes, wrapped=False, unit=PARAGRAPH, meta_path=meta_path
    )


def pdf_source(path: Path, data: bytes, front_matter: dict) -> Source:
    """A PDF's text layer as a source: lines as the pages lay them out, to be rejoined like any PDF copy."""
    pdf = read_pdf(path, data)
    meta_path = sidecar_for(path) if front_matter else None
    return Source(path, bounded(path, pdf.text), 1, "pdf", front_matter, changes=pdf.changes, meta_path=meta_path)


def page_source(path: Path, data: bytes, front_matter: dict) -> Source:
    """A saved web page's article as a source: its heading, then a line per paragraph."""
    page = read_page(path, data)
    meta_path = sidecar_for(path) if front_matter else None
    text = normalize_newlines(bounded(path, page.text, PARAGRAPH))
    return Source(path, text, 1, "html", front_matter, changes=page.changes, wrapped=False, unit=PARAGRAPH, meta_path=meta_path)


def bounded(path: Path, text: str, unit: str = LINE) -> str:
    """The text, or an error when it is longer than any report (errors.TEXT_MAX, errors.LINES_MAX)."""
    error = too_long(path, len(text), text.count("\n") + 1, unit)
    if error:
        raise error
    return text


def read(path: Path) -> Source:
    """Read one report file, whatever its format; any problem is a ReportError naming the file."""
    suffix = path.suffix.lower()
    if suffix in UNREADABLE:
        raise ReportError(path, UNREADABLE[suffix])
    try:
        size = path.stat().st_size
        if size > FILE_BYTES_MAX:
            raise ReportError(path, f"文件有 {size // 2**20} MB，远大于一篇对照检查材料，不像一篇材料：请确认放对了文件")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(path, f"无法读取文件：{OS_ERRORS.get(type(exc), '系统拒绝读取')}") from None
    if suffix == ".docx":
        return word_source(path, data, read_sidecar(path))
    if suffix in office.SUFFIXES:
        return word_source(path, office.to_docx(path, data), read_sidecar(path), suffix.lstrip("."))
    if suffix == ".pdf":
        return pdf_source(path, data, read_sidecar(path))
    if suffix in WEB_SUFFIXES:
        return page_source(path, data, read_sidecar(path))
    text, encoding = decode(path, data)
    front, body, first_line = split_front_matter(path, normalize_newlines(bounded(path, text)))
    return Source(path=path, text=body, first_line=first_line, encoding=encoding, front_matter=front)


PER_REPORT_KEYS = ("title", "roles")
"""Front matter keys that name one report: not carried to the reports of a collection."""
COLLECTION_HEAD_MAX = 60
"""Text above a collection's first 【第一篇】 is the site's furniture when each line is at most this long
(and there are at most COLLECTION_HEAD_LINES of them); otherwise it is a report of its own."""
COLLECTION_HEAD_LINES = 6


def marker_lines(lines: list[str], markers: Sequence[re.Pattern[str]]) -> dict[int, re.Match[str]]:
    """The lines that start a report of a collection, by index, with their match: those of the marker
    pattern that the most lines match (two or more; one kind of marker to a collection)."""
    best: dict[int, re.Match[str]] = {}
    for marker in markers:
        found = {i: m for i, line in enumerate(lines) if (m := marker.search(line.strip()))}
        if len(found) >= 2 and len(found) > len(best):
            best = found
    return best


def split(src: Source, markers: Sequence[re.Pattern[str]]) -> tuple[Source, ...]:
    """The reports of a file that holds several, one source each: split at lines like 【第一篇】 or
    篇二：标题 (`markers`, from watermarks.yml) when there are two or more. The markers, and short lines
    above the first one (the collection's own title and banners), are recorded as removed; a title on
    a marker's line (篇二：标题, 标题范文二) stays, as its report's first line."""
    lines = src.text.split("\n")
    found = marker_lines(lines, markers)
    at = sorted(found)
    if len(at) < 2:
        return (src,)
    head = [(i, line.strip()) for i, line in enumerate(lines[: at[0]]) if line.strip()]
    if head and (len(head) > COLLECTION_HEAD_LINES or any(len(text) > COLLECTION_HEAD_MAX for _, text in head)):
        at = [-1, *at]  # the text above the first marker is a report too
        head = []
    front = {key: value for key, value in src.front_matter.items() if key not in PER_REPORT_KEYS}
    parts = []
    for k, start in enumerate(at):
        end = at[k + 1] if k + 1 < len(at) else len(lines)
        line = src.first_line + start  # the marker's line (the first line of the part, when it has no marker)
        changes, first = [], start + 1
        if start >= 0:
            title = (found[start].groupdict().get("title") or "").strip()
            marker = lines[start].strip()
            changes.append(Change(ChangeKind.COLLECTION, line, marker.replace(title, "", 1) if title else marker))
            if title:
                lines[start], first = title, start  # the title stays, as the report's first line
        if k == 0:
            changes += [Change(ChangeKind.FURNITURE, src.first_line + i, text) for i, text in head]
        body = "\n".join(lines[first:end])
        first_line = src.first_line + first
        parts.append(
            dataclasses.replace(
                src, text=body, first_line=first_line, front_matter=front, changes=(*src.changes, *changes), part=k + 1
            )
        )
    return tuple(parts)
