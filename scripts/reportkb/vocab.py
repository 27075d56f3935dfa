"""Vocabularies people edit without touching code: roles, metadata keywords, genre words,
watermarks, aspects, themes, glossary, skeletons and the checker's rules.

Every file is checked when it is loaded; each mistake is one line naming the file, the key and
the line (`VocabError`). Code asks the vocabulary what a role does (`chain_role`, `Role.short`,
`Role.colour`, `order`, `CheckRules.required`) and never compares with a literal role id; the
rules check.yml may describe are those check.py registers (`check.RULES`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ReportError, VocabError

CHAIN_STEPS = ("problem", "cause", "measure")
"""Places a role can take in the problem → cause → measure chain (`chain:` in roles.yml)."""
SEVERITIES = {"error": "错误", "warning": "提醒", "suggestion": "建议"}
"""Severities of a rule, most serious first, with their Chinese names."""
DEFAULT_COLOUR = "#757575"
"""Colour of a role's badges when roles.yml gives none."""
ALWAYS = "always"
"""Key of `required` (check.yml) for the parts every report needs."""
FILES = ("roles", "meta", "genre", "watermarks", "aspects", "themes", "glossary", "check", "skeletons")
"""The vocabulary files, NAME.yml in the vocabulary folder."""


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
    short: str = ""
    """Short name for links in the chain table: 问题, 原因, 措施."""
    chain: str | None = None
    """Place in the problem → cause → measure chain (one of CHAIN_STEPS), or None."""
    signals: tuple[str, ...] = ()
    """Words a part of this role says in its text (不够, 加强): evidence when its title is not clear."""
    colour: str = DEFAULT_COLOUR
    """Colour of its badges (#rrggbb)."""


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
    explains: tuple[str, ...] = ()
    """Names of the other aspects whose problems a cause about this one explains (理想信念 explains
    理论学习): causes are analysed as roots, not one per problem."""
    answers: tuple[str, ...] = ()
    """Names of the other aspects whose problems a measure about this one answers (fewer: a measure is
    concrete, 坚定理想信念 answers a 理论学习 problem but not an 作风 one)."""

    def covers(self, problem: str, step: str) -> bool:
        """Does a cause (step "cause") or a measure ("measure") about this aspect explain or answer a
        problem about the aspect named `problem`?"""
        return problem == self.name or problem in (self.explains if step == "cause" else self.answers)


@dataclass(frozen=True)
class Term:
    """A term of the glossary."""

    term: str
    """The term as the glossary lists it: 中央八项规定."""
    explain: str
    """What it means, in a sentence."""
    aliases: tuple[str, ...] = ()
    """Other ways reports write it (八项规定): the same entry, the same explanation."""


@dataclass(frozen=True)
class Rule:
    """One rule of the draft checker, as the vocabulary describes it."""

    severity: str
    """error, warning or suggestion."""
    name: str
    """Chinese name on the 写作自查 page."""
    explain: str
    """One or two sentences on what the rule asks."""
    bad: str = ""
    """A made-up example of the fault, for rules the samples never break."""
    on_samples: bool = True
    """Is it about the writing, listed on sample pages? (Not when it is about the copy: residue, placeholders.)"""


@dataclass(frozen=True)
class Requirement:
    """Parts a report must have, for every report or for one meeting type and/or kind."""

    roles: tuple[str, ...]
    """Roles of the parts required."""
    meeting: str | None = None
    """Meeting type it applies to (年度), or None for any."""
    kind: str | None = None
    """Kind it applies to (个人), or None for any."""


@dataclass(frozen=True)
class CheckRules:
    """Rules of the draft checker."""

    required: tuple[Requirement, ...] = ()
    """Parts required always and per meeting type and kind."""
    long_sentence: int = 150
    """Longest sentence, in characters, before a suggestion to split it."""
    stock_phrases: tuple[tuple[str, int], ...] = ()
    """Stock phrases and how often each may appear."""
    set_phrases: tuple[str, ...] = ()
    """The genre's set wording, which 查重 never counts as copied (with the glossary's terms: Vocab.set_phrases)."""
    rules: dict[str, Rule] = field(default_factory=dict)
    """Every rule by id, in the order the 写作自查 page explains them."""


@dataclass(frozen=True)
class Genre:
    """Words of the genre the reader looks for."""

    title_endings: tuple[str, ...]
    """How a title ends: 对照检查材料, 发言提纲."""
    closing_starts: tuple[str, ...]
    """Words the closing paragraph opens with."""
    closing_phrases: tuple[str, ...]
    """Phrases of which one follows soon after (敬请各位同志批评指正)."""
    year_context: tuple[str, ...]
    """A year in the opening text counts when one of these follows it closely."""
    example: tuple[str, ...]
    """Words that introduce a concrete example."""
    first_person: tuple[str, ...]
    """Words of first-person detail."""
    title_breaks: tuple[str, ...] = ()
    """Words a long title is broken before, if it can be (民主生活会, 对照检查材料)."""
    title_words: tuple[str, ...] = ()
    """Words a title's line breaks must not cut (with title_breaks, the title endings and keywords: Vocab.title_words)."""


@dataclass(frozen=True)
class Furniture:
    """What websites and PDF copies leave in a report, by shape (watermarks.yml)."""

    watermarks: tuple[re.Pattern[str], ...]
    """Watermark patterns of known sites, removed wherever they occur (combined into one)."""
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    """Kinds of whole lines that are furniture, each with its patterns combined into one."""
    fragments: tuple[tuple[str, re.Pattern[str]], ...]
    """Kinds of pieces of a line that are furniture, each with its patterns combined into one."""
    line_max: int
    """Longest line removed as furniture; a longer one that looks like it is kept and reported."""
    not_sites: frozenset[str]
    """Words that end like a site's name but belong to reports (互联网)."""
    report_markers: tuple[re.Pattern[str], ...]
    """Lines that starts a report of a collection (【第二篇】, 篇二：标题, 标题范文二): a file with two or
    more is split; the group `title`, when the line has one, is the report's title and stays."""
    whole_lines: re.Pattern[str] | None = None
    """Lines that are furniture whatever their length or numbering (the site's own 【提纲】 summary)."""
    lists: re.Pattern[str] | None = None
    """Lines that head a list of other articles (相关推荐：): they and the titles under them are furniture."""
    any_line: re.Pattern[str] = re.compile("(?!)")
    """Every kind of line at once (one scan tells most lines apart)."""


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
    order: tuple[str, ...]
    """The usual order of the parts, by role: the structure guide, side-by-side pages, part-order rule."""
    kind: dict[str, tuple[str, ...]]
    """个人/班子 with their title keywords, in the order tried."""
    meeting: dict[str, tuple[str, ...]]
    """Meeting types (年度, 专题, 组织生活会) with the keywords that name them, in the order tried."""
    meeting_names: dict[str, str]
    """Name of each meeting type as pages show it: 年度民主生活会."""
    furniture: Furniture
    genre: Genre
    """Words of the genre the reader looks for."""
    meeting_hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Meeting types with words that only suggest them (检视剖析): used when no keyword is found."""
    kind_in_opening: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """个人/班子 with phrases of the opening text that say it (现将个人对照检查情况)."""
    aspects: tuple[Aspect, ...] = ()
    """Aspects, in the order listed."""
    themes: tuple[Theme, ...] = ()
    """Themes, in the order listed."""
    theme_mentions: int = 3
    """Mentions in the text that give a report without front matter themes a theme."""
    terms: tuple[Term, ...] = ()
    """Terms of the glossary, in the order listed."""
    check: CheckRules = CheckRules()
    """Rules of `reportkb check`."""
    skeletons: Skeletons = Skeletons()
    """Skeleton reports for the structure page."""

    @functools.cached_property
    def glossary(self) -> dict[str, str]:
        """Every way a term is written (the term and its other names) and its explanation."""
        return {form: t.explain for t in self.terms for form in (t.term, *t.aliases)}

    @functools.cached_property
    def set_phrases(self) -> tuple[str, ...]:
        """The genre's set wording, never counted as copied by 查重: check.yml's `set_phrases` and every
        way a glossary term is written."""
        return tuple(dict.fromkeys((*self.check.set_phrases, *self.glossary)))

    @functools.cached_property
    def title_words(self) -> tuple[str, ...]:
        """Words a title's line breaks in the Word copy must not cut: genre.yml's `title_words` and
        `title_breaks`, the title endings, and the keywords of themes and aspects."""
        words = {*self.genre.title_words, *self.genre.title_breaks, *self.genre.title_endings}
        words |= {k for group in (*self.themes, *self.aspects) for k in group.keywords}
        return tuple(sorted(words))

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

    def chain_role(self, step: str) -> str | None:
        """Id of the role that takes this place (problem, cause, measure) in the chain."""
        return next((r.id for r in self.roles if r.chain == step), None)

    @property
    def chain_roles(self) -> tuple[str, ...]:
        """Roles of the chain, in chain order: problems → causes → measures."""
        return tuple(r for r in map(self.chain_role, CHAIN_STEPS) if r)


# ---------------------------------------------------------------- YAML with lines


class Located(dict):
    """A YAML mapping that remembers the line of each key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 0
        """Line where the mapping starts (1-based; 0 when unknown)."""
        self.lines: dict = {}
        """Line of each key."""

    def line_of(self, key: object) -> int:
        """Line of a key (of the mapping itself when the key is absent)."""
        return self.lines.get(key, self.line)


class LocatedList(list):
    """A YAML sequence that remembers the line of each item."""

    def __init__(self, *args):
        super().__init__(*args)
        self.line = 0
        """Line where the sequence starts (1-based; 0 when unknown)."""
        self.lines: list = []
        """Line of each item."""


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster), else the pure-Python one."""


class LineLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, building Located mappings and lists and refusing duplicate keys."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> Located:
    """A mapping with the line of each key; a key written twice is an error at its second place."""
    loader.flatten_mapping(node)
    data = Located()
    data.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            raise yaml.constructor.ConstructorError(None, None, f"键 {key!r} 写了两次", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1
    return data


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> LocatedList:
    """A list with the line of each item."""
    data = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    data.line, data.lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
    return data


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str) -> object:
    """YAML text as plain data, with the safe loader."""
    return yaml.load(text, Loader=SAFE_LOADER)


YAML_PROBLEMS = {
    "mapping values are not allowed": "值里有冒号（可以给整个值加引号）",
    "could not find expected ':'": "缺少冒号",
    "found character that cannot start any token": "有不能出现在这里的字符（如制表符、@、`）",
    "found a tab character": "用了制表符缩进（请用空格）",
    "did not find expected key": "缩进不对",
    "expected <block end>": "缩进不对",
    "did not find expected ',' or ']'": "方括号列表缺少逗号或没有闭合",
    "did not find expected ',' or '}'": "花括号缺少逗号或没有闭合",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found undefined alias": "用了没有定义的别名（*）",
    "did not find expected node content": "缺少值",
    "found unknown escape character": "双引号里的反斜杠 \\ 后面的字符无效（可改用单引号）",
}
"""libyaml's problems in Chinese, by the start of their English text; what the loader itself says is Chinese already."""


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong in a YAML text, in Chinese."""
    problem = str(getattr(exc, "problem", None) or "")
    said = next((chinese for english, chinese in YAML_PROBLEMS.items() if problem.startswith(english)), None)
    return said or (problem if problem and not problem.isascii() else "写法不对")


def yaml_error(path: Path, exc: yaml.YAMLError, prefix: str = "YAML 格式有误") -> ReportError:
    """A YAML syntax error as a ReportError with its line."""
    mark = getattr(exc, "problem_mark", None)
    return ReportError(path, f"{prefix}：{yaml_problem(exc)}", mark.line + 1 if mark else None)


def read_yaml(path: Path, loader: type = SAFE_LOADER) -> dict:
    """A YAML mapping read with the safe loader from `utf-8-sig`; errors name the file and line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)
    except FileNotFoundError:
        raise ReportError(path, "找不到该文件") from None
    except UnicodeDecodeError:
        raise ReportError(path, "不是 UTF-8 编码的文本") from None
    except yaml.YAMLError as exc:
        raise yaml_error(path, exc) from None
    if not isinstance(data, dict):
        raise ReportError(path, "内容应为 YAML 映射（键: 值）", 1)
    return data


# ---------------------------------------------------------------- checked reading


@dataclass(frozen=True)
class Kind:
    """What a value must be: a test, a Chinese hint for the message, and how to keep it."""

    test: Callable[[Any], bool]
    """Is the value acceptable?"""
    hint: str
    """What it should be, for the message: 非空文字."""
    convert: Callable[[Any], Any] = lambda v: v
    """The value as the vocabulary keeps it."""


def _is_words(value: object) -> bool:
    """A non-empty list of non-empty strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(w, str) and w for w in value)


TEXT = Kind(lambda v: isinstance(v, str) and bool(v.strip()), "非空文字")
COUNT = Kind(lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "正整数")
WORDS = Kind(_is_words, "非空的词语列表，如 [理论学习, 理论武装]", tuple)
PAGE_ID = Kind(lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9-]+", v) is not None, "小写字母、数字和 - 组成的 id")
FLAG = Kind(lambda v: isinstance(v, bool), "true 或 false")
MAPPING = Kind(lambda v: isinstance(v, dict), "映射（键: 值）")
CHOICES = Kind(lambda v: isinstance(v, dict) and bool(v), "非空的映射（每个可选的值一行，值: 关键词）")
COLOUR = Kind(lambda v: isinstance(v, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", v) is not None, '颜色，如 "#c62828"')
ENTRIES = Kind(
    lambda v: isinstance(v, list) and bool(v) and all(isinstance(e, dict) for e in v), "非空的条目列表（每项为 键: 值）"
)
TEXTS = Kind(lambda v: isinstance(v, list) and all(isinstance(w, str) and w for w in v), "文字列表", tuple)
MISSING = object()
"""Default of a required key."""


@dataclass
class Reader:
    """Reads one vocabulary file, collecting one mistake per line instead of stopping at the first."""

    path: Path
    """The file."""
    mistakes: list[ReportError]
    """Mistakes found so far (shared by every file of the vocabulary)."""
    misspelt: set[int] = field(default_factory=set)
    """Tables (by id) with an unknown key: a key missing there is taken to be that one, misspelt."""

    def mistake(self, where: str, message: str, line: int | None) -> None:
        """Note a mistake at a key."""
        self.mistakes.append(ReportError(self.path, f"{where}：{message}" if where else message, line))

    def get(self, table: dict, key: str, kind: Kind, where: str = "", default: Any = MISSING) -> Any:
        """The value of a key, checked; a mistake (and the default, or None) when it is missing or wrong."""
        where = f"{where}.{key}" if where else key
        line = table.line_of(key) if isinstance(table, Located) else None
        if key not in table or table[key] is None:
            if default is not MISSING:
                return default
            if id(table) not in self.misspelt:
                self.mistake(where, f"缺少这一项（应为{kind.hint}）", line)
            return None
        value = table[key]
        if not kind.test(value):
            self.mistake(where, f"应为{kind.hint}，写的是 {value!r}", line)
            return None if default is MISSING else default
        return kind.convert(value)

    def table(self, table: dict, key: str, where: str = "", kind: Kind = MAPPING) -> Located:
        """A mapping under a key; when it is missing or not a mapping (one mistake), an empty one whose
        missing keys are not mistakes again."""
        found = self.get(table, key, kind, where)
        if found is None:
            found = Located()
            self.misspelt.add(id(found))
        return found

    def only(self, table: dict, allowed: tuple[str, ...], where: str = "") -> None:
        """A mistake for each key the file does not use (a typo would otherwise be ignored)."""
        for key in table:
            if key not in allowed:
                place = f"{where}.{key}" if where else str(key)
                line = table.line_of(key) if isinstance(table, Located) else None
                self.mistake(place, f"未知的键（可用：{'、'.join(allowed)}）", line)
                self.misspelt.add(id(table))

    def entries(self, table: dict, key: str, where: str = "", required: bool = True) -> Iterator[tuple[str, Located]]:
        """(place, entry) of each mapping in a list of entries."""
        items = self.get(table, key, ENTRIES, where, MISSING if required else [])
        for i, entry in enumerate(items or ()):
            yield f"{key}[{i + 1}]", entry

    def unique(self, entries: list[tuple[str, Located]], key: str) -> None:
        """A mistake for each entry whose `key` repeats an earlier one."""
        seen: set = set()
        for where, entry in entries:
            value = entry.get(key)
            if isinstance(value, str) and value in seen:
                self.mistake(f"{where}.{key}", f"{value!r} 重复了", entry.line_of(key))
            seen.add(value)

    def known(self, values: object, allowed: tuple[str, ...] | None, where: str, line: int | None, what: str) -> None:
        """A mistake for each value not among the allowed ones (role ids, meeting types); None allows
        anything (the file that defines them has mistakes of its own, said already)."""
        if allowed is None:
            return
        for value in values if isinstance(values, (list, tuple)) else [values]:
            if value not in allowed:
                self.mistake(where, f"未知的{what} {value!r}（可用：{'、'.join(allowed)}）", line)


# ---------------------------------------------------------------- the files


def _roles(r: Reader, data: dict) -> tuple[tuple[Role, ...], Role, tuple[str, ...]]:
    """Roles, the `other` role and the usual order, checked."""
    r.only(data, ("roles", "other", "order"))
    entries = list(r.entries(data, "roles"))
    r.unique(entries, "id")
    roles = []
    for where, e in entries:
        r.only(e, ("id", "name", "short", "keywords", "purpose", "chain", "signals", "colour"), where)
        chain = r.get(e, "chain", TEXT, where, None)
        if chain is not None and chain not in CHAIN_STEPS:
            r.mistake(f"{where}.chain", f"应为 {'、'.join(CHAIN_STEPS)} 之一，写的是 {chain!r}", e.line_of("chain"))
        role_id, name = r.get(e, "id", PAGE_ID, where) or "", r.get(e, "name", TEXT, where) or ""
        keywords, purpose = r.get(e, "keywords", WORDS, where) or (), r.get(e, "purpose", TEXT, where, "")
        colour = r.get(e, "colour", COLOUR, where, DEFAULT_COLOUR)
        signals = r.get(e, "signals", WORDS, where, ()) or ()
        roles.append(Role(role_id, name, keywords, purpose, r.get(e, "short", TEXT, where, name), chain, signals, colour))
    steps = [(where, e) for (where, e), role in zip(entries, roles, strict=True) if role.chain]
    r.unique(steps, "chain")
    clean = not r.mistakes
    other_entry = r.table(data, "other")
    r.only(other_entry, ("id", "name", "purpose", "colour"), "other")
    other_name = r.get(other_entry, "name", TEXT, "other") or "其他"
    other = Role(
        r.get(other_entry, "id", PAGE_ID, "other") or "other",
        other_name,
        (),
        r.get(other_entry, "purpose", TEXT, "other", ""),
        colour=r.get(other_entry, "colour", COLOUR, "other", DEFAULT_COLOUR),
    )
    ids = tuple(x.id for x in (*roles, other))
    order = r.get(data, "order", WORDS) or ()
    r.known(order, ids if clean else None, "order", data.line_of("order"), "部分作用")
    return tuple(roles), other, order


def _keyword_table(r: Reader, data: dict, key: str) -> dict[str, tuple[str, ...]]:
    """A value → keywords mapping (meta.yml), checked."""
    table = r.table(data, key, kind=CHOICES)
    return {str(value): r.get(table, value, WORDS, key) or () for value in table}


@dataclass(frozen=True)
class MetaWords:
    """What meta.yml says: kinds and meeting types, with the words that tell them."""

    kind: dict[str, tuple[str, ...]]
    meeting: dict[str, tuple[str, ...]]
    meeting_names: dict[str, str]
    meeting_hints: dict[str, tuple[str, ...]]
    kind_in_opening: dict[str, tuple[str, ...]]


def _meta(r: Reader, data: dict) -> MetaWords:
    """Kinds with their keywords (in titles and in opening text); meeting types with their names,
    keywords and hints."""
    r.only(data, ("kind", "meeting", "kind_in_opening"))
    table = r.table(data, "meeting", kind=CHOICES)
    keywords, names, hints = {}, {}, {}
    for value in table:
        entry = r.table(table, value, "meeting")
        r.only(entry, ("name", "keywords", "hints"), f"meeting.{value}")
        names[str(value)] = r.get(entry, "name", TEXT, f"meeting.{value}") or str(value)
        keywords[str(value)] = r.get(entry, "keywords", WORDS, f"meeting.{value}") or ()
        hints[str(value)] = r.get(entry, "hints", WORDS, f"meeting.{value}", ()) or ()
    kinds = _keyword_table(r, data, "kind")
    opening = _keyword_table(r, data, "kind_in_opening") if "kind_in_opening" in data else {}
    r.known(list(opening), tuple(kinds) or None, "kind_in_opening", data.line_of("kind_in_opening"), "类型")
    return MetaWords(kinds, keywords, names, hints, opening)


def _genre(r: Reader, data: dict) -> Genre:
    """Words of the genre, checked."""
    keys = ("title_endings", "closing_starts", "closing_phrases", "year_context", "example", "first_person")
    keys += ("title_breaks", "title_words")
    r.only(data, keys)
    return Genre(*(r.get(data, key, WORDS) or () for key in keys))


def _patterns(r: Reader, table: dict, key: str, where: str) -> tuple[re.Pattern[str], ...]:
    """A list of regular expressions under a key, compiled; each item that is not a non-empty text,
    does not compile or matches empty text (it would take every line) is a mistake at its line."""
    place = f"{where}.{key}" if where else key
    items = table.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        r.mistake(place, f"应为正则表达式的列表，写的是 {items!r}", table.line_of(key) if isinstance(table, Located) else None)
        return ()
    lines = getattr(items, "lines", None) or [None] * len(items)
    compiled = []
    for i, (text, line) in enumerate(zip(items, lines, strict=True)):
        item = f"{place}[{i + 1}]"
        if not isinstance(text, str) or not text:
            r.mistake(item, f"应为非空文字（正则表达式），写的是 {text!r}", line)
            continue
        try:
            pattern = re.compile(text)
        except re.error as exc:
            r.mistake(item, f"正则表达式有误：{text!r}（{regex_problem(exc)}）", line)
            continue
        if pattern.search(""):
            r.mistake(item, f"正则表达式 {text!r} 能匹配空文字，会把每一行都当成残留，请改写", line)
            continue
        compiled.append(pattern)
    return tuple(compiled)


REGEX_PROBLEMS = {
    "missing )": "缺少右括号 )",
    "unbalanced parenthesis": "括号不配对",
    "unterminated character set": "方括号 [ 没有闭合",
    "nothing to repeat": "重复符号（* + ? {}）前面没有内容",
    "bad escape": "反斜杠 \\ 后面的字符无效",
    "multiple repeat": "重复符号连用",
    "bad character range": "字符范围无效",
}
"""Python's regular-expression errors in Chinese, by the start of their English message."""


def regex_problem(exc: re.error) -> str:
    """What is wrong with a regular expression, in Chinese, and where."""
    what = next((chinese for english, chinese in REGEX_PROBLEMS.items() if exc.msg.startswith(english)), "写法不对")
    return f"{what}，在第 {exc.pos + 1} 个字符处" if exc.pos is not None else what


def _kinds(r: Reader, data: dict, key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Kinds (banner, url, …) with their patterns combined into one each."""
    table, kinds = r.table(data, key), []
    for kind in table:
        patterns = combined(_patterns(r, table, kind, key))
        if patterns:
            kinds.append((str(kind), patterns[0]))
    return tuple(kinds)


def _furniture(r: Reader, data: dict) -> Furniture:
    """Watermarks and the shapes of page furniture, compiled."""
    r.only(data, ("patterns", "report_markers", "whole_lines", "lists", "line_max", "lines", "fragments", "not_sites"))
    lines = _kinds(r, data, "lines")
    markers = _patterns(r, data, "report_markers", "")  # each may name its group `title`: not combined
    whole, lists = (combined(_patterns(r, data, key, "")) for key in ("whole_lines", "lists"))
    return Furniture(
        watermarks=combined(_patterns(r, data, "patterns", "")),
        lines=lines,
        fragments=_kinds(r, data, "fragments"),
        line_max=r.get(data, "line_max", COUNT, default=100) or 100,
        not_sites=frozenset(r.get(data, "not_sites", TEXTS, default=()) or ()),
        report_markers=markers,
        whole_lines=whole[0] if whole else None,
        lists=lists[0] if lists else None,
        any_line=re.compile("|".join(f"(?:{p.pattern})" for _, p in lines) or "(?!)"),
    )


def combined(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """The watermark patterns as one alternation, so that each line is scanned once."""
    if len(patterns) < 2:
        return patterns
    return (re.compile("|".join(f"(?:{p.pattern})" for p in patterns)),)


def _aspects(r: Reader, data: dict) -> tuple[Aspect, ...]:
    """Aspects, checked: ids and names unique."""
    r.only(data, ("aspects",))
    entries = list(r.entries(data, "aspects"))
    r.unique(entries, "id")
    r.unique(entries, "name")
    out = []
    names = {e.get("name") for _, e in entries}
    for where, e in entries:
        r.only(e, ("id", "name", "keywords", "explains", "answers"), where)
        related = {}
        for key in ("explains", "answers"):
            related[key] = r.get(e, key, WORDS, where, default=()) or ()
            lines = getattr(e.get(key), "lines", None) or [e.line_of(key)] * len(related[key])
            for i, (name, line) in enumerate(zip(related[key], lines, strict=False)):
                if name not in names or name == e.get("name"):
                    r.mistake(f"{where}.{key}[{i + 1}]", f"「{name}」不是另一个方面的名称（name）", line)
        out.append(
            Aspect(
                r.get(e, "id", PAGE_ID, where) or "",
                r.get(e, "name", TEXT, where) or "",
                r.get(e, "keywords", WORDS, where) or (),
                related["explains"],
                related["answers"],
            )
        )
    return tuple(out)


def _themes(r: Reader, data: dict) -> tuple[tuple[Theme, ...], int]:
    """Themes and the mentions that tag a report, checked."""
    r.only(data, ("themes", "min_mentions"))
    entries = list(r.entries(data, "themes"))
    r.unique(entries, "id")
    r.unique(entries, "name")
    out = []
    for where, e in entries:
        r.only(e, ("id", "name", "description", "keywords"), where)
        fields = [r.get(e, "id", PAGE_ID, where), r.get(e, "name", TEXT, where), r.get(e, "description", TEXT, where)]
        out.append(Theme(*(f or "" for f in fields), r.get(e, "keywords", WORDS, where) or ()))
    return tuple(out), r.get(data, "min_mentions", COUNT, default=3) or 3


def _glossary(r: Reader, data: dict) -> tuple[Term, ...]:
    """Terms, their other names and explanations, checked: each way of writing a term once."""
    r.only(data, ("terms",))
    terms, written = [], set()
    for where, e in r.entries(data, "terms"):
        r.only(e, ("term", "aliases", "explain"), where)
        term, explain = r.get(e, "term", TEXT, where), r.get(e, "explain", TEXT, where)
        aliases = r.get(e, "aliases", WORDS, where, default=()) or ()
        for key, form in [("term", term), *(("aliases", a) for a in aliases)]:
            if form in written:
                r.mistake(f"{where}.{key}", f"「{form}」重复了：别的词条已有这个写法", e.line_of(key))
            written.add(form)
        if term and explain:
            terms.append(Term(term, explain, tuple(aliases)))
    return tuple(terms)


def scope(key: str, meetings: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[str | None, str | None] | None:
    """(meeting, kind) a key of `required` names: always, 年度, 个人, 年度个人; None for an unknown key."""
    if key == ALWAYS:
        return None, None
    options = [(m, None) for m in meetings] + [(None, k) for k in kinds] + [(m, k) for m in meetings for k in kinds]
    return next((o for o in options if "".join(filter(None, o)) == key), None)


def _check(
    r: Reader, data: dict, roles: tuple[str, ...] | None, meetings: tuple[str, ...] | None, kinds: tuple[str, ...] | None
) -> CheckRules:
    """The checker's rules, checked against the roles and the meeting types and kinds of meta.yml
    (None: that file has mistakes of its own, and references to it are not checked)."""
    r.only(data, ("required", "long_sentence", "stock_phrases", "set_phrases", "rules"))
    table = r.table(data, "required")
    required = []
    for key in table:
        where, line = f"required.{key}", table.line_of(key)
        found = scope(str(key), meetings or (), kinds or ())
        if found is None and meetings is not None:
            r.mistake(where, f"不知道适用于哪类材料（可用：{ALWAYS}、会议类型、类型或二者连写，如 年度个人）", line)
            continue
        wanted = r.get(table, key, WORDS, "required") or ()
        r.known(wanted, roles, where, line, "部分作用")
        required.append(Requirement(wanted, *(found or (None, None))))
    stock = []
    for where, e in r.entries(data, "stock_phrases"):
        r.only(e, ("phrase", "max"), where)
        stock.append((r.get(e, "phrase", TEXT, where) or "", r.get(e, "max", COUNT, where) or 1))
    from .check import RULES  # the rules the checker implements (check imports this module)

    rules_table = r.table(data, "rules")
    rules = {}
    for rule in rules_table:
        where = f"rules.{rule}"
        if rule not in RULES:
            r.mistake(where, f"未知的规则（可用：{'、'.join(RULES)}）", rules_table.line_of(rule))
            continue
        entry = r.table(rules_table, rule, "rules")
        r.only(entry, ("severity", "name", "explain", "bad", "on_samples"), where)
        severity = r.get(entry, "severity", TEXT, where) or "suggestion"
        r.known(severity, tuple(SEVERITIES), f"{where}.severity", entry.line_of("severity"), "严重程度")
        name, explain = r.get(entry, "name", TEXT, where) or rule, r.get(entry, "explain", TEXT, where) or ""
        on_samples = r.get(entry, "on_samples", FLAG, where, True)
        rules[rule] = Rule(severity, name, explain, r.get(entry, "bad", TEXT, where, ""), on_samples)
    missing = [rule for rule in RULES if rule not in rules_table]
    if missing:
        r.mistake("rules", f"缺少规则的说明：{'、'.join(missing)}", rules_table.line or None)
    ordered = {rule: rules[rule] for rule in rules_table if rule in rules}
    set_phrases = r.get(data, "set_phrases", WORDS, default=()) or ()
    return CheckRules(
        tuple(required), r.get(data, "long_sentence", COUNT, default=150) or 150, tuple(stock), set_phrases, ordered
    )


def _skeletons(r: Reader, data: dict, roles: tuple[str, ...] | None) -> Skeletons:
    """The skeletons, checked: known roles, every role a skeleton uses written out in `parts`."""
    r.only(data, ("skeletons", "parts", "preamble", "closing"))
    table = r.table(data, "parts")
    parts = {}
    for role in table:
        where = f"parts.{role}"
        r.known(role, roles, where, table.line_of(role), "部分作用")
        entry = r.table(table, role, "parts")
        r.only(entry, ("heading", "subsections", "text"), where)
        heading, text = r.get(entry, "heading", TEXT, where) or "", r.get(entry, "text", TEXT, where) or ""
        parts[str(role)] = SkeletonPart(heading, r.get(entry, "subsections", TEXTS, where, ()) or (), text)
    entries = list(r.entries(data, "skeletons"))
    r.unique(entries, "id")
    types = []
    for where, e in entries:
        r.only(e, ("id", "name", "title", "parts"), where)
        wanted = r.get(e, "parts", WORDS, where) or ()
        r.known([p for p in wanted if p not in parts], (), f"{where}.parts", e.line_of("parts"), "部分（parts 中没有写法）")
        fields = (r.get(e, "id", PAGE_ID, where), r.get(e, "name", TEXT, where), r.get(e, "title", TEXT, where))
        types.append(Skeleton(*(f or "" for f in fields), wanted))
    return Skeletons(tuple(types), parts, r.get(data, "preamble", TEXT, default=""), r.get(data, "closing", TEXT, default=""))


def load(vocab_dir: Path) -> Vocab:
    """Read and check every vocabulary file in `vocab_dir`; all mistakes at once, one line each."""
    if not vocab_dir.is_dir():
        raise ReportError(vocab_dir, "找不到词表文件夹")
    mistakes: list[ReportError] = []
    files = {name: vocab_dir / f"{name}.yml" for name in FILES}
    data = {}
    for name, path in files.items():
        try:
            data[name] = read_yaml(path, LineLoader)
        except ReportError as error:
            mistakes.append(error)
    if mistakes:  # a file that cannot be read is not checked further
        raise VocabError(mistakes)
    reader = {name: Reader(path, mistakes) for name, path in files.items()}
    roles, other, order = _roles(reader["roles"], data["roles"])
    role_ids = tuple(x.id for x in (*roles, other)) if not mistakes else None  # None: references not checked
    said = len(mistakes)
    meta = _meta(reader["meta"], data["meta"])
    meetings, kinds = (tuple(meta.meeting), tuple(meta.kind)) if len(mistakes) == said else (None, None)
    themes, mentions = _themes(reader["themes"], data["themes"])
    vocab = Vocab(
        roles=roles,
        other=other,
        order=order,
        kind=meta.kind,
        meeting=meta.meeting,
        meeting_names=meta.meeting_names,
        meeting_hints=meta.meeting_hints,
        kind_in_opening=meta.kind_in_opening,
        furniture=_furniture(reader["watermarks"], data["watermarks"]),
        genre=_genre(reader["genre"], data["genre"]),
        aspects=_aspects(reader["aspects"], data["aspects"]),
        themes=themes,
        theme_mentions=mentions,
        terms=_glossary(reader["glossary"], data["glossary"]),
        check=_check(reader["check"], data["check"], role_ids, meetings, kinds),
        skeletons=_skeletons(reader["skeletons"], data["skeletons"], role_ids),
    )
    if mistakes:
        raise VocabError(mistakes)
    return vocab
