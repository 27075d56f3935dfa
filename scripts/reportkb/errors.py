"""The exceptions a bad input raises: they name the file and, where it helps, the line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

LINE = "行"
"""What a line number counts in a text file (model.LINE)."""


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
