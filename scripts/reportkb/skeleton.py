"""Skeleton reports: the parts of a meeting type in order, with notes and ×× to fill in.

A skeleton is written as report text and goes through the same stages as a report (`build`).
"""

from __future__ import annotations

from pathlib import Path

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
    """Name of the skeleton's Word file on the site."""
    return f"skeleton-{skeleton.id}.docx"


def saved_name(skeleton: Skeleton) -> str:
    """The name a skeleton is saved under when downloaded, as a sample's is (its title): in Chinese,
    年度民主生活会个人对照检查材料（骨架）.docx."""
    return skeleton.name.replace(" · ", "") + "对照检查材料（骨架）.docx"


def skeleton_source(skeleton: Skeleton, vocab: Vocab) -> Source:
    """The skeleton as a source, as if read from a text file."""
    return Source(Path(file_name(skeleton)).with_suffix(".txt"), skeleton_text(skeleton, vocab), 1, "utf-8")
