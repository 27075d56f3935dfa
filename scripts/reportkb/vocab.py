"""Vocabularies people edit without touching code: roles, metadata keywords, watermarks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ReportError


@dataclass(frozen=True)
class Role:
    """A role a top-level part can play."""

    id: str
    """Identifier used in anchors, front matter and CSS: problems, causes, …"""
    name: str
    """Chinese name shown on badges."""
    keywords: tuple[str, ...]
    """Title keywords that give the part this role."""


@dataclass(frozen=True)
class Vocab:
    """Everything read from `vocab/`."""

    roles: tuple[Role, ...]
    """Roles in the order they are tried."""
    other: Role
    """The role of a part no keyword matches."""
    kind: dict[str, tuple[str, ...]]
    """个人/班子 with their title keywords, in the order tried."""
    meeting: dict[str, tuple[str, ...]]
    """年度/专题 with their title keywords, in the order tried."""
    watermarks: tuple[re.Pattern[str], ...]
    """Watermark patterns removed wherever they occur (the file's patterns, combined into one)."""

    def role_name(self, role_id: str) -> str:
        """Chinese name of a role id."""
        return next((r.name for r in (*self.roles, self.other) if r.id == role_id), role_id)

    @property
    def role_ids(self) -> tuple[str, ...]:
        """Every role id, `other` last."""
        return (*(r.id for r in self.roles), self.other.id)


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster), else the pure-Python one."""


def parse_yaml(text: str) -> object:
    """YAML text as plain data, with the safe loader."""
    return yaml.load(text, Loader=SAFE_LOADER)


def read_yaml(path: Path) -> dict:
    """A YAML mapping read with `safe_load` from `utf-8-sig`; errors name the file and line."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ReportError(path, "找不到该文件") from None
    except UnicodeDecodeError:
        raise ReportError(path, "不是 UTF-8 编码的文本") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ReportError(path, f"YAML 格式有误：{getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ReportError(path, "内容应为 YAML 映射（键: 值）")
    return data


def _role(path: Path, entry: object) -> Role:
    """One role entry, checked."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(entry.get("name"), str):
        raise ReportError(path, f"角色条目应有 id 和 name：{entry!r}")
    return Role(entry["id"], entry["name"], tuple(str(k) for k in entry.get("keywords") or ()))


def _keywords(path: Path, data: dict, key: str) -> dict[str, tuple[str, ...]]:
    """A value → keywords mapping, checked."""
    table = data.get(key) or {}
    if not isinstance(table, dict):
        raise ReportError(path, f"{key} 应为映射（值: [关键词, …]）")
    return {str(value): tuple(str(k) for k in words or ()) for value, words in table.items()}


def _pattern(path: Path, text: object) -> re.Pattern[str]:
    """A watermark pattern, compiled."""
    try:
        return re.compile(str(text))
    except re.error as exc:
        raise ReportError(path, f"水印正则表达式有误：{text!r}（{exc}）") from None


def combined(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """The watermark patterns as one alternation, so that each line is scanned once."""
    if len(patterns) < 2:
        return patterns
    return (re.compile("|".join(f"(?:{p.pattern})" for p in patterns)),)


def load(vocab_dir: Path) -> Vocab:
    """Read and check every vocabulary file in `vocab_dir`."""
    roles_path, meta_path, marks_path = (vocab_dir / n for n in ("roles.yml", "meta.yml", "watermarks.yml"))
    roles = read_yaml(roles_path)
    meta = read_yaml(meta_path)
    marks = read_yaml(marks_path)
    return Vocab(
        roles=tuple(_role(roles_path, e) for e in roles.get("roles") or ()),
        other=_role(roles_path, roles.get("other") or {"id": "other", "name": "其他"}),
        kind=_keywords(meta_path, meta, "kind"),
        meeting=_keywords(meta_path, meta, "meeting"),
        watermarks=combined(tuple(_pattern(marks_path, p) for p in marks.get("patterns") or ())),
    )
