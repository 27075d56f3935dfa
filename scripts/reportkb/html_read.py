"""Stage 1 for saved web pages (.html, .htm, and .mhtml when a browser saves a page as one file):
the article taken out of the page, as text the text reader takes like any copy.

The article is found by trafilatura, a maintained main-content extractor, chosen over rules of our
own about page structure: navigation, breadcrumbs, side bars, related lists, comments, footers and
scripts are left out by its analysis of the page, WeChat articles included. The title is the
article's own heading (trafilatura reads h1 and og:title before <title>, whose site name it drops).
What is left of a site's furniture inside the article (a login prompt, a 小编 blurb) is clean's, by
its shapes, as for any copy. What was left out of the page is recorded as one change.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError
from .model import Change, ChangeKind

MHTML_SUFFIXES = (".mhtml", ".mht")
"""A page saved as one file: the page and its images in a MIME message."""
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
"""Markup, scripts and styles: what is not the page's text, for counting what was left out."""
SAVE_AS = "请在浏览器中打开该网页，复制正文存为 .txt 放进来"
"""What to do with a page whose article cannot be found."""


@dataclass(frozen=True)
class PageText:
    """What a saved web page gives the pipeline: the article's title and text, and what was left out."""

    text: str
    changes: tuple[Change, ...]


def html_of(path: Path, data: bytes) -> bytes:
    """The HTML of a saved page: the file itself, or the page inside an .mhtml."""
    if path.suffix.lower() not in MHTML_SUFFIXES:
        return data
    import email  # only for .mhtml files
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                charset = part.get_content_charset()
                return payload if not charset else payload.decode(charset, "replace").encode("utf-8")
    raise ReportError(path, f"保存的网页里找不到网页内容：{SAVE_AS}")


def read_page(path: Path, data: bytes) -> PageText:
    """The article of a saved web page as text (its heading first), one paragraph a line."""
    try:
        import trafilatura  # imported when a page is read (it is large, and the browser's checker has no use for it)
    except ImportError:  # 写作自查 in the browser has no web-page reader
        raise ReportError(path, "网页文件在这里读不了：请在浏览器中打开该网页，复制正文粘贴进来或存为 .txt") from None

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its notes are English and not ours
    page = html_of(path, data)
    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_recall=True)
    except Exception:  # a page the extractor cannot parse: no English reaches the keeper
        found = None
    text = (found.text or "").strip() if found else ""
    if not text:
        raise ReportError(path, f"没能从网页中找到正文：{SAVE_AS}")
    title = (found.title or "").strip()
    body = f"{title}\n{text}" if title and not text.startswith(title) else text
    left = len(TAGS.sub("", page.decode("utf-8", "replace") if isinstance(page, bytes) else page)) - len(body)
    note = f"网页中正文以外的部分（导航、页眉页脚、侧栏、相关文章等）约 {max(left, 0)} 字"
    return PageText(body, (Change(ChangeKind.WEB_PAGE, 1, note),))
