"""Where things are: the project's folders, the folders of docs/ the build owns, and the pages and
files of the site that Python writes and the pages' scripts link to.

Every module that names a folder, a page or a URL of the site asks here. A page is named by its
source under docs/ (`themes/lilun.md`, what a Markdown link of a generated page points to, so that
MkDocs checks it) and reached at its URL (`themes/lilun.html`, what HTML and the scripts link to);
`page_config()` hands the URL patterns to the pages' scripts.
"""

from __future__ import annotations

from urllib.parse import quote

# ---------------------------------------------------------------- the project

REPORTS = "reports"
"""The keeper's folder of report files (read, never written)."""
VOCAB = "vocab"
"""The vocabularies."""
DOCS = "docs"
"""The site's sources: hand-written pages, and the folders the build writes (GENERATED)."""
BUILD = "build"
"""What builds keep: the conversion cache, the runtime download, bench results."""
CACHE = f"{BUILD}/cache"
"""Conversions and search grams kept between builds."""
PROJECT_MARK = f"{VOCAB}/roles.yml"
"""The file that makes a folder a project (the CLI looks for it upwards)."""
SITE_SOURCES = ("mkdocs.yml", "overrides", "scripts", VOCAB)
"""What, besides docs/ and reports/, every page is made from: a change to any of them rebuilds the whole site."""
SOURCES_STAMP = f"{BUILD}/site-sources.sha256"
"""The fingerprint of SITE_SOURCES of the last site build that ended without a warning."""

# ---------------------------------------------------------------- docs/ and the site

REPORT_PAGES = "reports"
"""The folder of the report pages (and of the search data, the Word copies and the list of reports)."""
CHECKER = "check"
"""The folder of 写作自查 (and of the checker's runtime and bundle)."""
THEMES, ASPECTS, STRUCTURE, COMPARE, GLOSSARY = "themes", "aspects", "structure", "compare", "glossary"
"""The folders of the other generated pages."""
GENERATED = (REPORT_PAGES, CHECKER, THEMES, ASPECTS, STRUCTURE, COMPARE, GLOSSARY)
"""Folders under docs/ that the build owns; everything in them is generated."""
PHRASES = "phrases/index.md"
"""The 例句检索 page (hand-written)."""
QUERY = "kw"
"""The 例句检索 page's query parameter (its filters are named after the search data's fields)."""
PAGE_SUFFIX = ".html"
"""The suffix of a page's URL (the site is built with use_directory_urls: false)."""


def doc(folder: str, name: str = "index") -> str:
    """A generated Markdown page's source under docs/: themes/lilun.md."""
    return f"{folder}/{name}.md"


def url(page: str, anchor: str = "") -> str:
    """A page's URL from the site's root (from its source under docs/ or its URL), with an anchor."""
    base = page.removesuffix(".md") + PAGE_SUFFIX if page.endswith(".md") else page
    return base + (f"#{anchor}" if anchor else "")


def report_page(slug: str) -> str:
    """A report page's file under docs/ and in the site: reports/<slug>.html (written as HTML, not Markdown)."""
    return f"{REPORT_PAGES}/{slug}{PAGE_SUFFIX}"


def word_copy(slug: str) -> str:
    """A report's Word copy, beside its page."""
    return f"{REPORT_PAGES}/{slug}.docx"


def phrases_url(keyword: str = "") -> str:
    """例句检索 for a keyword, from the site's root."""
    return url(PHRASES) + (f"?{QUERY}={quote(keyword)}" if keyword else "")


def up(path: str) -> str:
    """A path from the site's root as seen from a generated page (every one is a folder deep)."""
    return f"../{path}"


def page_config() -> dict[str, str]:
    """The URL patterns the pages' scripts build links with (written into every page, see overrides/main.html)."""
    return {"report": report_page("{slug}"), "phrases": url(PHRASES), "query": QUERY}
