"""Speaker names in subtitles and JSON (small hooks called from formats.py).

SRT has no speaker markup: the first line of each cue starts with "张三：" (the name is not counted in max_chars).
WebVTT has a voice span: "<v 张三>" before the first line (the name escaped as WebVTT requires).
JSON: each sentence carries "spk" (the label, from Segment.to_dict) and "speaker" (its name); the top level has
"speakers": {label: name} for every label used.
"""
from __future__ import annotations

from typing import Any

from models.core.transcript import Transcript


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cue_lines(lines: tuple[str, ...], name: str, fmt: str) -> tuple[str, ...]:
    """The cue's lines with the speaker's name added; unchanged when name is ""."""
    if not name or not lines:
        return lines
    first = f"<v {_vtt_escape(name)}>{lines[0]}" if fmt == "vtt" else f"{name}：{lines[0]}"
    return (first, *lines[1:])


def add_json_names(t: Transcript, d: dict[str, Any]) -> dict[str, Any]:
    """Adds speaker names to a transcript dict (from to_dict) in place; returns it."""
    for seg, s in zip(d["segments"], t.segments):
        if s.channel >= 0:  # a meeting recording: the name shown for the sentence ("我", "对方", "对方1" …)
            seg["label"] = t.label(s)
    used = sorted({s.speaker for s in t.segments if s.speaker >= 0})
    if not used:
        return d
    d["speakers"] = {str(k): t.speaker_name(k) for k in used}
    for seg in d["segments"]:
        if seg.get("spk", -1) >= 0:
            seg["speaker"] = t.speaker_name(seg["spk"])
    return d
