"""The exceptions a bad input raises: they name the file and, where it helps, the line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

LINE = "行"
"""What a line number counts in a text file (model.LINE)."""
TEXT_MAX = 500_000
"""Most characters a report file may hold: a report has ten or twenty thousand, a collection page of
several reports a hundred thousand or two; past it the file is no report, and reading it would take minutes."""
LINES_MAX = 50_000
"""Most lines (paragraphs of a Word file) a report file may hold: a PDF copy of a collection has some thousands."""


class ReportError(Exception):
    """A report or vocabulary file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, unit: str = LINE):
        super().__init__(message)
        self.path = Path(path)
        self.message = message
        self.line = line
        self.unit = unit
        """What `line` counts: 行 (a line of a text file, shown as path:line) or 段 (a paragraph of a Word file)."""

    def __reduce__(self):
        """Pickle with every field (errors come back from worker processes)."""
        return (ReportError, (self.path, self.message, self.line, self.unit))

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        if self.unit == LINE:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}（第 {self.line} {self.unit}）: {self.message}"

    def lines(self) -> list[str]:
        """The error as lines to print, one per mistake."""
        return [str(self)]


def too_long(path: Path | str, chars: int, lines: int, unit: str = LINE) -> ReportError | None:
    """The error for a file longer than any report (TEXT_MAX characters, LINES_MAX lines), or None."""
    what = f"{chars // 10_000} 万字" if chars > TEXT_MAX else f"{lines} {unit}" if lines > LINES_MAX else ""
    usual = "一两万字" if chars > TEXT_MAX else f"几百{unit}"
    if not what:
        return None
    return ReportError(path, f"文件有 {what}，远多于一篇对照检查材料（通常{usual}），不像一篇材料：请确认放对了文件")


class VocabError(ReportError):
    """Every mistake found in the vocabulary files, one line each."""

    def __init__(self, mistakes: Sequence[ReportError]):
        first = mistakes[0]
        super().__init__(first.path, first.message, first.line)
        self.mistakes = tuple(mistakes)

    def __reduce__(self):
        """Pickle with every mistake."""
        return (VocabError, (self.mistakes,))

    def __str__(self) -> str:
        return "\n".join(map(str, self.mistakes))

    def lines(self) -> list[str]:
        """One line per mistake."""
        return [str(m) for m in self.mistakes]
