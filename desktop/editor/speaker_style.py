"""How speakers look in the editor: the shown name, a stable colour per label, and the narrow view of
the job history the editor uses for speakers (SpeakerBook; models.jobs.store.JobStore provides it).

    name_of(book.speaker_names(job_id), 0)   -> "说话人1" (Transcript.speaker_name: the name every export writes)
    chip(0) -> a round colour icon; tint(0) -> the same hue, faint, for the cell's background
"""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from models.core.transcript import SPEAKER_PREFIX, Transcript

# A stable palette (Tableau 10 hues): mid-tone chips read on light and dark backgrounds alike; the cell's tint
# is the same hue at low alpha, so the text keeps the theme's own colour and contrast.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#bab0ac")
TINT_ALPHA = 56


class SpeakerBook(Protocol):
    """What the editor needs of the job history for speakers (models.jobs.store.JobStore provides it)."""

    def speaker_names(self, job: int) -> dict[int, str]: ...

    def rename_speaker(self, job_id: int, speaker: int, name: str) -> None: ...

    def merge_speakers(self, job_id: int, source: int, target: int) -> int: ...

    def reassign_speaker(self, job_id: int, pos: int, speaker: int) -> None: ...


def name_of(names: dict[int, str], speaker: int, prefix: str = SPEAKER_PREFIX) -> str:
    """The shown name of a label: the user's, else the default every export writes (Transcript.speaker_name;
    prefix: 说话人, or 說話人 in a Traditional transcript)."""
    return Transcript(source="", duration_ms=0, speakers=names, speaker_prefix=prefix).speaker_name(speaker) \
        if speaker >= 0 else ""


def colour(speaker: int) -> QColor:
    return QColor(PALETTE[speaker % len(PALETTE)]) if speaker >= 0 else QColor()


def tint(speaker: int) -> QColor:
    c = colour(speaker)
    c.setAlpha(TINT_ALPHA)
    return c


_chips: dict[tuple[int, int], QIcon] = {}


def chip(speaker: int, size: int = 12) -> QIcon:
    """A round colour chip for the label (cached)."""
    key = (speaker % len(PALETTE), size)
    if key not in _chips:
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(colour(speaker).darker(130))
        p.setBrush(colour(speaker))
        p.drawEllipse(1, 1, size - 2, size - 2)
        p.end()
        _chips[key] = QIcon(pm)
    return _chips[key]


