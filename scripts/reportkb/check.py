"""写作自查: what a reviewer would send a draft back for, found before anyone else reads it.

`review()` takes the annotated document model and returns findings (each with a severity, the
place and one sentence on what to do) and the problem → cause → measure chain of its aspects.
Each rule is a function registered by its id in `RULES` (the one table from rule to code; the
vocabulary's check.yml describes each rule and sets its severity and thresholds).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .model import ChangeKind, NoticeRule, Point, Report, Section, Unit, at, lead_anchor
from .text import CLAUSES
from .vocab import SEVERITIES, Requirement, Vocab


@dataclass(frozen=True)
class Finding:
    """One thing to fix or consider, and where."""

    severity: str
    """error, warning or suggestion."""
    rule: str
    """Which rule found it (a key of RULES)."""
    message: str
    """What is wrong and what to do, in one sentence."""
    section: str = ""
    """Anchor of the node it concerns ("" for the whole report)."""
    label: str = ""
    """That node's numbering as written."""
    line: int | None = None
    """Source line, for messages."""
    place: str = ""
    """Where it is, as a reader names it: 二、（一）一是 ("" for the whole report)."""
    node: str = ""
    """Anchor of the node of the outline it is in: its section or point (a lead's: its section's;
    "" for the opening, the closing and the whole report)."""


@dataclass(frozen=True)
class Found:
    """What a rule found: the message and the node it concerns (or, for what has no node, the source line)."""

    message: str
    anchor: str = ""
    line: int | None = None


Chain = tuple[tuple[str, dict[str, tuple[Unit, ...]]], ...]
"""Each aspect with the units that raise it, by chain role (problems, causes, measures)."""


@dataclass(frozen=True)
class Review:
    """Findings and the aspect chain of one report."""

    findings: tuple[Finding, ...]
    """Findings, most serious first, then in reading order."""
    chain: Chain = ()
    """Each aspect with the problem, cause and measure units that raise it."""

    @property
    def has_errors(self) -> bool:
        """Is any finding an error?"""
        return any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True)
class Draft:
    """What a rule reads: the report, the vocabulary and the report's aspect chain."""

    report: Report
    vocab: Vocab
    chain: Chain


Reviewed = tuple[Report, Review]
"""A report with its review."""


@dataclass(frozen=True)
class Example:
    """A place in a sample that does what a rule asks, for the 写作自查 page."""

    report: Report
    anchor: str
    """Where it is."""
    text: str
    """What to quote of it (for a chain: the aspect)."""
    steps: tuple[tuple[str, str], ...] = ()
    """For a chain: each step's name and anchor (问题（一） → 原因一是 → 措施 3．)."""


Rule = Callable[[Draft], Iterator[Found]]
RULES: dict[str, Rule] = {}
"""Every rule of the checker by id, in the order they run."""
ExampleFinder = Callable[[Sequence[Reviewed], Vocab], Example | None]
EXAMPLES: dict[str, ExampleFinder] = {}
"""For some rules, how to find a sample that does well what the rule asks."""


def rule(rule_id: str, example: ExampleFinder | None = None) -> Callable[[Rule], Rule]:
    """Register a function as the rule `rule_id` (and how to find a good example of it)."""

    def register(function: Rule) -> Rule:
        RULES[rule_id] = function
        if example:
            EXAMPLES[rule_id] = example
        return function

    return register


EXAMPLE_CHARS = 60
"""Characters quoted of an example point."""


def detailed_point(reviewed: Sequence[Reviewed], vocab: Vocab) -> Example | None:
    """The first problem point that gives an example."""
    problems = vocab.chain_role("problem")
    for report, _ in reviewed:
        for section, node in report.walk_in_sections():
            if isinstance(node, Point) and section.role == problems and node.signals.example:
                return Example(report, node.id, node.text[:EXAMPLE_CHARS])
    return None


def full_chain(reviewed: Sequence[Reviewed], vocab: Vocab) -> Example | None:
    """The first aspect followed from a problem through a cause to a measure."""
    roles = vocab.chain_roles
    for report, review in reviewed:
        for name, by in review.chain:
            if all(by[role] for role in roles):
                steps = tuple((vocab.role(role).short + by[role][0].label, by[role][0].anchor) for role in roles)
                return Example(report, "", name, steps)
    return None


def chain(report: Report, vocab: Vocab) -> Chain:
    """Each aspect raised in problems, causes or measures, with the units raising it, by role."""
    roles = vocab.chain_roles
    by_role = {role: [u for s in report.sections for u in s.units() if u.role == role] for role in roles}
    names = [a.name for a in vocab.aspects]
    raised = [n for n in names if any(n in u.aspects for us in by_role.values() for u in us)]
    return tuple((n, {role: tuple(u for u in by_role[role] if n in u.aspects) for role in roles}) for n in raised)


def applies(requirement: Requirement, report: Report) -> bool:
    """Does a requirement apply to the report's meeting type and kind?"""
    return requirement.meeting in (None, report.meta.meeting) and requirement.kind in (None, report.meta.kind)


def whose(requirement: Requirement, vocab: Vocab) -> str:
    """Which reports a requirement is for, as messages say it: 年度民主生活会个人对照检查材料."""
    meeting = vocab.meeting_names.get(requirement.meeting, requirement.meeting) if requirement.meeting else ""
    return f"{meeting}{requirement.kind or ''}对照检查材料" if meeting or requirement.kind else "每篇对照检查材料"


@rule("missing-part")
def missing_parts(d: Draft) -> Iterator[Found]:
    """A part the report's meeting type and kind require is missing."""
    roles = {s.role for s in d.report.sections}
    for requirement in d.vocab.check.required:
        if applies(requirement, d.report):
            for role in requirement.roles:
                if role not in roles:
                    yield Found(f"缺少「{d.vocab.role_name(role)}」部分（{whose(requirement, d.vocab)}应有），请补写。")


@rule("part-order")
def part_order(d: Draft) -> Iterator[Found]:
    """The parts are not in the usual order."""
    ordered = [s.role for s in d.report.sections if s.role in d.vocab.order]
    if ordered != sorted(ordered, key=d.vocab.order.index):
        usual = " → ".join(d.vocab.role_name(r) for r in d.vocab.order)
        yield Found(f"各部分的顺序与通常写法不同，通常为：{usual}。")


@rule("empty-problems")
def empty_problems(d: Draft) -> Iterator[Found]:
    """The problems part lists nothing."""
    problems = d.vocab.chain_role("problem")
    for part in d.report.sections:
        if part.role == problems and not part.children and not part.points:
            yield Found(f"「{d.vocab.role_name(problems)}」部分没有分方面或分条列出问题，请按方面逐条写。", part.id)


def notices_of(notice_rule: NoticeRule) -> Rule:
    """The rule that reports the outline's numbering notices of one kind, at their sections."""

    def found(d: Draft) -> Iterator[Found]:
        for notice in d.report.warnings:
            if notice.rule == notice_rule:
                yield Found(notice.message + "，请核对编号。", notice.anchor, notice.line)

    return found


for _kind in (NoticeRule.NUMBERING_REPEAT, NoticeRule.NUMBERING_GAP, NoticeRule.NUMBERING_BRACKETS):
    rule(_kind.value)(notices_of(_kind))


def raised(d: Draft, role: str | None) -> set[str]:
    """Names of the aspects some unit of a role raises."""
    return {name for name, by in d.chain if role and by[role]}


def covered(d: Draft, problem: str, by: set[str], step: str) -> bool:
    """Is a problem aspect explained (or answered) by one of the cause (or measure: `step`) aspects `by`?
    aspects.yml says which aspects explain (`explains`) and answer (`answers`) which."""
    return any(a.covers(problem, step) for a in d.vocab.aspects if a.name in by)


def unanswered(d: Draft, step: str) -> Iterator[Found]:
    """The first unit of each problem aspect that no unit of the `step` role (cause, measure) explains
    or answers, when the report has that part."""
    problems, answering = d.vocab.chain_role("problem"), d.vocab.chain_role(step)
    if not problems or answering not in {s.role for s in d.report.sections}:
        return
    answers = raised(d, answering)
    for name, by in d.chain:
        if by[problems] and not covered(d, name, answers, step):
            yield Found(name, by[problems][0].anchor)


@rule("chain-measure", full_chain)
def chain_measure(d: Draft) -> Iterator[Found]:
    """An aspect of the problems that no measure answers."""
    for found in unanswered(d, "measure"):
        yield Found(f"「{found.message}」方面的问题没有对应的整改措施，请补上针对它的措施。", found.anchor)


@rule("chain-cause", full_chain)
def chain_cause(d: Draft) -> Iterator[Found]:
    """An aspect of the problems that no cause answers."""
    for found in unanswered(d, "cause"):
        yield Found(f"「{found.message}」方面的问题在原因剖析中没有对应，可补写这方面的原因。", found.anchor)


@rule("chain-orphan", full_chain)
def chain_orphan(d: Draft) -> Iterator[Found]:
    """A measure that answers no problem raised."""
    problems, measures = d.vocab.chain_role("problem"), d.vocab.chain_role("measure")
    found = raised(d, problems)
    if not found:
        return
    for part in d.report.sections:
        if part.role == measures:
            for unit in part.units():
                if unit.aspects and not any(covered(d, problem, set(unit.aspects), "measure") for problem in found):
                    yield Found(f"这条措施（{'、'.join(unit.aspects)}）没有对应查摆出的问题，请说明它针对什么问题。", unit.anchor)


@rule("no-detail", detailed_point)
def no_detail(d: Draft) -> Iterator[Found]:
    """A problem point without an example, figures or first-person detail."""
    problems = d.vocab.chain_role("problem")
    for section, node in d.report.walk_in_sections():
        if isinstance(node, Point) and section.role == problems and not node.signals.any():
            yield Found("这条问题没有具体事例、数字或“我”的亲身情况，建议补一个“比如……”，做到见人见事。", node.id)


@rule("placeholder")
def placeholder(d: Draft) -> Iterator[Found]:
    """Placeholders (xx, **) left in the text."""
    for p in d.report.passages():
        spans = d.report.placeholders.get(p.anchor, ())
        marks = sorted({p.text[start:end] for start, end in spans})
        if marks:
            yield Found(f"还有待填写的占位符「{'」「'.join(marks)}」，请换成实际内容。", p.anchor, p.line)


RESIDUE = (ChangeKind.WATERMARK, ChangeKind.FURNITURE)
"""Kinds of change that took website residue out of the text."""


@rule("watermark")
def watermark(d: Draft) -> Iterator[Found]:
    """Website residue: what cleaning took out, and lines that look like it but were kept."""
    for change in d.report.changes:
        if change.kind in RESIDUE:
            yield Found(f"有网站水印或网页残留「{change.removed[:40]}」（页面上已去除），请从原稿中删掉。", line=change.line)
    for notice in d.report.warnings:
        if notice.rule == NoticeRule.RESIDUE:
            yield Found(notice.message + "如确是网页残留，请从原稿中删掉。", line=notice.line)


@rule("stock-phrase")
def stock_phrase(d: Draft) -> Iterator[Found]:
    """Stock phrases used too often."""
    full = "".join(d.report.pieces())
    for phrase, most in d.vocab.check.stock_phrases:
        count = full.count(phrase)
        if count > most:
            yield Found(f"套话「{phrase}」用了 {count} 次（建议不超过 {most} 次），换成具体的说法。")


@rule("long-sentence")
def long_sentence(d: Draft) -> Iterator[Found]:
    """Sentences too long to read out."""
    longest = d.vocab.check.long_sentence
    for p in d.report.passages():
        for sentence in CLAUSES.findall(p.text) if len(p.text) > longest else ():
            if len(sentence) > longest:
                yield Found(f"有一句长达 {len(sentence)} 字（“{sentence[:12]}……”），建议拆成几句。", p.anchor, p.line)


def review(report: Report, vocab: Vocab) -> Review:
    """Every finding of one report, most serious first, then in reading order, and its aspect chain."""
    links = chain(report, vocab)
    draft = Draft(report, vocab, links)
    nodes = {p.anchor: p for p in report.passages()}
    order = {anchor: i for i, anchor in enumerate(nodes)}
    places = report.places()
    nodes_of = {lead_anchor(node) if isinstance(node, Section) else node.id: node.id for node in report.walk()}
    nodes_of |= {node.id: node.id for node in report.walk()}
    found = []
    for rule_id, function in RULES.items():
        severity = vocab.check.rules[rule_id].severity
        for f in function(draft):
            node = nodes.get(f.anchor)
            label, line = (node.label, f.line or node.line) if node else ("", f.line)
            place, node = places.get(f.anchor, ""), nodes_of.get(f.anchor, "")
            found.append(Finding(severity, rule_id, f.message, f.anchor, label, line, place, node))
    severities = list(SEVERITIES)
    found.sort(key=lambda f: (severities.index(f.severity), order.get(f.section, -1), f.line or 0))
    return Review(tuple(found), links)


def as_data(report: Report, result: Review) -> dict:
    """The report, its findings and its chain as plain data (`reportkb check --json`)."""
    return {
        "report": report.to_dict(),
        "findings": [dataclasses.asdict(f) for f in result.findings],
        "chain": [{"aspect": name, **{r: [u.anchor for u in us] for r, us in by.items()}} for name, by in result.chain],
    }


def as_text(report: Report, result: Review, vocab: Vocab) -> str:
    """The checker's text output: the outline as a tree with roles, then the findings."""
    lines = [f"《{report.title}》", "结构："]
    for node in report.walk():
        if isinstance(node, Section):
            role = f"（{vocab.role_name(node.role)}）" if node.depth == 0 else ""
            counts = f"{len(node.children)} 个方面，" if node.children else ""
            title = node.heading if len(node.heading) <= 30 else node.heading[:30] + "…"
            lines.append(
                f"{'  ' * (node.depth + 1)}{title} {role}{counts}{node.count_points()} 条要点（{at(node.line, report.unit)}）"
            )
    counts = "、".join(f"{name} {sum(f.severity == sev for f in result.findings)}" for sev, name in SEVERITIES.items())
    lines.append(f"发现 {len(result.findings)} 处：{counts}" if result.findings else "没有发现问题。")
    for f in result.findings:
        line = at(f.line, report.unit)
        place = f"{f.place}（{line}）" if f.place and line else f.place or line
        lines.append(f"  {SEVERITIES[f.severity]}  {place + '：' if place else ''}{f.message}")
    return "\n".join(lines) + "\n"
