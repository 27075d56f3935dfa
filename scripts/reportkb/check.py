"""写作自查: what a reviewer would send a draft back for, found before anyone else reads it.

`review()` takes the annotated document model and returns findings (each with a severity, the
place and one sentence on what to do) and the problem → cause → measure chain of its aspects.
Rules and thresholds come from vocab/check.yml.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Report, Section, Unit
from .text import CLAUSES
from .vocab import SEVERITIES, Requirement, Vocab


@dataclass(frozen=True)
class Finding:
    """One thing to fix or consider, and where."""

    severity: str
    """error, warning or suggestion."""
    rule: str
    """Which rule found it: missing-part, part-order, numbering-repeat, chain-measure, …"""
    message: str
    """What is wrong and what to do, in one sentence."""
    section: str = ""
    """Anchor of the section it concerns ("" for the whole report)."""
    label: str = ""
    """That section's numbering as written."""
    line: int | None = None
    """Source line."""


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


RESIDUE = ("watermark", "furniture")
"""Kinds of change (clean.py) that took website residue out of the text."""


def finding(vocab: Vocab, rule: str, message: str, section: str = "", label: str = "", line: int | None = None) -> Finding:
    """A finding of a rule, with the severity check.yml gives the rule."""
    return Finding(vocab.check.rules[rule].severity, rule, message, section, label, line)


def chain(report: Report, vocab: Vocab) -> Chain:
    """Each aspect raised in problems, causes or measures, with the units raising it, by role."""
    roles = vocab.chain_roles
    by_role = {role: [u for s in report.sections if s.role == role for u in s.units()] for role in roles}
    names = [a.name for a in vocab.aspects]
    raised = [n for n in names if any(n in u.aspects for us in by_role.values() for u in us)]
    return tuple((n, {role: tuple(u for u in by_role[role] if n in u.aspects) for role in roles}) for n in raised)


def applies(requirement: Requirement, report: Report) -> bool:
    """Does a requirement apply to the report's meeting type and kind?"""
    return requirement.meeting in (None, report.meta.meeting) and requirement.kind in (None, report.meta.kind)


def whose(requirement: Requirement) -> str:
    """Which reports a requirement is for, as the message says it: （年度民主生活会个人对照检查材料应有）."""
    meeting = f"{requirement.meeting}民主生活会" if requirement.meeting else ""
    kind = f"{requirement.kind}对照检查材料" if requirement.kind else ""
    return f"（{meeting}{kind}应有）" if meeting or kind else ""


def part_findings(report: Report, vocab: Vocab) -> Iterator[Finding]:
    """Missing parts for the meeting type, parts out of order, an empty problems part."""
    roles = [s.role for s in report.sections]
    for requirement in vocab.check.required:
        if applies(requirement, report):
            for role in requirement.roles:
                if role not in roles:
                    yield finding(vocab, "missing-part", f"缺少「{vocab.role_name(role)}」部分{whose(requirement)}，请补写。")
    ordered = [r for r in roles if r in vocab.order]
    if ordered != sorted(ordered, key=vocab.order.index):
        usual = " → ".join(vocab.role_name(r) for r in vocab.order)
        yield finding(vocab, "part-order", f"各部分的顺序与通常写法不同，通常为：{usual}。")
    problems = vocab.chain_role("problem")
    for part in report.sections:
        if part.role == problems and not part.children and not part.points:
            message = f"「{vocab.role_name(problems)}」部分没有分方面或分条列出问题，请按方面逐条写。"
            yield finding(vocab, "empty-problems", message, part.id, part.label, part.line)


def chain_findings(report: Report, vocab: Vocab, links: Chain) -> Iterator[Finding]:
    """Aspects of the problems that no cause or measure answers, and measures that answer no problem."""
    problems, causes, measures = map(vocab.chain_role, ("problem", "cause", "measure"))
    if not problems:
        return
    raised = {n for n, by in links if by[problems]}
    present = {s.role for s in report.sections}
    for name, by in links:
        for unit in by[problems][:1]:
            if measures in present and not by[measures]:
                message = f"「{name}」方面的问题没有对应的整改措施，请补上针对它的措施。"
                yield finding(vocab, "chain-measure", message, unit.anchor, unit.label)
            if causes in present and not by[causes]:
                message = f"「{name}」方面的问题在原因剖析中没有对应，可补写这方面的原因。"
                yield finding(vocab, "chain-cause", message, unit.anchor, unit.label)
    if raised:
        for part in report.sections:
            if part.role == measures:
                for unit in part.units():
                    if unit.aspects and not raised & set(unit.aspects):
                        message = f"这条措施（{'、'.join(unit.aspects)}）没有对应查摆出的问题，请说明它针对什么问题。"
                        yield finding(vocab, "chain-orphan", message, unit.anchor, unit.label)


def text_findings(report: Report, vocab: Vocab) -> Iterator[Finding]:
    """Points without concrete detail, placeholders, watermark residue, stock phrases, long sentences."""
    problems = vocab.chain_role("problem")
    for node in report.walk():
        if isinstance(node, Section):
            section = node
            continue
        if section.role == problems and not (node.signals.example or node.signals.figures or node.signals.first_person):
            message = "这条问题没有具体事例、数字或“我”的亲身情况，建议补一个“比如……”，做到见人见事。"
            yield finding(vocab, "no-detail", message, node.id, node.label, node.line)
    for p in report.passages():
        spans = report.placeholders.get(p.anchor, ())
        marks = sorted({p.text[start:end] for start, end in spans})
        if marks:
            message = f"还有待填写的占位符「{'」「'.join(marks)}」，请换成实际内容。"
            yield finding(vocab, "placeholder", message, p.anchor, p.label, p.line)
        for sentence in CLAUSES.findall(p.text) if len(p.text) > vocab.check.long_sentence else ():
            if len(sentence) > vocab.check.long_sentence:
                message = f"有一句长达 {len(sentence)} 字（“{sentence[:12]}……”），建议拆成几句。"
                yield finding(vocab, "long-sentence", message, p.anchor, p.label, p.line)
    for change in report.changes:
        if change.kind in RESIDUE:
            message = f"有网站水印或网页残留「{change.removed[:40]}」（页面上已去除），请从原稿中删掉。"
            yield finding(vocab, "watermark", message, line=change.line)
    for notice in report.warnings:
        if notice.rule == "residue":
            yield finding(vocab, "watermark", notice.message + "如确是网页残留，请从原稿中删掉。", line=notice.line)
    full = "".join(report.pieces())
    for phrase, most in vocab.check.stock_phrases:
        count = full.count(phrase)
        if count > most:
            message = f"套话「{phrase}」用了 {count} 次（建议不超过 {most} 次），换成具体的说法。"
            yield finding(vocab, "stock-phrase", message)


def numbering_findings(report: Report, vocab: Vocab) -> Iterator[Finding]:
    """The outline's numbering notices as findings, at their sections."""
    at_line = {s.line: s for s in report.walk() if isinstance(s, Section)}
    for notice in report.warnings:
        if notice.rule.startswith("numbering-"):
            section = at_line.get(notice.line)
            yield finding(vocab,
                notice.rule,
                notice.message + "，请核对编号。",
                section.id if section else "",
                section.label if section else "",
                notice.line,
            )


def review(report: Report, vocab: Vocab) -> Review:
    """Every finding of one report, most serious first, and its aspect chain."""
    links = chain(report, vocab)
    found = [
        *part_findings(report, vocab),
        *numbering_findings(report, vocab),
        *chain_findings(report, vocab, links),
        *text_findings(report, vocab),
    ]
    order = list(SEVERITIES)
    found.sort(key=lambda f: (order.index(f.severity), f.line or 0))
    return Review(tuple(found), links)


def as_data(report: Report, result: Review) -> dict:
    """The report, its findings and its chain as plain data (`reportkb check --json`)."""
    return {
        "report": report.to_dict(),
        "findings": [dataclasses.asdict(f) for f in result.findings],
        "chain": [{"aspect": name, **{r: [u.anchor for u in us] for r, us in by.items()}} for name, by in result.chain],
    }


def describe(report: Report, result: Review, vocab: Vocab) -> str:
    """The checker's text output: the outline as a tree with roles, then the findings."""
    lines = [f"《{report.title}》", "结构："]
    for node in report.walk():
        if isinstance(node, Section):
            depth = node.id.count("-")
            role = f"（{vocab.role_name(node.role)}）" if depth == 0 else ""
            counts = f"{len(node.children)} 个方面，" if node.children else ""
            title = node.heading if len(node.heading) <= 30 else node.heading[:30] + "…"
            lines.append(f"{'  ' * (depth + 1)}{title} {role}{counts}{node.count_points()} 条要点（第 {node.line} 行）")
    counts = "、".join(f"{name} {sum(f.severity == sev for f in result.findings)}" for sev, name in SEVERITIES.items())
    lines.append(f"发现 {len(result.findings)} 处：{counts}" if result.findings else "没有发现问题。")
    for f in result.findings:
        place = " ".join(x for x in (f.section, f.label, f"第 {f.line} 行" if f.line else "") if x)
        lines.append(f"  {SEVERITIES[f.severity]}  {place + '：' if place else ''}{f.message}")
    return "\n".join(lines) + "\n"
