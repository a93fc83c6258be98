"""The editor's table model: one row per sentence (time, text, speaker), read from EditStore.

A QAbstractTableModel with fixed row heights in the view keeps a 3,000-sentence transcript fast: the view only
asks for the rows on screen. The whole list is re-read after a structural change (split, join, undo): one query,
a few milliseconds for 3,000 rows. The speaker column is the last logical column (TIME and TEXT keep
their numbers); the view shows it between them and hides it for a transcript without speakers.
"""
from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from desktop.editor import replacements
from desktop.editor.replacements import Spans
from desktop.editor.speaker_style import SpeakerBook, chip, name_of, tint
from models.core.textfmt import clock
from models.core.transcript import SPEAKER_PREFIX
from models.jobs.edits import EditStore, Sentence

Index = QModelIndex | QPersistentModelIndex
TIME, TEXT, SPEAKER = 0, 1, 2
HIGHLIGHT = QColor(255, 236, 153)


def playing_icon() -> QIcon:
    from PySide6.QtWidgets import QApplication, QStyle

    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)


class SentenceModel(QAbstractTableModel):
    text_committed = Signal(int, str)  # row, new text: the editor turns it into an EditStore call

    def __init__(self, edits: EditStore, job_id: int | None, parent: Any = None,
                 speakers: SpeakerBook | None = None) -> None:
        super().__init__(parent)
        self.edits, self.job_id, self.speakers = edits, job_id, speakers
        self.names: dict[int, str] = {}  # {label: name} the user gave (others: 说话人N)
        self._read_names()
        self.rows: list[Sentence] = edits.sentences(job_id) if job_id is not None else []
        self._starts = [s.start_ms for s in self.rows]
        self._spans: list[Spans] | None = None  # glossary replacements per row, computed on first use
        self.current = -1  # the sentence being played
        self.match: tuple[int, int, int] | None = None  # Find's match: row, offset, length (painted as selected)
        self.show_original = False

    # -- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self.rows[index.row()]
        if index.column() == SPEAKER:
            return self._speaker_data(s.speaker, role, index.row() == self.current)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == TIME:
                return clock(s.start_ms / 1000, pad=True)
            return s.original if self.show_original and role == Qt.ItemDataRole.DisplayRole else s.text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TEXT:
            tip = s.text if not s.edited else f"{s.text}\n\n{self.tr('Recognised:')} {s.original}"
            reps = self.replacements(index.row())
            lines = [self.tr("Glossary: %1 (recognised: %2)").replace("%1", s.text[r.start:r.end])
                     .replace("%2", r.recognised) for r in reps]
            return "\n".join([tip, *lines])
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.current:
            return QBrush(HIGHLIGHT)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == TIME and index.row() == self.current:
            return playing_icon()  # visible on a selected row too (the selection hides the background)
        if role == Qt.ItemDataRole.FontRole and index.column() == TEXT and s.edited and not self.show_original:
            f = QFont()
            f.setItalic(True)  # edited sentences stand out from what was recognised
            return f
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() == TEXT and not self.show_original else f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != TEXT:
            return False
        if str(value) != self.rows[index.row()].text:
            self.text_committed.emit(index.row(), str(value))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (self.tr("Time"), self.tr("Text"), self.tr("Speaker"))[section]
        return None

    # -- ours
    def sentence(self, row: int) -> Sentence:
        return self.rows[row]

    # -- speakers
    def has_speakers(self) -> bool:
        return any(s.speaker >= 0 for s in self.rows)

    def labels(self) -> list[int]:
        return sorted({s.speaker for s in self.rows if s.speaker >= 0})

    def name(self, speaker: int) -> str:
        return name_of(self.names, speaker, self.prefix)

    def _speaker_data(self, speaker: int, role: int, playing: bool) -> Any:
        if speaker < 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.name(speaker)
        if role == Qt.ItemDataRole.DecorationRole:
            return chip(speaker)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HIGHLIGHT if playing else tint(speaker))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Double-click to rename %1 everywhere; right-click to reassign or merge").replace(
                "%1", self.name(speaker))
        return None

    def _read_names(self) -> None:
        self.names = self.speakers.speaker_names(self.job_id) if self.speakers and self.job_id is not None else {}
        # the unnamed label in the transcript's script (a SpeakerBook without it: Simplified)
        read_prefix = getattr(self.speakers, "speaker_prefix", None) if self.job_id is not None else None
        self.prefix = read_prefix(self.job_id) if read_prefix is not None else SPEAKER_PREFIX

    def replacements(self, row: int) -> Spans:
        """The glossary replacements still in row's text (none while the recognised text is shown)."""
        if self.show_original or self.job_id is None:
            return ()
        if self._spans is None:
            self._spans = replacements.load(self.edits.db, self.job_id, self.rows)
        return self._spans[row] if row < len(self._spans) else ()

    def replacement_count(self) -> int:
        return sum(len(self.replacements(r)) for r in range(len(self.rows)))

    def row_at(self, ms: int) -> int:
        """The sentence playing at ms: the last one starting at or before it."""
        return max(0, bisect.bisect_right(self._starts, ms) - 1) if self.rows else -1

    def set_current(self, row: int) -> bool:
        if row == self.current:
            return False
        old, self.current = self.current, row
        for r in (old, row):
            if 0 <= r < len(self.rows):
                self.dataChanged.emit(self.index(r, 0), self.index(r, SPEAKER),
                                      [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole])
        return True

    def set_match(self, match: tuple[int, int, int] | None) -> None:
        old, self.match = self.match, match
        for m in (old, match):
            if m is not None and 0 <= m[0] < len(self.rows):
                self.dataChanged.emit(self.index(m[0], TEXT), self.index(m[0], TEXT))

    def set_show_original(self, on: bool) -> None:
        self.show_original = on
        self._all_changed()

    def reload(self) -> None:
        """Re-read every sentence (after an edit, undo or split)."""
        rows = self.edits.sentences(self.job_id) if self.job_id is not None else []
        self._spans = None
        self.match = None  # the texts may have changed under it: Find shows its next match again
        self._read_names()
        if len(rows) == len(self.rows):
            self.rows = rows
            self._starts = [s.start_ms for s in rows]
            self._all_changed()
            return
        self.beginResetModel()
        self.rows, self._starts = rows, [s.start_ms for s in rows]
        self.endResetModel()

    def fetch_new(self) -> int:
        """Append sentences that arrived since (live transcription); returns how many. When the job was reset
        meanwhile (transcribed again from the start), everything is re-read."""
        if self.job_id is None:
            return 0
        have = len(self.rows)
        new = self.edits.sentences(self.job_id, start=max(0, have - 1))
        if have and (not new or new[0] != self.rows[-1]):
            self.current = -1
            self.reload()
            return len(self.rows)
        new = new[1:] if have else new
        self._spans = None
        if new:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(new) - 1)
            self.rows.extend(new)
            self._starts.extend(s.start_ms for s in new)
            self.endInsertRows()
            if any(s.speaker >= 0 and s.speaker not in self.names for s in new):
                before = self.names  # a label new to this view may have come with its name (a meeting's 我 / 对方)
                self._read_names()
                if self.names != before:
                    self._all_changed()
        return len(new)

    def _all_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, SPEAKER))
