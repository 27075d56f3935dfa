"""A Python-Markdown extension for Chinese text: a line break in the source between two Chinese
characters (or full-width punctuation) is no space on the page.

A browser shows a source line break as a space, which is right between English words and wrong in
Chinese ("词语， 列出"). As CSS Text's segment-break rules would, the break (and the blanks around
it) is dropped when the characters on both sides are wide, and kept otherwise. It works on the
element tree, across inline elements ("列出\\n[例句](…)"), for every page the site's Markdown makes,
so that sources can stay wrapped; code is left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2026\u2014\U00020000-\U0003134f"
"""Chinese characters and full-width punctuation (with the curly quotes, … and — Chinese text uses)."""
INNER_BREAK = re.compile(f"(?<=[{WIDE}])[ \\t]*\\n[ \\t]*(?=[{WIDE}])")
"""A line break between two wide characters within one piece of text."""
EDGE_BREAK = re.compile(r"^[ \t]*\n[ \t]*|[ \t]*\n[ \t]*$")
"""A line break at the start or the end of a piece of text (its neighbour is in another piece)."""
IS_WIDE = re.compile(f"[{WIDE}]")
LEFT_ALONE = {"pre", "code", "script", "style", "kbd", "samp"}
"""Elements whose text is shown as written."""


def pieces(element: etree.Element) -> list[tuple[etree.Element, str]]:
    """The text pieces of a tree in reading order, as (element, "text" or "tail"); code left out."""
    out: list[tuple[etree.Element, str]] = []

    def visit(node: etree.Element) -> None:
        if node.tag not in LEFT_ALONE:
            out.append((node, "text"))
            for child in node:
                visit(child)
        out.append((node, "tail"))

    for child in element:
        visit(child)
    return out


def neighbours(texts: list[str]) -> list[tuple[str, str]]:
    """For each piece, the last character of the pieces before it and the first of those after ("" for none)."""
    before, after, last, first = [], [], "", ""
    for text in texts:
        before.append(last)
        last = text[-1] if text else last
    for text in reversed(texts):
        after.append(first)
        first = text[0] if text else first
    return list(zip(before, reversed(after), strict=True))


def joined(texts: list[str]) -> list[str]:
    """The pieces with the line breaks between wide characters taken out, also where a break ends
    one piece and its neighbour starts the next (a link, a bold word)."""
    out = [INNER_BREAK.sub("", t) for t in texts]
    around = neighbours(out)
    for i, text in enumerate(out):
        if "\n" not in text:
            continue
        before, after = around[i]

        def edge(match: re.Match[str], text: str = text, before: str = before, after: str = after) -> str:
            left = text[match.start() - 1] if match.start() else before
            right = text[match.end()] if match.end() < len(text) else after
            return "" if IS_WIDE.match(left or " ") and IS_WIDE.match(right or " ") else match.group()

        out[i] = EDGE_BREAK.sub(edge, text)
    return out


class ChineseLineBreaks(Treeprocessor):
    """Drops the source line breaks between wide characters."""

    def run(self, root: etree.Element) -> None:
        slots = pieces(root)
        texts = [getattr(node, attr) or "" for node, attr in slots]
        for (node, attr), old, new in zip(slots, texts, joined(texts), strict=True):
            if new != old:
                setattr(node, attr, new)


class ChineseExtension(Extension):
    """Registers ChineseLineBreaks after the inline patterns (so that links and emphasis are elements)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ChineseLineBreaks(md), "reportkb_cjk_breaks", 5)


def makeExtension(**kwargs) -> ChineseExtension:
    """What Python-Markdown calls for `reportkb.mdcjk` in mkdocs.yml."""
    return ChineseExtension(**kwargs)
