"""Small helpers shared by the tests."""

from __future__ import annotations

import re

WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any whitespace, for comparisons that ignore it."""
    return WHITESPACE.sub("", text)


def body_of(report_text: str) -> str:
    """A report file's text without its front matter."""
    if report_text.startswith("---\n"):
        return report_text.split("\n---\n", 1)[1]
    return report_text


def convert(path, voc):
    """The annotated document model of one report file."""
    from reportkb import pipeline

    return pipeline.convert_file(path, voc)[0].report


def texts(report) -> list[str]:
    """The paragraphs a report's model gives back (what its Word copy is laid out from)."""
    return [text for _, text in report.paragraphs()]
