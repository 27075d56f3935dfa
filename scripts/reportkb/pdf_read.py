"""Stage 1 for PDF files: the text layer, page by page, as the text reader takes any copy.

Read with pypdf, chosen over pypdfium2 (faster, PDFium's layout) because it is pure Python: the
same reader runs in 写作自查 in the browser (Pyodide), so a PDF draft is read there exactly as the
build reads a PDF report. Both misplace punctuation drawn in a fallback font the same way; text in
one font, as Word and WPS export it, comes out in reading order.

What this stage does itself is what only the page structure tells: pages are joined by form feeds
(clean takes them as page breaks), and running headers and footers (a line that opens or closes most
pages) are taken out and recorded. Page numbers, wrapped lines and radicals are clean's, as for a
PDF copy pasted into a .txt.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .model import Change, ChangeKind

PAGES_MAX = 150
"""Most pages read (a collection of a dozen reports has about a hundred)."""
SCAN_CHARS = 20
"""A PDF with fewer characters of text than this a page is a scan, with no text layer to read."""
RUNNING_SHARE = 0.6
"""A line that opens (or closes) at least this share of the pages, and two pages or more, is a running header (footer)."""
RUNNING_MAX = 40
"""Longest running header or footer."""
DIGITS = re.compile(r"\d+")
"""Page numbers in a running line, which change from page to page."""
PAGE_BREAK = "\f"
"""Between pages (clean.PAGE_BREAK)."""
CONVERT = "请用 PDF 阅读器或 WPS 打开后复制全文，存为 .txt 放进来"
"""What to do with a PDF that cannot be read."""


@dataclass(frozen=True)
class PdfText:
    """What a PDF gives the pipeline: its text, pages joined by form feeds, and what was left out."""

    text: str
    changes: tuple[Change, ...]


def pages_of(path: Path, data: bytes) -> list[str]:
    """The text of each page (pypdf's errors, in any form, as one Chinese line)."""
    from pypdf import PdfReader  # imported when a PDF is read: the rest of the reader never needs it
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are English and not ours
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError
        count = len(reader.pages)
        if count > PAGES_MAX:
            raise ReportError(path, f"PDF 有 {count} 页，远多于一篇对照检查材料，不像一篇材料：请确认放对了文件")
        return [page.extract_text() or "" for page in reader.pages]
    except ReportError:
        raise
    except (FileNotDecryptedError, NotImplementedError):
        raise ReportError(path, f"PDF 设了密码或加了密，无法读取文字：{CONVERT}") from None
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError, RecursionError, OSError):
        raise ReportError(path, f"PDF 文件已损坏，无法读取文字：{CONVERT}") from None
    except Exception:  # pypdf on a damaged file can raise anything; no English reaches the keeper
        raise ReportError(path, f"PDF 文件无法读取：{CONVERT}") from None


def ends(lines: list[str]) -> tuple[int, int]:
    """Where a page's first and last lines with text are (-1, -1 for an empty page)."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    return (filled[0], filled[-1]) if filled else (-1, -1)


def shape(line: str) -> str:
    """A line as a running header or footer is compared: digits (page numbers) as #."""
    return DIGITS.sub("#", line.strip())


def running_lines(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """The running headers and footers: first and last lines common to most pages (digits aside)."""
    if len(pages) < 2:
        return set(), set()
    found = []
    for side in (0, 1):
        at = [ends(lines)[side] for lines in pages]
        counts = Counter(shape(lines[k]) for lines, k in zip(pages, at, strict=True) if k >= 0)
        need = max(2, RUNNING_SHARE * len(pages))
        found.append({line for line, count in counts.items() if count >= need and 0 < len(line) <= RUNNING_MAX})
    return found[0], found[1]


def read_pdf(path: Path, data: bytes) -> PdfText:
    """The text layer of a PDF, pages joined by form feeds, running headers and footers left out;
    a scan (no text layer) or a damaged file is one Chinese line."""
    pages = [page.split("\n") for page in pages_of(path, data)]
    if sum(len(line.strip()) for lines in pages for line in lines) < SCAN_CHARS * max(len(pages), 1):
        raise ReportError(path, "PDF 里没有文字层（是扫描件或图片）：需要先做文字识别（OCR），或找到原文的 Word 文件、文字版")
    heads, feet = running_lines(pages)
    changes, kept = [], []
    for lines in pages:
        first, last = ends(lines)
        for k, text in enumerate(lines):
            if (k == first and shape(text) in heads) or (k == last and shape(text) in feet):
                changes.append(Change(ChangeKind.RUNNING, len(kept) + 1, text))  # the document's own, not a site's
                text = ""
            kept.append(text)
        kept.append(PAGE_BREAK)
    return PdfText("\n".join(kept[:-1]), tuple(changes))
