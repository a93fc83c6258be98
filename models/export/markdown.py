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

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(t: Transcript) -> str:
    people = participants(t)
    lines = [f"# {escape(title(t))}", "", f"- 日期：{meeting_date(t)}", f"- 时长：{stamp(t.duration_ms)}"]
    if people:
        lines.append(f"- 参会人：{'、'.join(escape(p) for p in people)}")
    lines += ["", "## 记录", ""]
    for u in speaker_turns(t):
        who = f"**{escape(u.name)}** " if u.name else ""
        lines += [f"{who}`{stamp(u.start_ms)}`：{escape(u.text)}", ""]
    return "\n".join(lines)
