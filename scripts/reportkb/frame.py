"""Report pages in the site's frame, without a trip through Markdown and the theme for each.

MkDocs makes a page by running its Markdown through Python-Markdown and the result through the
theme's templates; at 10,000 reports that was three quarters of a build. A report page needs
neither: `render` writes its article and table of contents as HTML, a *fragment*
(docs/reports/<slug>.html), and the MkDocs hook renders the theme's page once, for a page of the
same folder, around three slots (`SLOT_TITLE`, `SLOT_TOC`, `SLOT_BODY`): a `Frame`. Each report's
page is the frame with its fragment put into the slots — what the theme would have made of it, with
the frame's indentation taken out (a sixth of a page's bytes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError

SLOT_TITLE = "rk-slot-title"
"""Where the frame has the page title (in <title> and in the header)."""
SLOT_TOC = "rk-slot-toc"
"""The anchor of the one table-of-contents entry the frame is rendered with (its item is the slot)."""
SLOT_BODY = "<h1>rk-slot-body</h1>"
"""The frame's content: an h1, so that the theme adds no title of its own."""
FRAGMENT_MARKS = ("<!--rk:title-->", "<!--rk:toc-->", "<!--rk:body-->")
"""What starts the title, the table of contents and the article in a fragment (report text is escaped,
so it cannot hold them)."""
TOC_SLOT_ITEM = re.compile(r'<li class="md-nav__item">\s*<a href="#' + SLOT_TOC + r'".*?</li>', re.S)
"""The frame's table-of-contents entry (it has no children, so its first </li> ends it)."""
BETWEEN_TAGS = re.compile(r">\s+<")
"""Indentation between two tags."""
LINE_BREAK = re.compile(r"\s*\n\s*")
"""A line break and the indentation around it."""
SLOTS = re.compile(f"({re.escape(SLOT_TITLE)}|{re.escape(SLOT_TOC)}|{re.escape(SLOT_BODY)})")
"""The slots of a frame, once its table-of-contents entry is the bare slot."""


@dataclass(frozen=True)
class Fragment:
    """What a report page holds of its own; everything else is the frame's."""

    title: str
    """The title as plain text, HTML-escaped."""
    toc: str
    """The table-of-contents entries, in the theme's markup."""
    body: str
    """The article."""

    def dumps(self) -> str:
        """The fragment as written to docs/."""
        return "".join(f"{mark}{part}\n" for mark, part in zip(FRAGMENT_MARKS, (self.title, self.toc, self.body), strict=True))

    @classmethod
    def loads(cls, text: str, path: Path) -> Fragment:
        """A fragment read back (`path` names it when it is not one)."""
        parts = re.split("|".join(FRAGMENT_MARKS), text)
        if len(parts) != 4 or parts[0]:
            raise ReportError(path, "不是构建程序写的样例页面（docs/reports/ 下的 .html 由构建生成）")
        return cls(*(p.removesuffix("\n") for p in parts[1:]))


def squeezed(html: str) -> str:
    """HTML without the indentation between tags (the frame has no <pre> or <textarea>)."""
    return BETWEEN_TAGS.sub("><", LINE_BREAK.sub("\n", html))


@dataclass(frozen=True)
class Frame:
    """The theme's page around the slots, cut at them."""

    parts: tuple[str, ...]
    """Literal HTML and slot names, alternately."""

    @classmethod
    def of(cls, rendered: str) -> Frame:
        """The frame in a page the theme rendered with the slots as its title, only TOC entry and content."""
        html, found = TOC_SLOT_ITEM.subn(SLOT_TOC, rendered)
        if found != 1 or SLOT_BODY not in html or SLOT_TITLE not in html:
            raise ReportError(Path("overrides"), "主题模板里找不到页面标题、目录或正文的位置，样例页面无法套用站点框架")
        return cls(tuple(SLOTS.split(squeezed(html))))

    def page(self, fragment: Fragment) -> str:
        """A report's page."""
        fill = {SLOT_TITLE: fragment.title, SLOT_TOC: fragment.toc, SLOT_BODY: fragment.body}
        return "".join(fill.get(part, part) for part in self.parts)
