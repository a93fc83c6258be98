"""Meeting minutes as Markdown (CommonMark): title, date, duration, participants, then one paragraph per turn.

    # 周会
    - 日期：2026-12-04
    - 时长：00:42:10
    - 参会人：张三、李四

    ## 记录

    **张三** `00:00:05`：……

Names and text are escaped so that a "*" or "#" someone said does not turn into formatting.
"""
from __future__ import annotations

import re

from models.core.transcript import Transcript
from models.export.turns import meeting_date, participants, speaker_turns, stamp, title
from models.export.minutes_sections import ACTION_COLUMNS, sections
from models.summary.citations import EXACT
from models.summary.minutes import Minutes

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(t: Transcript, minutes: Minutes | None = None) -> str:
    """minutes: the job's summary; its summary, decisions and action items come before the record."""
    people = participants(t)
    lines = [f"# {escape(title(t))}", "", f"- 日期：{meeting_date(t)}", f"- 时长：{stamp(t.duration_ms)}"]
    if people:
        lines.append(f"- 参会人：{'、'.join(escape(p) for p in people)}")
    if minutes is not None:
        lines += _summary_lines(minutes)
    lines += ["", "## 记录", ""]
    for u in speaker_turns(t):
        who = f"**{escape(u.name)}** " if u.name else ""
        lines += [f"{who}`{stamp(u.start_ms)}`：{escape(u.text)}", ""]
    return "\n".join(lines)


def _with_times(text: str) -> str:
    """Escaped text whose citations ("[00:12:30]") show as code spans, like the record's times."""
    parts = EXACT.split(text)  # text, h, m, s, text, ...
    out = [escape(parts[0])]
    for i in range(1, len(parts), 4):
        out.append(f" `{parts[i]}:{parts[i + 1]}:{parts[i + 2]}`" + escape(parts[i + 3]))
    return "".join(out).strip()


def _summary_lines(m: Minutes) -> list[str]:
    sec = sections(m)
    out = ["", f"## {escape(sec.headings[0])}", "", _with_times(sec.summary) or "无"]
    out += ["", f"## {escape(sec.headings[1])}", ""]
    out += [f"- {escape(text)}" + (f" `{when}`" if when else "") for text, when in sec.decisions] or ["无"]
    out += ["", f"## {escape(sec.headings[2])}", ""]
    if sec.actions:
        out += ["| " + " | ".join(ACTION_COLUMNS) + " |", "|" + " --- |" * len(ACTION_COLUMNS)]
        out += ["| " + " | ".join(escape(c) or "—" for c in row) + " |" for row in sec.actions]
    else:
        out.append("无")
    return out
