"""A synthetic corpus: the sample reports' passages recombined into valid reports of any number.

Deterministic for a seed. Structure, numbering style, metadata and file format vary the way
real collections do. By default every passage is a real one from the samples: text that repeats
as no real collection does (half of its 10-character grams are in more than one report). A
`Varied` corpus keeps the headings (what gives a part its role and a subsection its aspect) and
the closings, and writes every other passage anew, character by character, from the samples'
own two-character contexts (a Markov chain that now and then falls back to one character, and
now and then takes another character of the samples): text that deflates and repeats like a real
collection's, its set phrases still common (`variety` measures both).
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import copies
from .annotate import title_role
from .clean import WORD_CHAR, display_width
from .errors import ReportError
from .hanzi import SIMPLIFIED
from .model import Report
from .numbering import INLINE_POINT, cn_numeral, match_marker
from .outline import closing_pattern, point_starts
from .pipeline import convert_file
from .text import HEADING_END
from .vocab import Vocab

POINT_LABELS = [f"{n}是" for n in "一二三四五六七八九"]
SHORT_CONTEXT = 0.25
"""Chance that the next character of varied text follows from the last character alone, not the last two."""
OTHER_CHARACTER = 0.03
"""Chance that a Chinese character of varied text is another one of the samples, drawn at random."""
REPEAT_GRAM = 10
"""Length of the grams whose repetition across reports `variety` measures."""


class Varied:
    """Text written anew from the samples' character contexts: the same length, the same first two
    characters and last character as a passage, no numbering in it (its structure stays the plan's)."""

    def __init__(self, texts: Iterable[str], rng: random.Random) -> None:
        self.rng = rng
        self.after_two: dict[str, list[str]] = defaultdict(list)
        self.after_one: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            for i in range(2, len(text)):
                self.after_two[text[i - 2 : i]].append(text[i])
                self.after_one[text[i - 1]].append(text[i])
        self.han = sorted({c for text in self.after_one for c in text if WORD_CHAR.match(c)})

    def write(self, like: str) -> str:
        """A passage of the length of `like`, starting and ending as it does."""
        if len(like) < 8:
            return like
        for _ in range(5):  # no numbering markers (they would make structure the plan does not have)
            text = self.chars(like)
            if plain(text):
                return text
        return like

    def chars(self, like: str) -> str:
        """The characters, one after the other."""
        rng, out = self.rng, list(like[:2])
        while len(out) < len(like) - 1:
            two = out[-2] + out[-1]
            pool = self.after_two.get(two) if rng.random() >= SHORT_CONTEXT else None
            pool = pool or self.after_one.get(out[-1]) or self.han
            c = rng.choice(pool)
            if c == "\n":
                c = "，"
            elif self.han and rng.random() < OTHER_CHARACTER and WORD_CHAR.match(c):
                c = rng.choice(self.han)
            out.append(c)
        return "".join(out) + like[-1]


def variety(texts: Sequence[str]) -> tuple[float, float]:
    """How a corpus (one text per report) compares with real ones: deflated bytes per character (each
    report deflated on its own), and the share of its distinct REPEAT_GRAM-character grams that are in
    more than one report."""
    chars = sum(len(t) for t in texts) or 1
    packed = sum(len(zlib.compress(t.encode(), 9)) for t in texts)
    reports: Counter[str] = Counter()
    for text in texts:
        reports.update({text[i : i + REPEAT_GRAM] for i in range(len(text) - REPEAT_GRAM + 1)} - {""})
    repeated = sum(1 for count in reports.values() if count > 1)
    return packed / chars, repeated / max(1, len(reports))


"""Labels of inline points, in order."""


@dataclass(frozen=True)
class Shape:
    """How long the reports are made."""

    subsections: tuple[int, int] = (2, 7)
    """Fewest and most subsections of a part."""
    point_counts: tuple[int, ...] = (0, 2, 3, 4, 5)
    """Points per subsection, one drawn at random: a lone 一是 is no enumeration, so never one."""
    optional_parts: float = 0.5
    """Chance of each part outside the problem → cause → measure chain."""


FULL = Shape()
"""Reports as long as the samples (about 8,700 characters)."""
SHORT = Shape(subsections=(1, 4), point_counts=(0, 2, 3), optional_parts=0.3)
"""Shorter reports (about 3,600 characters): 10,000 of them are the 35 million characters of issue 14's corpus."""
WRAP_COLUMNS = (56, 64, 70)
"""Display widths hard-wrapped copies are laid out at (28, 32, 35 Chinese characters)."""
PAGE_LINES = 40
"""Lines per page in a hard-wrapped copy."""


@dataclass(frozen=True)
class Subsection:
    """One subsection (an aspect of a part) to write."""

    title: str
    """Heading after its label."""
    lead: str
    """Text before its points."""
    points: tuple[str, ...]
    """Point bodies, without their 一是 labels."""


@dataclass(frozen=True)
class Part:
    """One top-level part to write."""

    role: str
    """Role it plays (its title is drawn from that role's titles)."""
    title: str
    """Heading after its label."""
    lead: str
    """Text before its subsections (a part of a role the samples write without subsections has only this)."""
    aspects: tuple[Subsection, ...]
    """Its subsections."""


@dataclass(frozen=True)
class Plan:
    """A report to generate, and the file format to write it in."""

    title: str
    """Title, the first line."""
    front_matter: dict
    """Metadata written as front matter ({} for none: inferred from the title)."""
    preamble: str
    """Opening paragraph."""
    parts: tuple[Part, ...]
    """Top-level parts in order."""
    closing: str
    """Closing paragraph ("" for none)."""
    bracket: str = "（{}）"
    """Subsection numbering style."""
    inline_points: bool = True
    """Points run on in one paragraph (一是…二是…) or stand on their own lines."""
    encoding: str = "utf-8"
    newline: str = "\n"
    wrap: int | None = None
    """Display width of hard wrapping, None for one paragraph per line."""

    @property
    def shape(self) -> list[tuple[str, list[int]]]:
        """(role, points per aspect) of each part: what the outline must find."""
        return [(p.role, [len(a.points) for a in p.aspects]) for p in self.parts]


@dataclass
class Pools:
    """Passages of the sample reports, by role."""

    preambles: list[str] = field(default_factory=list)
    """Opening paragraphs."""
    closings: list[str] = field(default_factory=list)
    """Closing paragraphs (以上…批评指正)."""
    part_titles: dict[str, list[str]] = field(default_factory=dict)
    """Top-level part titles that give their role by themselves, by role."""
    aspects: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """(title, lead) of subsections without structure of their own, by role."""
    points: dict[str, list[str]] = field(default_factory=dict)
    """Point bodies without labels, by role."""
    leads: dict[str, list[str]] = field(default_factory=dict)
    """Texts of parts written without subsections or points (个人有关事项), by role."""
    themes: list[str] = field(default_factory=list)
    """Themes the samples carry."""
    units: list[str] = field(default_factory=list)
    """Units the samples come from."""


def plain(text: str) -> bool:
    """A passage that adds no structure of its own: no marker at its start, no inline sequence."""
    return bool(text) and not match_marker(text) and not point_starts(text) and not INLINE_POINT.search(text)


def collect(reports: Sequence[Report], voc: Vocab) -> Pools:
    """The passage pools of a corpus."""
    pools = Pools()
    closing = closing_pattern(voc.genre)
    for report in reports:
        pools.preambles += [report.preamble] if report.preamble and "\n" not in report.preamble else []
        pools.closings += [report.closing.split("\n")[0]] if closing.match(report.closing) else []
        pools.themes += [t for t in report.meta.themes if t not in pools.themes]
        pools.units += [report.meta.unit] if report.meta.unit and report.meta.unit not in pools.units else []
        for part in report.sections:
            role = part.role
            if title_role(part.title, voc) == role:
                pools.part_titles.setdefault(role, []).append(part.title)
            if not part.children and not part.points:
                pools.leads.setdefault(role, []).extend([part.lead] if plain(part.lead) else [])
                continue
            for section in [part, *part.children]:
                pools.points.setdefault(role, []).extend(
                    body for p in section.points if plain(body := p.text[len(p.label) :].replace("\n", ""))
                )
            for child in part.children:
                if child.title and not child.children and (not child.lead or plain(child.lead)) and plain(child.title):
                    pools.aspects.setdefault(role, []).append((child.title, child.lead.replace("\n", "")))
    return pools


def plan(rng: random.Random, pools: Pools, voc: Vocab, shape: Shape = FULL, varied: Varied | None = None) -> Plan:
    """One random report: the parts of the chain always, the other parts of the usual order now and
    then; its openings, leads and points written anew when `varied`."""
    anew = varied.write if varied else str
    kind = rng.choice(list(voc.kind))
    meeting = rng.choice(list(voc.meeting))
    year = rng.randint(2018, 2025)
    unit = rng.choice(pools.units) if pools.units else ""
    themes = rng.sample(pools.themes, rng.randint(1, min(3, len(pools.themes)))) if pools.themes else []
    topic = (themes[0] if themes else "") + voc.meeting_names[meeting]
    title = f"{unit}{year}年{topic}{voc.kind[kind][0]}对照检查材料"
    roles = [r for r in voc.order if r in voc.chain_roles or rng.random() < shape.optional_parts]
    parts = []
    for role in roles:
        titles = pools.part_titles.get(role) or [voc.role_name(role)]
        if role not in pools.aspects:
            if pools.leads.get(role):
                parts.append(Part(role, rng.choice(titles), anew(rng.choice(pools.leads[role])), ()))
            continue
        pool = pools.points.get(role) or [body for bodies in pools.points.values() for body in bodies]
        aspects = []
        for _ in range(rng.randint(*shape.subsections)):
            heading, lead = rng.choice(pools.aspects[role])
            count = rng.choice(shape.point_counts)
            points = tuple(anew(body) for body in rng.sample(pool, min(len(pool), count)))
            aspects.append(Subsection(heading, anew(lead) if lead else "", points))
        parts.append(Part(role, rng.choice(titles), "", tuple(aspects)))
    given = {"year": year, "kind": kind, "meeting": meeting, "unit": unit, "themes": themes}
    front = {key: value for key, value in given.items() if value} if rng.random() < 0.5 else {}
    fmt = rng.random()
    return Plan(
        title=title,
        front_matter=front,
        preamble=anew(rng.choice(pools.preambles)) if pools.preambles else "",
        parts=tuple(parts),
        closing=rng.choice(pools.closings) if pools.closings and rng.random() < 0.7 else "",
        bracket=rng.choice(["（{}）", "({})"]),
        inline_points=rng.random() < 0.5,
        encoding="gb18030" if fmt < 0.15 else "utf-8-sig" if fmt < 0.2 else "utf-8",
        newline="\r\n" if 0.1 < fmt < 0.3 else "\n",
        wrap=rng.choice(WRAP_COLUMNS) if rng.random() < 0.15 else None,
    )


def aspect_paragraphs(label: str, aspect: Subsection, inline: bool) -> list[str]:
    """Paragraphs of one subsection in the plan's style."""
    points = [f"{POINT_LABELS[i]}{body}" for i, body in enumerate(aspect.points)]
    heading = label + aspect.title
    runs_on = inline and bool(HEADING_END.match(aspect.title[-1]))
    if inline:
        body = aspect.lead + "".join(points)
        return [heading + body] if runs_on else [heading] + ([body] if body else [])
    return [heading] + ([aspect.lead] if aspect.lead else []) + points


def paragraphs(p: Plan) -> list[str]:
    """The report as paragraphs, title first."""
    out = [p.title, p.preamble]
    for i, part in enumerate(p.parts, start=1):
        out.append(f"{cn_numeral(i)}、{part.title}")
        out += [part.lead] if part.lead else []
        for j, aspect in enumerate(part.aspects, start=1):
            out += aspect_paragraphs(p.bracket.format(cn_numeral(j)), aspect, p.inline_points)
    return out + ([p.closing] if p.closing else [])


def hard_wrap(paragraphs: Sequence[str], columns: int) -> list[str]:
    """Lines of a copy out of a PDF: paragraphs indented and wrapped at `columns`, page numbers between pages.

    A line never starts with a numbering marker, as a typesetter would not break there either.
    """
    lines: list[str] = []
    for para in paragraphs:
        text, line = "　　" + para, ""
        for k, char in enumerate(text):
            if display_width(line + char) > columns and not match_marker(text[k:]):
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    out = []
    for n, start in enumerate(range(0, len(lines), PAGE_LINES), start=1):
        out += [*lines[start : start + PAGE_LINES], "", f"- {n} -", ""]
    return out


def write(p: Plan) -> bytes:
    """The file of a plan, in its format."""
    paras = paragraphs(p)
    lines = hard_wrap(paras, p.wrap) if p.wrap else paras
    front = ""
    if p.front_matter:
        front = "---\n" + yaml.safe_dump(p.front_matter, allow_unicode=True, sort_keys=False) + "---\n"
    return (front + "\n".join(lines) + "\n").replace("\n", p.newline).encode(p.encoding)


def synth(
    n: int, seed: int, corpus: Sequence[Path], voc: Vocab, shape: Shape = FULL, varied: bool = False
) -> list[tuple[str, Plan, bytes]]:
    """`n` reports from the passages of the corpus files (written anew from them when `varied`):
    (file name, plan, bytes)."""
    reports = [c.report for path in corpus for c in convert_file(path, voc)]
    pools = collect(reports, voc)
    missing = [voc.role_name(role) for role in voc.chain_roles if role not in pools.aspects]
    if missing:
        where = corpus[0].parent if corpus else Path("reports")
        message = f"样例中没有分小节写的「{'」「'.join(missing)}」部分，无法组合出合成样例：请加入有这些部分的样例"
        raise ReportError(where, message)
    rng = random.Random(seed)
    writer = Varied((p.text for r in reports for p in r.passages()), rng) if varied else None
    width = len(str(n))
    out = []
    for i in range(1, n + 1):
        p = plan(rng, pools, voc, shape, writer)
        out.append((f"synth-{i:0{width}d}.txt", p, write(p)))
    return out


# ----------------------------------------------------------------------------- drafts copied from a library (查重's bench)

UNITS = ("市场监管局", "城关镇", "发改委", "某某县", "区政府", "教育局", "开发区", "财政局")
"""Names a copied sentence's unit may be changed to."""
WORDS = ("切实", "认真", "深入", "扎实", "全面", "有效", "积极", "及时", "主动", "严格")
"""Words a copied sentence may have one of its words swapped for."""
NUMBERS = "0123456789一二三四五六七八九十"
"""Numerals a copied sentence's numbers are changed among."""
EDITS = ("punctuation", "width", "traditional", "number", "unit", "word")
"""The light edits of a copied sentence."""
TO_TRADITIONAL = {s: t for t, s in sorted(SIMPLIFIED.items(), reverse=True)}
"""A traditional form of each simplified character that has one."""


def light_edit(sentence: str, edit: str, rng: random.Random) -> str:
    """A sentence with one light edit of the kind named (EDITS)."""
    chars = list(sentence)
    words = [i for i, c in enumerate(chars[:-2]) if WORD_CHAR.match(c) and WORD_CHAR.match(chars[i + 1])]
    if edit == "punctuation":
        return sentence.replace("，", rng.choice(("、", ",", "；"))).replace("。", rng.choice(("；", ".", "！")))
    if edit == "width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in sentence).replace("，", ",")
    if edit == "traditional":
        return "".join(TO_TRADITIONAL.get(c, c) if rng.random() < 0.5 else c for c in sentence)
    if edit == "number":
        at = [i for i, c in enumerate(chars) if c in NUMBERS] or [rng.randrange(len(chars))]
        i = rng.choice(at)
        chars[i:i] = [rng.choice(NUMBERS)] if chars[i] not in NUMBERS else []
        chars[i] = rng.choice(NUMBERS)
        return "".join(chars)
    if edit == "unit" and words:
        i = rng.choice(words)
        return "".join(chars[:i]) + rng.choice(UNITS) + "".join(chars[i + 2 :])
    if edit == "word" and words:
        i = rng.choice(words)
        return "".join(chars[:i]) + rng.choice(WORDS) + "".join(chars[i + 2 :])
    return sentence


@dataclass(frozen=True)
class CopiedDraft:
    """A draft made of sentences copied from a library with light edits and sentences written anew."""

    text: str
    copied: tuple[tuple[str, str], ...]
    """Each copied sentence as the draft has it, with the slug of the report it is from."""
    new: tuple[str, ...]
    """Each sentence written anew."""


def sentences_of(text: str) -> list[str]:
    """The sentences of a passage (as 查重 cuts them: copies.SENTENCE_END) that 查重 judges on their
    own: copies.SENTENCE_CHARS characters or more, punctuation and spaces not counted."""
    pieces = [p.strip() for p in re.split(f"(?<={copies.SENTENCE_END.pattern})", text.replace("\n", ""))]
    return [p for p in pieces if len(copies.normal_form(p)) >= copies.SENTENCE_CHARS]


def copied_draft(library: Sequence[Report], writer: Varied, rng: random.Random, runs: int = 6) -> CopiedDraft:
    """A draft of `runs` runs of one to four sentences, each run copied from one report of the library
    (its sentences in order, each lightly edited once or twice) or written anew (`writer`, from other
    text than the library's), as a report: a title, then paragraphs."""
    paragraphs, copied, new = [], [], []
    for _ in range(runs):
        size = rng.randint(1, 4)
        if rng.random() < 0.5:
            report = rng.choice(library)
            pieces = [s for p in report.passages() for s in sentences_of(p.text)]
            if not pieces:
                continue
            at = rng.randrange(len(pieces))
            run = []
            for sentence in pieces[at : at + size]:
                for edit in rng.sample(EDITS, rng.randint(1, 2)):
                    sentence = light_edit(sentence, edit, rng)
                run.append(sentence)
                copied.append((sentence, report.slug))
        else:
            run = [writer.write(rng.choice(WRITTEN_LIKE)) for _ in range(size)]
            new.extend(run)
        paragraphs.append("".join(run))
    text = "关于本年度民主生活会的个人对照检查材料\n" + "\n".join(paragraphs) + "\n"
    return CopiedDraft(text, tuple(copied), tuple(new))


WRITTEN_LIKE = (
    "在理论学习方面，对新思想新理论的学习还不够系统，往往满足于读原文、记笔记，结合实际思考不深。",
    "深入基层调查研究的次数偏少，听取群众意见不够主动，对一些矛盾问题掌握得不够及时准确。",
    "落实全面从严治党主体责任有差距，对分管领域的日常监督还存在宽松软的现象，抓早抓小不够。",
    "面对改革发展中的难题，有时存在畏难情绪，担当精神不足，推进工作的办法不多、力度不够。",
)
"""Sentences whose length, start and end the sentences written anew take (Varied.write)."""
