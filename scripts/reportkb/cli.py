"""`reportkb build|outline|check|synth`: argument parsing, then one library call each."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

from . import build as build_mod
from . import check, copies, layout, pipeline, synth, vocab
from .errors import ReportError
from .model import Report


def project_root(start: Path) -> Path | None:
    """The project a path belongs to: the nearest folder at or above it with vocab/roles.yml."""
    start = start.resolve()
    return next((f for f in [start, *start.parents] if (f / layout.PROJECT_MARK).is_file()), None)


@functools.cache
def locate_project(report: str | None, cwd: str) -> Path:
    """The project folder: from the report's path, else from the current folder (looked up once)."""
    root = next((r for r in map(project_root, [*([Path(report).parent] if report else []), Path(cwd)]) if r), None)
    if root is None:
        message = f"找不到项目的词表文件夹（其中有 {layout.PROJECT_MARK}）：请在项目文件夹中运行，或用 --vocab 指出词表文件夹"
        raise ReportError(Path(cwd), message)
    return Path() if root == Path(cwd).resolve() else root  # messages name files as the user sees them


def in_project(args: argparse.Namespace, given: Path | None, name: str) -> Path:
    """A folder given as an option, else the project's folder of that name."""
    report = getattr(args, "path", None)
    return given or locate_project(str(report) if report else None, str(Path.cwd())) / name


def load_vocab(args: argparse.Namespace) -> vocab.Vocab:
    """The vocabulary given with --vocab, else the project's."""
    return vocab.load(in_project(args, args.vocab, layout.VOCAB))


def cmd_build(args: argparse.Namespace) -> int:
    """Convert every report and write the generated pages."""
    folders = ((args.reports, layout.REPORTS), (args.docs, layout.DOCS), (args.cache, layout.CACHE), (args.vocab, layout.VOCAB))
    reports, docs, cache, vocab_dir = (in_project(args, given, name) for given, name in folders)
    progress = build_mod.progress_line()
    result = build_mod.build(reports, docs, vocab_dir, keep_going=args.keep_going, cache_dir=cache, progress=progress)
    for report in result.reports:
        lines = build_mod.report_lines(report) if args.verbose else build_mod.notice_lines(report)
        if lines:
            print("\n".join(lines))
    print("\n".join(build_mod.summary(result)))
    if args.verbose:
        print(f"{build_mod.COPIES_TIME}{result.copies_s:.2f} 秒")
    if result.skipped:
        print(f"跳过 {len(result.skipped)} 个文件：", file=sys.stderr)
        for error in result.skipped:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0


def as_json(data: list[dict]) -> str:
    """One report's data as a JSON object; a file holding several as a list of them."""
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)


def cmd_outline(args: argparse.Namespace) -> int:
    """Print the outline of a report (of each, for a file holding several) as a tree, or the document model as JSON."""
    reports = [c.report for c in pipeline.convert_file(args.path, load_vocab(args))]
    if args.json:
        print(as_json([r.to_dict() for r in reports]))
    else:
        print("\n".join(r.pretty() for r in reports), end="")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a draft: its outline with roles, findings, and what of it the library holds; exit 1 on an error-level finding."""
    voc = load_vocab(args)
    conversions = pipeline.convert_file(args.path, voc)
    found, why = library_copies([c.report for c in conversions], library_docs(args), voc)
    if args.json:
        data = [
            {**check.as_data(c.report, c.review), "copies": f.as_data() if f else None}
            for c, f in zip(conversions, found, strict=True)
        ]
        print(as_json(data))
    else:
        texts = (
            check.as_text(c.report, c.review, voc) + (copies.as_text(f) if f else f"查重：{why}，这次没有查重。\n")
            for c, f in zip(conversions, found, strict=True)
        )
        print("\n".join(texts), end="")
    return 1 if any(c.review.has_errors for c in conversions) else 0


def library_docs(args: argparse.Namespace) -> Path | None:
    """Where the library 查重 compares a draft with is built: --docs, else the project's docs (None outside a project)."""
    try:
        return in_project(args, args.docs, layout.DOCS)
    except ReportError:
        return None


def library_copies(reports: list[Report], docs: Path | None, voc: vocab.Vocab) -> tuple[list[copies.Copies | None], str]:
    """What of each report of a draft the library built into `docs` holds; all None, and why, when
    the library cannot be read (the text output says so; `copies` is null in the JSON)."""
    try:
        if docs is None:
            raise copies.Unreadable("不在样例库的项目文件夹中（可用 --docs 指出生成的站点文档文件夹）")
        return [copies.find(report, docs, voc.set_phrases) for report in reports], ""
    except copies.Missing as missing:
        why = f"{docs} 中没有样例库的查重数据（缺 {missing.names[0]}；先运行 reportkb build 或 make site）"
    except copies.Unreadable as error:
        why = f"{docs or '样例库'}：{error}"
    return [None for _ in reports], why


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic corpus built from the sample reports' passages."""
    source = in_project(args, args.source, layout.REPORTS)
    shape = synth.SHORT if args.short else synth.FULL
    files = synth.synth(args.n, args.seed, build_mod.report_files(source), load_vocab(args), shape, args.varied)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, _, data in files:
        (args.outdir / name).write_bytes(data)
    how = "，正文按样例的用字重新写出" if args.varied else ""
    print(f"已生成 {len(files)} 篇合成样例到 {args.outdir}（种子 {args.seed}{how}）")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="reportkb", description="对照检查材料样例库：把样例转成带锚点的注释页面")
    top.add_argument("--vocab", type=Path, help="词表文件夹（默认：样例或当前文件夹所在项目的 vocab）")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="转换 reports/ 中的全部样例，生成页面")
    b.add_argument("--reports", type=Path, help="样例文件夹（默认：项目的 reports）")
    b.add_argument("--docs", type=Path, help="站点文档文件夹（默认：项目的 docs）")
    b.add_argument("--keep-going", action="store_true", help="有文件出错时跳过它，继续生成其余页面")
    b.add_argument("--cache", type=Path, help="转换结果缓存文件夹（默认：项目的 build/cache）")
    b.add_argument("-v", "--verbose", action="store_true", help="逐篇列出大小、编码和清理了什么（默认只列有提示的样例和汇总）")
    b.set_defaults(func=cmd_build)
    o = sub.add_parser("outline", help="打印一篇样例的结构（--json 输出文档模型）")
    o.add_argument("path", type=Path)
    o.add_argument("--json", action="store_true", help="以 JSON 输出文档模型")
    o.set_defaults(func=cmd_outline)
    c = sub.add_parser("check", help="写作自查：检查一篇初稿的结构和常见毛病")
    c.add_argument("path", type=Path)
    c.add_argument("--json", action="store_true", help="以 JSON 输出结构、检查结果和查重结果（copies）")
    c.add_argument("--docs", type=Path, help="查重所用样例库生成的站点文档文件夹（默认：项目的 docs）")
    c.set_defaults(func=cmd_check, unreadable=2)
    y = sub.add_parser("synth", help="用样例的段落组合生成 N 篇合成样例（用于测试和性能测量）")
    y.add_argument("n", type=int)
    y.add_argument("outdir", type=Path)
    y.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）；同一种子生成的文件完全相同")
    y.add_argument("--source", type=Path, help="取段落的样例文件夹（默认：项目的 reports）")
    y.add_argument("--short", action="store_true", help="生成较短的样例（约 3600 字；默认与样例一样长，约 8700 字）")
    y.add_argument(
        "--varied",
        action="store_true",
        help="标题保留，正文按样例的用字逐字重新写出，像真实样例库一样少重复（默认：原样组合样例的段落）",
    )
    y.set_defaults(func=cmd_synth)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run a command; a bad input is one line on stderr and exit status 1, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ReportError as error:
        for line in error.lines():
            print(f"错误：{line}", file=sys.stderr)
        return getattr(args, "unreadable", 1)


if __name__ == "__main__":
    sys.exit(main())
