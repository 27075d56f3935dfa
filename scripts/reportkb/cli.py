"""`reportkb build|outline|check|synth`: argument parsing, then one library call each."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from . import build as build_mod
from . import check, synth, vocab
from .errors import ReportError


def cmd_build(args: argparse.Namespace) -> int:
    """Convert every report and write the generated pages."""
    result = build_mod.build(args.reports, args.docs, args.vocab, keep_going=args.keep_going, cache_dir=args.cache)
    for report in result.reports:
        print("\n".join(build_mod.describe(report)))
    print(
        f"转换 {result.converted} 篇，沿用上次结果 {result.reused} 篇；"
        f"已生成 {len(result.reports)} 篇样例的页面、索引、检索数据和写作自查页到 {args.docs}"
        f"（写入 {len(result.written)}，未变 {result.unchanged}，删除 {len(result.removed)}）"
    )
    if result.skipped:
        print(f"跳过 {len(result.skipped)} 个文件：", file=sys.stderr)
        for error in result.skipped:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0


def cmd_outline(args: argparse.Namespace) -> int:
    """Print one report's outline as a tree, or its document model as JSON."""
    report = build_mod.convert(args.path, vocab.load(args.vocab)).report
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.pretty(), end="")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a draft: its outline with roles, then findings; exit 1 on an error-level finding."""
    voc = vocab.load(args.vocab)
    conversion = build_mod.convert(args.path, voc)
    report, result = conversion.report, conversion.review
    if args.json:
        data = {
            "report": report.to_dict(),
            "findings": [dataclasses.asdict(f) for f in result.findings],
            "chain": [{"aspect": name, **{r: [u.anchor for u in us] for r, us in by.items()}} for name, by in result.chain],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(check.describe(report, result, voc), end="")
    return 1 if result.has_errors else 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic corpus built from the sample reports' passages."""
    files = synth.synth(args.n, args.seed, build_mod.report_files(args.source), vocab.load(args.vocab))
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, _, data in files:
        (args.outdir / name).write_bytes(data)
    print(f"已生成 {len(files)} 篇合成样例到 {args.outdir}（种子 {args.seed}）")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="reportkb", description="对照检查材料样例库：把样例转成带锚点的注释页面")
    top.add_argument("--vocab", type=Path, default=Path("vocab"), help="词表文件夹（默认 vocab）")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="转换 reports/ 中的全部样例，生成页面")
    b.add_argument("--reports", type=Path, default=Path("reports"), help="样例文件夹（默认 reports）")
    b.add_argument("--docs", type=Path, default=Path("docs"), help="站点文档文件夹（默认 docs）")
    b.add_argument("--keep-going", action="store_true", help="有文件出错时跳过它，继续生成其余页面")
    b.add_argument("--cache", type=Path, default=Path("build/cache"), help="转换结果缓存文件夹（默认 build/cache）")
    b.set_defaults(func=cmd_build)
    o = sub.add_parser("outline", help="打印一篇样例的结构（--json 输出文档模型）")
    o.add_argument("path", type=Path)
    o.add_argument("--json", action="store_true", help="以 JSON 输出文档模型")
    o.set_defaults(func=cmd_outline)
    c = sub.add_parser("check", help="写作自查：检查一篇初稿的结构和常见毛病")
    c.add_argument("path", type=Path)
    c.add_argument("--json", action="store_true", help="以 JSON 输出结构和检查结果")
    c.set_defaults(func=cmd_check, unreadable=2)
    y = sub.add_parser("synth", help="用样例的段落组合生成 N 篇合成样例（用于测试和性能测量）")
    y.add_argument("n", type=int)
    y.add_argument("outdir", type=Path)
    y.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）；同一种子生成的文件完全相同")
    y.add_argument("--source", type=Path, default=Path("reports"), help="取段落的样例文件夹（默认 reports）")
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
