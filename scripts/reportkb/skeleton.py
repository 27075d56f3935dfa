"""Skeleton reports: the parts of a meeting type in order, with notes and ×× to fill in, as Word files."""

from __future__ import annotations

from pathlib import Path

from . import docx_write
from .convert import Conversion, convert_source
from .numbering import cn_numeral
from .source import Source
from .vocab import Skeleton, Vocab

NOTE = "（写法提示：{purpose}）"
"""The one-line note under each part's heading."""


def skeleton_text(skeleton: Skeleton, vocab: Vocab) -> str:
    """The skeleton as report text: title, opening, numbered parts with notes and subsections, closing."""
    kit = vocab.skeletons
    lines = [skeleton.title, kit.preamble]
    for number, role in enumerate(skeleton.parts, start=1):
        part = kit.parts[role]
        lines += [f"{cn_numeral(number)}、{part.heading}", NOTE.format(purpose=vocab.role(role).purpose)]
        for sub, heading in enumerate(part.subsections, start=1):
            lines += [f"（{cn_numeral(sub)}）{heading}", part.text]
        if not part.subsections:
            lines.append(part.text)
    lines.append(kit.closing)
    return "\n".join(line for line in lines if line)


def file_name(skeleton: Skeleton) -> str:
    """Name of the skeleton's Word file."""
    return f"skeleton-{skeleton.id}.docx"


def convert_skeleton(skeleton: Skeleton, vocab: Vocab) -> Conversion:
    """The skeleton through the same stages as a report."""
    name = Path(file_name(skeleton)).with_suffix(".txt")
    return convert_source(Source(name, skeleton_text(skeleton, vocab), 1, "utf-8"), vocab)


def skeleton_files(vocab: Vocab) -> dict[str, bytes]:
    """Every skeleton as a .docx, by file name."""
    files = {}
    for skeleton in vocab.skeletons.types:
        conversion = convert_skeleton(skeleton, vocab)
        files[file_name(skeleton)] = docx_write.report_docx(conversion.report, conversion.paragraphs)
    return files
