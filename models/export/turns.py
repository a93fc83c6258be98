"""Speaker turns (consecutive sentences of one speaker) and the TXT layout with speakers.

Shared by TXT, Markdown and DOCX. A transcript without speaker labels (diarization off) is one turn per sentence
with speaker -1, and formats.py keeps its plain one-sentence-per-line TXT for it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.core.textfmt import clock
from models.core.transcript import Transcript


@dataclass(frozen=True)
class Turn:
    speaker: int
    name: str
    start_ms: int
    end_ms: int
    text: str


def speaker_turns(t: Transcript) -> list[Turn]:
    """Sentences merged while the speaker stays the same; empty sentences dropped."""
    out: list[Turn] = []
    for s in t.segments:
        text = s.text.strip()
        if not text:
            continue
        name = t.label(s)
        if out and out[-1].name == name and name:
            last = out[-1]
            out[-1] = Turn(last.speaker, last.name, last.start_ms, max(last.end_ms, s.end_ms), last.text + text)
        else:
            out.append(Turn(s.speaker, name, s.start_ms, s.end_ms, text))
    return out


def participants(t: Transcript) -> list[str]:
    """Speaker names (a meeting recording's: its channels' and remote speakers') in order of first appearance."""
    return list(dict.fromkeys(name for name in (t.label(s) for s in t.segments) if name))


def stamp(ms: int) -> str:
    """"01:02:03" (hours always shown: minutes of a long meeting stay unambiguous)."""
    return clock(ms / 1000, hours=True, pad=True)


def meeting_date(t: Transcript) -> str:
    """The source file's modification date (when the recording was made), else today; ISO format."""
    try:
        return date.fromtimestamp(Path(t.source).stat().st_mtime).isoformat()
    except (OSError, ValueError):
        return date.today().isoformat()


def title(t: Transcript) -> str:
    return Path(t.source).stem or "会议记录"


def render_txt(t: Transcript) -> str:
    """One paragraph per speaker turn: "[00:01:23] 张三：……", paragraphs separated by a blank line."""
    return "\n".join(f"[{stamp(u.start_ms)}] {u.name}：{u.text}\n" for u in speaker_turns(t))
