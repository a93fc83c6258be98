"""Export a Transcript as TXT, SRT, VTT, JSON, Markdown or DOCX minutes; atomic writes.

    text = render(transcript, "srt", max_chars=20, max_lines=2, max_cue_ms=7000)
    path = write(transcript, "out/talk.srt")              # format from the suffix unless fmt is given
    paths = write_all(transcript, "out", ["txt", "srt"])   # out/<source stem>.txt, out/<source stem>.srt

TXT   one segment (sentence) per line.
SRT   cues numbered from 1, "HH:MM:SS,mmm --> HH:MM:SS,mmm", then the cue's lines, blocks separated by a blank line.
VTT   "WEBVTT", a blank line, then the same cues with "HH:MM:SS.mmm" times (the SRT number as cue identifier).
JSON  transcript.to_dict() plus "format": "tingxie-transcript" and "version"; pretty-printed, one segment per line.
      Given each sentence's recognised text (originals: the desktop exports the user's corrections), every segment
      also has "original_text" and "edited".
MD, DOCX  meeting minutes (models/export/markdown.py, docx.py). With speakers, TXT is one paragraph per speaker
turn and SRT/VTT/JSON carry the names (models/export/speakers.py, turns.py).

Subtitle cues (make_cues): each segment becomes one or more cues, never one cue for two segments. A long segment is
split preferably after punctuation (，。？！、；：… and ASCII ,.?!;:), otherwise between tokens (a hanzi or a whole
Latin word), so that every cue has at most max_lines lines of at most max_chars display width and lasts at most
max_cue_ms. Times come from Segment.tokens/token_ms, aligned with the punctuated Segment.text; a segment without
token times (or whose tokens do not match its text) is split in proportion to display width. Cues are in time order,
never overlap, last at least 1 ms (MIN_CUE_MS when there is room) and never end after transcript.duration_ms.

Display width (text_width): wide and full-width characters (hanzi, full-width punctuation) count 1, everything else
(Latin letters, digits, spaces, ASCII punctuation) counts 0.5, so max_chars=20 fits 20 hanzi or ~40 Latin characters.
"""
from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models.core.errors import ExportError
from models.core.textfmt import timestamp
from models.core.words import token_positions, word_spans
from models.core.atomic import atomic_write
from models.core.transcript import Segment, Transcript
from models.export import speakers as spk_hooks
from models.options import FORMATS

if TYPE_CHECKING:
    from models.summary.minutes import Minutes

log = logging.getLogger(__name__)

BINARY_FORMATS = frozenset({"docx"})  # render() cannot return these as text; write() makes them
JSON_FORMAT = "tingxie-transcript"
JSON_VERSION = 1
MIN_CUE_MS = 500  # cues shorter than this are stretched into the free time after them, if any
BREAK_AFTER = frozenset("，。？！、；：…,.?!;:")


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    speaker: int = -1  # the segment's speaker label (-1: none)
    label: str = ""  # the name shown before it: the speaker's, or a meeting recording's channel's (Transcript.label)


def text_width(s: str) -> float:
    """Display width: wide/full-width characters 1, combining marks 0, everything else 0.5."""
    w = 0.0
    for c in s:
        if unicodedata.combining(c):
            continue
        w += 1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5
    return w


# ---------------------------------------------------------------------------------------------------------- render
def render(transcript: Transcript, fmt: str, *, max_chars: int = 20, max_lines: int = 2, max_cue_ms: int = 7000,
           originals: Sequence[str] | None = None, minutes: "Minutes | None" = None) -> str:
    """originals: each sentence's recognised text (JSON keeps it beside the edited text); minutes: the job's
    summary, put into the Markdown minutes (other text formats leave it out)."""
    fmt = _check_format(fmt)
    if fmt in BINARY_FORMATS:
        raise ExportError(f"{fmt} is a binary format: use write() or models.export.docx.render_docx()")
    if fmt == "md":
        from models.export.markdown import render_markdown

        return render_markdown(transcript, minutes)
    if fmt == "txt" and transcript.has_labels:
        from models.export.turns import render_txt

        return render_txt(transcript)
    if fmt == "txt":
        lines = [s.text.strip() for s in transcript.segments if s.text.strip()]
        return "".join(line + "\n" for line in lines)
    if fmt == "json":
        return _render_json(transcript, originals)
    cues = make_cues(transcript, max_chars=max_chars, max_lines=max_lines, max_cue_ms=max_cue_ms)
    cues = [Cue(c.start_ms, c.end_ms, spk_hooks.cue_lines(c.lines, c.label, fmt)) for c in cues]
    sep = "," if fmt == "srt" else "."
    blocks = [f"{i}\n{timestamp(c.start_ms, sep)} --> {timestamp(c.end_ms, sep)}\n" + "\n".join(c.lines) + "\n"
              for i, c in enumerate(cues, 1)]
    if fmt == "srt":
        return "\n".join(blocks)
    return "WEBVTT\n" + "".join("\n" + b for b in blocks)


def _render_json(t: Transcript, originals: Sequence[str] | None = None) -> str:
    d = {"format": JSON_FORMAT, "version": JSON_VERSION, **spk_hooks.add_json_names(t, t.to_dict())}
    segments = d.pop("segments")
    for seg, orig in zip(segments, originals if originals is not None else ()):
        seg["original_text"] = orig
        seg["edited"] = seg["text"] != orig
    head = json.dumps(d, ensure_ascii=False, indent=2)[:-2]  # drop "\n}"
    body = ",\n".join("    " + json.dumps(s, ensure_ascii=False) for s in segments)
    return head + (',\n  "segments": [\n' + body + "\n  ]\n}\n" if segments else ',\n  "segments": []\n}\n')


def _check_format(fmt: str) -> str:
    f = str(fmt).lower().lstrip(".")
    if f not in FORMATS:
        raise ExportError(f"Unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    return f


# ------------------------------------------------------------------------------------------------------------ cues
@dataclass
class _Unit:
    text: str  # a token as written in Segment.text, plus the punctuation/spaces after it
    start: int
    end: int

    @property
    def breaks(self) -> bool:
        return self.text.rstrip()[-1:] in BREAK_AFTER


def make_cues(transcript: Transcript, *, max_chars: int = 20, max_lines: int = 2, max_cue_ms: int = 7000) -> list[Cue]:
    """The subtitle cues SRT and VTT are made of (see the module docstring for the rules)."""
    if max_chars < 1 or max_lines < 1 or max_cue_ms < 1:
        raise ValueError("max_chars, max_lines and max_cue_ms must be >= 1")
    raw: list[list] = []  # [start, end, lines]
    for seg in transcript.segments:
        units = _units(seg, max_chars)
        for k, group in enumerate(_pack(units, max_chars, max_lines, max_cue_ms)):
            start, end = group[0].start, group[-1].end
            if k == 0:  # let the first cue begin with the segment, if it stays short enough
                start = min(start, max(seg.start_ms, end - max_cue_ms))
            raw.append([start, end, _layout(group, max_chars, max_lines), seg.speaker, transcript.label(seg)])
        if raw and units:  # ... and the last one end with it
            raw[-1][1] = max(raw[-1][1], min(seg.end_ms, raw[-1][0] + max_cue_ms))
    return _fix_times(raw, transcript.duration_ms, max_cue_ms)


def _fix_times(raw: list[list], duration_ms: int, max_cue_ms: int) -> list[Cue]:
    """Order, no overlap, 1 ms <= length <= max_cue_ms, end <= duration_ms (when known)."""
    min_ms = min(MIN_CUE_MS, max_cue_ms)
    limit = duration_ms if duration_ms > 0 else None
    prev_end = 0
    for i, c in enumerate(raw):
        c[0] = max(c[0], prev_end, 0)
        c[1] = min(c[1], c[0] + max_cue_ms)
        room = raw[i + 1][0] if i + 1 < len(raw) else (limit if limit is not None else c[0] + min_ms)
        c[1] = max(c[1], min(c[0] + min_ms, room), c[0] + 1)
        prev_end = c[1]
    if limit is not None:
        for c in reversed(raw):
            c[1] = min(c[1], limit)
            c[0] = max(0, min(c[0], c[1] - 1))
            limit = c[0]
    return [Cue(int(s), int(e), tuple(lines), spk, label) for s, e, lines, spk, label in raw if e > s]


def _units(seg: Segment, max_chars: int) -> list[_Unit]:
    text = seg.text.strip()
    s0, s1 = seg.start_ms, max(seg.end_ms, seg.start_ms)
    spans = None
    if seg.tokens and len(seg.tokens) == len(seg.token_ms):
        spans = token_positions(text, seg.tokens)
        if spans is None:
            log.debug("tokens do not match the text of segment at %d ms; timing cues by length", s0)
    if spans:
        times, prev = [], s0
        for a, b in seg.token_ms:
            a = min(max(a, s0, prev), s1)
            times.append((a, min(max(b, a), s1)))
            prev = a
    else:
        spans = word_spans(text)
        if not spans:
            return []
        weights = [text_width(text[a:b]) for a, b in spans]
        total, acc, times = sum(weights), 0.0, []
        for w in weights:
            times.append((s0 + round((s1 - s0) * acc / total), s0 + round((s1 - s0) * (acc + w) / total)))
            acc += w
    units = []
    for k, ((a, _), (t0, t1)) in enumerate(zip(spans, times)):
        a = 0 if k == 0 else a
        b = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        units.extend(_split_wide(_Unit(text[a:b], t0, t1), max_chars))
    return units


def _split_wide(u: _Unit, max_chars: int) -> list[_Unit]:
    """Cut a unit wider than a line (a very long word) into line-sized pieces with proportional times."""
    if text_width(u.text.rstrip()) <= max_chars:
        return [u]
    pieces, cur = [], ""
    for c in u.text:
        if cur and text_width((cur + c).rstrip()) > max_chars:
            pieces.append(cur)
            cur = ""
        cur += c
    pieces.append(cur)
    out, done, n = [], 0, len(u.text)
    for p in pieces:
        t0 = u.start + (u.end - u.start) * done // n
        done += len(p)
        out.append(_Unit(p, t0, u.start + (u.end - u.start) * done // n))
    return out


def _wrap(pieces: list[str], max_chars: int) -> list[str]:
    """Greedy line filling; pieces are never split."""
    lines, cur = [], ""
    for p in pieces:
        if cur and text_width((cur + p).rstrip()) > max_chars:
            lines.append(cur.rstrip())
            cur = p.lstrip()
        else:
            cur += p
    if cur.strip():
        lines.append(cur.rstrip())
    return [line for line in lines if line]


def _fits(units: list[_Unit], max_chars: int, max_lines: int, max_cue_ms: int) -> bool:
    if units[-1].end - units[0].start > max_cue_ms:
        return False
    lines = _wrap([u.text for u in units], max_chars)
    return len(lines) <= max_lines and all(text_width(line) <= max_chars for line in lines)


def _layout(units: list[_Unit], max_chars: int, max_lines: int) -> list[str]:
    """The cue's lines: break only after punctuation if that fits, else fill lines token by token."""
    phrases, cur = [], ""
    for u in units:
        cur += u.text
        if u.breaks:
            phrases.append(cur)
            cur = ""
    if cur:
        phrases.append(cur)
    lines = _wrap(phrases, max_chars)
    if len(lines) <= max_lines and all(text_width(line) <= max_chars for line in lines):
        return lines
    return _wrap([u.text for u in units], max_chars)


def _pack(units: list[_Unit], max_chars: int, max_lines: int, max_cue_ms: int) -> list[list[_Unit]]:
    """Group units into cues: whole phrases (ending at punctuation) while they fit, else token by token."""
    phrases: list[list[_Unit]] = [[]]
    for u in units:
        phrases[-1].append(u)
        if u.breaks:
            phrases.append([])
    groups: list[list[_Unit]] = []
    cur: list[_Unit] = []
    for ph in (p for p in phrases if p):
        if cur and _fits(cur + ph, max_chars, max_lines, max_cue_ms):
            cur += ph
            continue
        if cur:
            groups.append(cur)
            cur = []
        for u in ph:
            if cur and not _fits(cur + [u], max_chars, max_lines, max_cue_ms):
                groups.append(cur)
                cur = []
            cur.append(u)
    if cur:
        groups.append(cur)
    return groups


# ----------------------------------------------------------------------------------------------------------- write
def write(transcript: Transcript, path: str | Path, fmt: str | None = None, *,
          originals: Sequence[str] | None = None, minutes: "Minutes | None" = None, **opts: int) -> Path:
    """Render and write atomically (temp file in the same folder, fsync, rename). Raises ExportError.

    fmt defaults to the file suffix. Rendering happens before the disk is touched, so an existing file keeps
    its old content if anything fails.
    """
    path = Path(path)
    if _check_format(fmt or path.suffix) == "docx":
        from models.export.docx import render_docx

        data = render_docx(transcript, minutes)
    else:
        data = render(transcript, fmt or path.suffix, originals=originals, minutes=minutes, **opts).encode("utf-8")
    atomic_write(path, data)
    log.info("wrote %s (%d bytes)", path, len(data))
    return path


def write_all(transcript: Transcript, out_dir: str | Path, formats: Iterable[str], stem: str | None = None,
              originals: Sequence[str] | None = None, minutes: "Minutes | None" = None, **opts: int) -> list[Path]:
    """Write <out_dir>/<stem>.<fmt> for each format; stem defaults to the source file's stem."""
    fmts = [_check_format(f) for f in formats]
    stem = stem or Path(transcript.source).stem or "transcript"
    return [write(transcript, Path(out_dir) / f"{stem}.{f}", f, originals=originals, minutes=minutes, **opts)
            for f in fmts]
