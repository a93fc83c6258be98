"""The summary part of the Markdown and DOCX minutes: summary, decisions, action items (owner, due date, times).

Shared layout for both formats: each exporter turns these blocks into its own markup. Headings are the ones the
model wrote (a template may rename them), with the meeting-minutes names when it wrote none.
"""
from __future__ import annotations

from dataclasses import dataclass

from models.export.turns import stamp
from models.summary.minutes import Minutes

DEFAULT_HEADINGS = ("摘要", "决定", "待办事项")
ACTION_COLUMNS = ("事项", "负责人", "截止", "依据")


@dataclass(frozen=True)
class Sections:
    headings: tuple[str, str, str]
    summary: str
    decisions: list[tuple[str, str]]  # (text, "00:12:30、00:15:02")
    actions: list[tuple[str, str, str, str]]  # task, owner, due, times


def times(cites_ms: tuple[int, ...]) -> str:
    return "、".join(stamp(ms) for ms in cites_ms)


def sections(m: Minutes) -> Sections:
    heads = tuple((m.headings[i] if i < len(m.headings) and m.headings[i] else DEFAULT_HEADINGS[i]) for i in range(3))
    return Sections(headings=heads, summary=m.summary,  # type: ignore[arg-type]
                    decisions=[(p.text, times(p.cites_ms)) for p in m.decisions],
                    actions=[(a.task, a.owner, a.due, times(a.cites_ms)) for a in m.actions])
