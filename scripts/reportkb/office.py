"""Stage 1 for old Word (.doc), WPS (.wps) and RTF files: converted to .docx by LibreOffice, then read
as any Word file.

LibreOffice, run headless, is the well-kept reader of these formats; nothing else reads WPS files.
It is used when it is installed (CI installs it); without it the keeper is told how to save the file
as .docx. The conversion is cached with the rest of the report's (build.Cache, by the file's hash),
so LibreOffice runs once per file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ReportError

SUFFIXES = {
    ".doc": "旧版 Word 格式（.doc）",
    ".wps": "WPS 文字格式（.wps）",
    ".rtf": "RTF 格式",
}
"""Formats LibreOffice converts, with how messages name them."""
SAVE_AS = "请在 Word 或 WPS 中打开，“另存为”Word 文档（.docx）后放进来"
"""What to do when a file cannot be converted."""
TIMEOUT = 120
"""Seconds LibreOffice may take for one file (it takes two or three, most of it starting up)."""
ENVIRONMENT = "REPORTKB_LIBREOFFICE"
"""Where LibreOffice is, when not on the PATH (tests set it to a missing one)."""


def libreoffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    given = os.environ.get(ENVIRONMENT)
    if given is not None:
        return given if Path(given).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, data: bytes) -> bytes:
    """The file converted to .docx by LibreOffice (its own profile, so that builds may run side by side)."""
    what = SUFFIXES[path.suffix.lower()]
    command = libreoffice()
    if command is None:
        raise ReportError(path, f"这是{what}，需要 LibreOffice 才能读取，这台电脑上没有安装：{SAVE_AS}")
    with tempfile.TemporaryDirectory(prefix="reportkb-office-") as folder:
        work = Path(folder)
        source = work / f"report{path.suffix.lower()}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        args = [
            command,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise ReportError(path, f"这是{what}，用 LibreOffice 转换失败或超时：{SAVE_AS}") from None
        converted = work / "report.docx"
        if not converted.is_file() or not converted.stat().st_size:
            raise ReportError(path, f"这是{what}，LibreOffice 无法转换（文件可能已损坏或设了密码）：{SAVE_AS}")
        return converted.read_bytes()
