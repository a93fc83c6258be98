"""The model's final text read back as minutes: summary, points (decisions), action items with owner and due date.

The layout is the templates' three "## " sections in order; their headings are kept as the model wrote them (an
interview's second section is "要点", a meeting's "决定"). Lines that do not parse stay in the section's text.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from models.summary.citations import EXACT, cited_ms

_HEADING = re.compile(r"^\s*#{1,3}\s*(.+?)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)、])\s*(?:\[[ xX]\]\s*)?(.*)$")
_OWNER = re.compile(r"(?:负责人|負責人|owner)\s*[:：]\s*([^｜|;；\n]+)", re.I)
_DUE = re.compile(r"(?:截止|期限|due)\s*[:：]\s*([^｜|;；\n]+)", re.I)
_NONE = {"无", "無", "none", "n/a", "-", "未定", "not set", ""}


@dataclass(frozen=True)
class Point:
    text: str  # without its citations
    cites_ms: tuple[int, ...] = ()


@dataclass(frozen=True)
class Action:
    task: str
    owner: str = ""
    due: str = ""
    cites_ms: tuple[int, ...] = ()


@dataclass
class Minutes:
    text: str  # the whole cleaned text (what the panel shows)
    headings: list[str] = field(default_factory=list)  # the three sections' headings as written
    summary: str = ""
    decisions: list[Point] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    template: str = ""
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Minutes":
        return cls(text=d["text"], headings=list(d.get("headings", [])), summary=d.get("summary", ""),
                   decisions=[Point(p["text"], tuple(p.get("cites_ms", ()))) for p in d.get("decisions", [])],
                   actions=[Action(a["task"], a.get("owner", ""), a.get("due", ""), tuple(a.get("cites_ms", ())))
                            for a in d.get("actions", [])], template=d.get("template", ""), model=d.get("model", ""))


def _strip_cites(text: str) -> str:
    return " ".join(EXACT.sub("", text).split())


def _blank(text: str) -> bool:
    return _strip_cites(text).strip("。.：: ").lower() in _NONE


def parse(text: str, template: str = "", model: str = "") -> Minutes:
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            sections.append((m.group(1), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():  # text before any heading counts as the summary
            sections.append(("", [line]))
    while len(sections) < 3:
        sections.append(("", []))
    out = Minutes(text=text.strip(), headings=[h for h, _ in sections[:3]], template=template, model=model)
    body = "\n".join(ln for ln in sections[0][1] if ln.strip()).strip()
    out.summary = "" if _blank(body) else body
    for line in sections[1][1]:
        m = _ITEM.match(line)
        if m and not _blank(m.group(1)):
            out.decisions.append(Point(_strip_cites(m.group(1)), tuple(cited_ms(m.group(1)))))
    for line in sections[2][1]:
        m = _ITEM.match(line)
        if m and not _blank(m.group(1)):
            out.actions.append(_action(m.group(1)))
    return out


def _action(item: str) -> Action:
    owner = _OWNER.search(item)
    due = _DUE.search(item)
    task = _strip_cites(_DUE.sub("", _OWNER.sub("", item)))
    task = re.sub(r"^(?:事项|任务|task)\s*[:：]\s*", "", task.strip(" ｜|;；"), flags=re.I).strip(" ｜|;；")
    due_text = _strip_cites(due.group(1)) if due else ""
    return Action(task=task, owner=_strip_cites(owner.group(1)) if owner else "",
                  due="" if due_text.lower() in _NONE else due_text, cites_ms=tuple(cited_ms(item)))
