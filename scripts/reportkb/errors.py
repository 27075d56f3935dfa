"""The exceptions a bad input raises: they name the file and, where it helps, the line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ReportError(Exception):
    """A report or vocabulary file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        super().__init__(message)
        self.path = Path(path)
        self.message = message
        self.line = line

    def __reduce__(self):
        """Pickle with all three fields (errors come back from worker processes)."""
        return (ReportError, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"

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
