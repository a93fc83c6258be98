"""Strict SRT / WebVTT parsers and checks for tests (independent of models/export/formats.py on purpose).

    from subtitles import parse_srt, parse_vtt, check_cues, cue_text

    cues = parse_srt(path.read_text("utf-8"))   # list[Cue(index, start_ms, end_ms, lines)]
    cues = parse_vtt(text)                       # same, index = numeric cue identifier or position from 1
    check_cues(cues, duration_ms=t.duration_ms, max_chars=20, max_lines=2, max_cue_ms=7000)
    assert cue_text(cues) == "".join(t.text.split())   # all cue text, whitespace removed

Everything wrong raises SubtitleError (an AssertionError and a ValueError) whose message names the cue/line:
BOM, missing final newline, CR characters, numbering not 1, 2, 3..., malformed timestamps (SRT: HH:MM:SS,mmm;
VTT: [HH:]MM:SS.mmm, minutes/seconds < 60), end <= start, a cue starting before the previous one ended, a cue with no
text or a blank/whitespace-only line, a missing blank line between cues, extra blank lines, "-->" in cue text.
An empty SRT ("" ) and a VTT of just "WEBVTT\\n" parse to [].

check_cues limits (each optional): duration_ms (no cue ends after it), max_chars (display width per line: wide /
full-width characters 1, combining marks 0, anything else 0.5 -- the rule exporters document), max_lines,
max_cue_ms (end - start).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Cue", "SubtitleError", "parse_srt", "parse_vtt", "check_cues", "cue_text", "width"]


class SubtitleError(AssertionError, ValueError):
    """The subtitle text breaks a rule; the message says which and where."""


@dataclass(frozen=True)
class Cue:
    index: int
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_SRT_TIME = r"(\d{2,}):(\d{2}):(\d{2}),(\d{3})"
_SRT_TIMING = re.compile(rf"^{_SRT_TIME} --> {_SRT_TIME}$")
_VTT_TIME = r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME} --> {_VTT_TIME}(?: +\S.*)?$")


def width(s: str) -> float:
    """Display width: wide/full-width characters 1, combining marks 0, anything else 0.5."""
    return sum(0.0 if unicodedata.combining(c) else 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in s)


def _ms(h: str | None, m: str, s: str, ms: str, where: str) -> int:
    hh, mm, ss = int(h or 0), int(m), int(s)
    if mm >= 60 or ss >= 60:
        raise SubtitleError(f"{where}: minutes/seconds out of range")
    return ((hh * 60 + mm) * 60 + ss) * 1000 + int(ms)


def _common_checks(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        raise SubtitleError("file starts with a BOM")
    if "\r" in text:
        raise SubtitleError("file contains CR characters (expected \\n line ends)")
    if text and not text.endswith("\n"):
        raise SubtitleError("file does not end with a newline")
    if text.endswith("\n\n"):
        raise SubtitleError("file ends with extra blank lines")
    return text.split("\n")[:-1] if text else []


def _blocks(lines: list[str], first_line: int) -> list[tuple[int, list[str]]]:
    """Split at single blank lines: (line number of the block's first line, its lines)."""
    blocks: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    start = first_line
    for n, line in enumerate(lines, first_line):
        if line == "":
            if not cur:
                raise SubtitleError(f"line {n}: extra blank line")
            blocks.append((start, cur))
            cur = []
        else:
            if not cur:
                start = n
            cur.append(line)
    if cur:
        blocks.append((start, cur))
    return blocks


def _text_lines(lines: list[str], where: str) -> tuple[str, ...]:
    if not lines:
        raise SubtitleError(f"{where}: cue has no text")
    for k, line in enumerate(lines, 1):
        if not line.strip():
            raise SubtitleError(f"{where}: text line {k} is blank")
        if "-->" in line:
            raise SubtitleError(f"{where}: text line {k} contains '-->' (missing blank line between cues?)")
    return tuple(lines)


def _order(cues: list[Cue]) -> None:
    prev_end = 0
    for c in cues:
        if c.end_ms <= c.start_ms:
            raise SubtitleError(f"cue {c.index}: end {c.end_ms} ms <= start {c.start_ms} ms")
        if c.start_ms < prev_end:
            raise SubtitleError(f"cue {c.index}: starts at {c.start_ms} ms, before the previous cue ends ({prev_end} ms)")
        prev_end = c.end_ms


def parse_srt(text: str) -> list[Cue]:
    """Parse SRT strictly (see module docstring); returns the cues."""
    cues: list[Cue] = []
    for n, block in _blocks(_common_checks(text), 1):
        where = f"cue {len(cues) + 1} (line {n})"
        if not block[0].isdigit():
            raise SubtitleError(f"{where}: expected the cue number, got {block[0]!r}")
        index = int(block[0])
        if index != len(cues) + 1 or block[0] != str(index):
            raise SubtitleError(f"{where}: numbered {block[0]!r}, expected {len(cues) + 1}")
        if len(block) < 2:
            raise SubtitleError(f"{where}: missing timing line")
        m = _SRT_TIMING.match(block[1])
        if not m:
            raise SubtitleError(f"{where}: bad timing line {block[1]!r} (want HH:MM:SS,mmm --> HH:MM:SS,mmm)")
        g = m.groups()
        cues.append(Cue(index, _ms(*g[:4], where), _ms(*g[4:], where), _text_lines(block[2:], where)))
    _order(cues)
    return cues


def parse_vtt(text: str) -> list[Cue]:
    """Parse WebVTT strictly (header, optional cue identifiers, NOTE blocks skipped); returns the cues."""
    lines = _common_checks(text)
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise SubtitleError("first line must be 'WEBVTT'")
    if len(lines) > 1 and lines[1] != "":
        raise SubtitleError("line 2: expected a blank line after the WEBVTT header")
    cues: list[Cue] = []
    for n, block in _blocks(lines[2:], 3):
        where = f"cue {len(cues) + 1} (line {n})"
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        ident = None
        if "-->" not in block[0]:
            ident, block = block[0], block[1:]
            if not block:
                raise SubtitleError(f"{where}: identifier {ident!r} without a timing line")
        if ident is not None and ident.isdigit() and int(ident) != len(cues) + 1:
            raise SubtitleError(f"{where}: numbered {ident!r}, expected {len(cues) + 1}")
        m = _VTT_TIMING.match(block[0])
        if not m:
            raise SubtitleError(f"{where}: bad timing line {block[0]!r} (want HH:MM:SS.mmm --> HH:MM:SS.mmm)")
        g = m.groups()
        cues.append(Cue(len(cues) + 1, _ms(*g[:4], where), _ms(*g[4:8], where), _text_lines(block[1:], where)))
    _order(cues)
    return cues


def check_cues(cues: list[Cue], duration_ms: int | None = None, max_chars: float | None = None,
               max_lines: int | None = None, max_cue_ms: int | None = None) -> None:
    """Check parsed cues against layout and timing limits; raises SubtitleError naming the first offending cue."""
    _order(cues)
    for c in cues:
        where = f"cue {c.index} ({c.start_ms}-{c.end_ms} ms)"
        if not c.lines or not any(line.strip() for line in c.lines):
            raise SubtitleError(f"{where}: no text")
        if duration_ms is not None and c.end_ms > duration_ms:
            raise SubtitleError(f"{where}: ends after the audio ({duration_ms} ms)")
        if max_cue_ms is not None and c.end_ms - c.start_ms > max_cue_ms:
            raise SubtitleError(f"{where}: lasts {c.end_ms - c.start_ms} ms > {max_cue_ms} ms")
        if max_lines is not None and len(c.lines) > max_lines:
            raise SubtitleError(f"{where}: {len(c.lines)} lines > {max_lines}")
        if max_chars is not None:
            for line in c.lines:
                if width(line) > max_chars:
                    raise SubtitleError(f"{where}: line {line!r} is {width(line)} wide > {max_chars}")


def cue_text(cues: list[Cue]) -> str:
    """All cue text concatenated with every whitespace character removed (compare with a transcript's text)."""
    return "".join("".join(line.split()) for c in cues for line in c.lines)
