"""`make site` after adding, removing or editing a report rebuilds only what changed (`mkdocs build
--dirty` with the conversion leaving unchanged files untouched), and the site is exactly what a
full build from scratch makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT, make_project, mkdocs_build

WEB_COPY = ROOT / "tests" / "fixtures" / "web-copy.txt"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by its path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_changed_corpus_rebuilds_only_what_changed_and_equals_a_full_build(tmp_path, tmp_path_factory):
    project = make_project(tmp_path)
    first = mkdocs_build(project, "--dirty")  # no site yet: everything is built
    assert first.returncode == 0, first.stderr
    untouched = project / "site" / "reports" / "ju-dangzu-2022-team.html"
    built_at = untouched.stat().st_mtime_ns
    reports = project / "reports"
    shutil.copy(WEB_COPY, reports / "web-copy.txt")  # added
    (reports / "shenpiju-2022-annual-personal.txt").unlink()  # removed
    edited = reports / "xunshi-2021-district-head.txt"
    edited.write_text(edited.read_text("utf-8").replace("批评指正", "批评指正。", 1), "utf-8")
    again = mkdocs_build(project, "--dirty")
    assert again.returncode == 0, again.stderr
    assert "dirty" not in again.stderr.lower() and "stale" not in again.stderr.lower()
    assert untouched.stat().st_mtime_ns == built_at, "an unchanged report's page is not rebuilt"
    assert not (project / "site" / "reports" / "shenpiju-2022-annual-personal.html").exists()

    full = tmp_path_factory.mktemp("full")  # the same sources, built from scratch
    make_project(full, {p.name: p.read_bytes() for p in reports.iterdir()})
    scratch = mkdocs_build(full)
    assert scratch.returncode == 0, scratch.stderr
    assert tree(project / "site") == tree(full / "site")


def test_a_change_to_the_templates_rebuilds_every_page(tmp_path):
    project = make_project(tmp_path)
    assert mkdocs_build(project, "--dirty").returncode == 0
    page = project / "site" / "reports" / "ju-dangzu-2022-team.html"
    built_at = page.stat().st_mtime_ns
    overrides = project / "overrides" / "main.html"
    overrides.write_text(overrides.read_text("utf-8") + "{#- changed -#}\n", "utf-8")
    again = mkdocs_build(project, "--dirty")
    assert again.returncode == 0, again.stderr
    assert "重建全部页面" in again.stderr
    assert page.stat().st_mtime_ns > built_at


def test_a_warning_is_seen_again_by_the_next_build(tmp_path):
    project = make_project(tmp_path)
    home = project / "docs" / "index.md"
    home.write_text(home.read_text("utf-8") + "\n[断开的链接](nowhere.md)\n", "utf-8")
    first = mkdocs_build(project, "--dirty")
    assert first.returncode == 1 and "nowhere.md" in first.stderr
    again = mkdocs_build(project, "--dirty")  # nothing changed: the page with the warning is built again
    assert again.returncode == 1 and "nowhere.md" in again.stderr
