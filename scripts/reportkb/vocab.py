"""Vocabularies people edit without touching code: roles, metadata keywords, watermarks,
aspects, and the checker's rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    purpose: str = ""
    """What the part is for and what to write in it, for the structure guide."""


@dataclass(frozen=True)
class Theme:
    """A theme of the genre: 营商环境, 巡视整改, …"""

    id: str
    """ASCII name of its page."""
    name: str
    """Name shown on pages and used in front matter."""
    description: str
    """One sentence on what it covers."""
    keywords: tuple[str, ...]
    """Keywords (and variants) that tag a text with the theme."""


@dataclass(frozen=True)
class Aspect:
    """An aspect (方面) reports are organised by."""

    id: str
    """ASCII name of its page."""
    name: str
    """Name shown on pages: 理论学习, 工作作风."""
    keywords: tuple[str, ...]
    """Keywords that put a heading or headline under this aspect."""


@dataclass(frozen=True)
class CheckRules:
    """Rules of the draft checker."""

    required: dict[str, tuple[str, ...]]
    """Roles required always (`always`) and per meeting type and kind (年度, 年度个人)."""
    order: tuple[str, ...]
    """Usual order of the parts by role."""
    long_sentence: int
    """Longest sentence, in characters, before a suggestion to split it."""
    stock_phrases: tuple[tuple[str, int], ...]
    """Stock phrases and how often each may appear."""
    rules: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """Each rule's Chinese name, explanation and made-up bad example, for the 写作自查 page."""


@dataclass(frozen=True)
class Skeleton:
    """A report skeleton for one meeting type, offered as a Word file."""

    id: str
    """ASCII name of its file: annual-personal."""
    name: str
    """Meeting type shown on the structure page: 年度民主生活会 · 个人."""
    title: str
    """Title line, with ×× to fill in."""
    parts: tuple[str, ...]
    """Roles of its parts, in order."""


@dataclass(frozen=True)
class SkeletonPart:
    """How one part is written in every skeleton."""

    heading: str
    """Heading after the number: 存在的主要问题."""
    subsections: tuple[str, ...]
    """Headings of its subsections, or none."""
    text: str
    """Text under each subsection (or under the heading), with ×× to fill in."""


@dataclass(frozen=True)
class Skeletons:
    """Everything the skeleton files are made of."""

    types: tuple[Skeleton, ...] = ()
    """One skeleton per meeting type."""
    parts: dict[str, SkeletonPart] = field(default_factory=dict)
    """How each part is written, by role."""
    preamble: str = ""
    """Opening paragraph."""
    closing: str = ""
    """Closing paragraph."""


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
    aspects: tuple[Aspect, ...] = ()
    """Aspects, in the order listed."""
    themes: tuple[Theme, ...] = ()
    """Themes, in the order listed."""
    theme_mentions: int = 3
    """Mentions in the text that give a report without front matter themes a theme."""
    glossary: dict[str, str] = field(default_factory=dict)
    """Terms and their explanations."""
    check: CheckRules = CheckRules({}, (), 150, ())
    """Rules of `reportkb check`."""
    skeletons: Skeletons = Skeletons()
    """Skeleton reports for the structure page."""

    def role(self, role_id: str) -> Role:
        """A role by id (`other` for an unknown one)."""
        return next((r for r in self.roles if r.id == role_id), self.other)

    def role_name(self, role_id: str) -> str:
        """Chinese name of a role id."""
        return self.role(role_id).name

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
    return Role(entry["id"], entry["name"], tuple(str(k) for k in entry.get("keywords") or ()), str(entry.get("purpose", "")))


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


def _aspect(path: Path, entry: object) -> Aspect:
    """One aspect entry, checked."""
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("id", "name")) or not entry.get("keywords"):
        raise ReportError(path, f"方面条目应有 id、name 和 keywords：{entry!r}")
    return Aspect(page_id(path, entry["id"]), entry["name"], tuple(str(k) for k in entry["keywords"]))


def page_id(path: Path, text: str) -> str:
    """An id that names a page: lowercase ASCII letters, digits and -."""
    if not re.fullmatch(r"[a-z0-9-]+", text):
        raise ReportError(path, f"id 只能用小写字母、数字和 -：{text!r}")
    return text


def _theme(path: Path, entry: object) -> Theme:
    """One theme entry, checked."""
    keys = ("id", "name", "description")
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in keys) or not entry.get("keywords"):
        raise ReportError(path, f"主题条目应有 id、name、description 和 keywords：{entry!r}")
    return Theme(page_id(path, entry["id"]), entry["name"], entry["description"], tuple(str(k) for k in entry["keywords"]))


def _glossary(path: Path, data: dict) -> dict[str, str]:
    """Terms and explanations, checked."""
    terms = {}
    for entry in data.get("terms") or ():
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("explain"):
            raise ReportError(path, f"术语条目应有 term 和 explain：{entry!r}")
        terms[str(entry["term"])] = str(entry["explain"])
    return terms


def _check_rules(path: Path, data: dict, role_ids: tuple[str, ...]) -> CheckRules:
    """The checker's rules, checked against the roles."""
    required = {str(k): tuple(v or ()) for k, v in (data.get("required") or {}).items()}
    order = tuple(data.get("order") or ())
    unknown = sorted(({r for roles in required.values() for r in roles} | set(order)) - set(role_ids))
    if unknown:
        raise ReportError(path, f"未知的部分作用：{'、'.join(map(str, unknown))}（可用：{'、'.join(role_ids)}）")
    try:
        stock = tuple((str(e["phrase"]), int(e["max"])) for e in data.get("stock_phrases") or ())
        long_sentence = int(data.get("long_sentence", 150))
    except (KeyError, TypeError, ValueError):
        raise ReportError(path, "stock_phrases 的每一项应为 {phrase: 词语, max: 次数}，long_sentence 应为整数") from None
    rules = {
        str(k): (str(v.get("name", k)), str(v.get("explain", "")), str(v.get("bad", "")))
        for k, v in (data.get("rules") or {}).items()
    }
    return CheckRules(required, order, long_sentence, stock, rules)


def _skeletons(path: Path, data: dict, role_ids: tuple[str, ...]) -> Skeletons:
    """The skeletons, checked: known roles, every role a skeleton uses written out in `parts`."""
    parts = {}
    for role, entry in (data.get("parts") or {}).items():
        if not isinstance(entry, dict) or not entry.get("heading") or not entry.get("text"):
            raise ReportError(path, f"parts 下的 {role} 应有 heading 和 text")
        subsections = tuple(map(str, entry.get("subsections") or ()))
        parts[str(role)] = SkeletonPart(str(entry["heading"]), subsections, str(entry["text"]))
    types = []
    for entry in data.get("skeletons") or ():
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "name", "title", "parts")):
            raise ReportError(path, f"骨架条目应有 id、name、title 和 parts：{entry!r}")
        missing = [r for r in entry["parts"] if r not in parts or r not in role_ids]
        if missing:
            raise ReportError(path, f"骨架 {entry['id']} 用到的部分在 parts 或 roles.yml 中没有：{'、'.join(map(str, missing))}")
        types.append(Skeleton(page_id(path, entry["id"]), str(entry["name"]), str(entry["title"]), tuple(entry["parts"])))
    return Skeletons(tuple(types), parts, str(data.get("preamble", "")), str(data.get("closing", "")))


def load(vocab_dir: Path) -> Vocab:
    """Read and check every vocabulary file in `vocab_dir`."""
    names = ("roles.yml", "meta.yml", "watermarks.yml", "aspects.yml", "check.yml", "themes.yml", "glossary.yml", "skeletons.yml")
    roles_path, meta_path, marks_path, aspects_path, check_path, themes_path, glossary_path, skeletons_path = (
        vocab_dir / n for n in names
    )
    themes = read_yaml(themes_path)
    roles = read_yaml(roles_path)
    meta = read_yaml(meta_path)
    marks = read_yaml(marks_path)
    role_list = tuple(_role(roles_path, e) for e in roles.get("roles") or ())
    other = _role(roles_path, roles.get("other") or {"id": "other", "name": "其他"})
    role_ids = tuple(r.id for r in (*role_list, other))
    return Vocab(
        roles=role_list,
        other=other,
        kind=_keywords(meta_path, meta, "kind"),
        meeting=_keywords(meta_path, meta, "meeting"),
        watermarks=combined(tuple(_pattern(marks_path, p) for p in marks.get("patterns") or ())),
        aspects=tuple(_aspect(aspects_path, e) for e in read_yaml(aspects_path).get("aspects") or ()),
        check=_check_rules(check_path, read_yaml(check_path), role_ids),
        themes=tuple(_theme(themes_path, e) for e in themes.get("themes") or ()),
        theme_mentions=int(themes.get("min_mentions", 3)),
        glossary=_glossary(glossary_path, read_yaml(glossary_path)),
        skeletons=_skeletons(skeletons_path, read_yaml(skeletons_path), role_ids),
    )
