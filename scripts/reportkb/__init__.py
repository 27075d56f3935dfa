"""reportkb: turn sample 民主生活会对照检查材料 into annotated, anchored pages."""

from .errors import ReportError
from .model import Meta, Notice, Point, Report, Section, Signals

__all__ = ["Meta", "Notice", "Point", "Report", "ReportError", "Section", "Signals"]
