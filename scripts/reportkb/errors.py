"""The one exception a bad input raises: it names the file and, where it helps, the line."""

from __future__ import annotations

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
