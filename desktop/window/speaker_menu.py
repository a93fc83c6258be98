"""The queue's "Speakers" submenu: a diarization choice for the selected files.

    Settings default / Off / Automatic / 2 … 6 speakers / Other…

It acts on the selected rows that have not run to the end (queue.set_speakers); the choice is shown in the queue's
Speakers column and kept with each job (desktop/queue/speaker_choice.py). Finished rows go to `on_finished`
(speakers added to the saved transcript, without transcribing it again). It gets the queue model and callables
for the selected rows and the finished ones, never the window.
"""
from __future__ import annotations

from typing import Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop.queue.model import CHOOSABLE, Job, JobStatus, QueueModel
from desktop.settings.store import Settings
from models.speakers.options import MAX_SPEAKERS, SpeakerOptions

QUICK_COUNTS = (2, 3, 4, 5, 6)
DEFAULT = "default"  # the data of the "Settings default" entry


class SpeakerMenu(QMenu):
    def __init__(self, queue: QueueModel, selected_rows: Callable[[], list[int]], settings: Settings,
                 parent: QWidget | None = None,
                 on_finished: Callable[[list[Job], SpeakerOptions], None] | None = None) -> None:
        super().__init__(parent)
        self.on_finished = on_finished
        self.setTitle(self.tr("Speakers"))
        self.queue = queue
        self.selected_rows = selected_rows
        self.settings = settings
        self.menuAction().setStatusTip(self.tr("Label who said what in the selected files"))
        self.group = QActionGroup(self)
        self.group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)  # none ticked: rows differ
        self.entries: dict[str, QAction] = {}
        self._add(DEFAULT, self.tr("Settings default"))
        self.addSeparator()
        self._add("off", self.tr("Off"))
        self._add("auto", self.tr("Automatic"))
        for n in QUICK_COUNTS:
            self._add(str(n), self.tr("%n speaker(s)", "", n))
        self.other = self._add("other", self.tr("Other number…"))
        self.aboutToShow.connect(self.refresh)

    def _add(self, data: str, text: str) -> QAction:
        a = QAction(text, self)
        a.setCheckable(True)
        a.setData(data)
        a.triggered.connect(lambda _checked=False, d=data: self.choose(d))
        self.group.addAction(a)
        self.addAction(a)
        self.entries[data] = a
        return a

    def options(self, data: str, other_n: int | None = None) -> SpeakerOptions | None:
        """The choice an entry stands for (None: the settings'); counts keep the settings' automatic bounds."""
        if data == DEFAULT:
            return None
        base = self.settings.speaker_options()
        if data in ("off", "auto"):
            return SpeakerOptions(mode=data, min_n=base.min_n, max_n=base.max_n)
        n = other_n if data == "other" else int(data)
        return SpeakerOptions.parse(str(n), min_n=base.min_n, max_n=base.max_n)

    def choose(self, data: str, other_n: int | None = None) -> int:
        """Apply an entry to the selected rows; returns how many changed. "other" asks for the count."""
        if data == "other" and other_n is None:
            current = self._current()
            n, ok = QInputDialog.getInt(self.parentWidget(), self.tr("Speakers"),
                                        self.tr("Number of speakers in the selected files:"),
                                        current.n if current is not None and current.mode == "fixed" else 2,
                                        1, MAX_SPEAKERS)
            if not ok:
                self.refresh()
                return 0
            other_n = n
        choice = self.options(data, other_n)
        done = [j for j in self._rows() if j.status is JobStatus.DONE]
        if done and self.on_finished is not None:  # the saved transcripts get speakers; no second transcription
            self.on_finished(done, choice if choice is not None else self.settings.speaker_options())
        return len(self.queue.set_speakers(self.selected_rows(), choice)) + len(done)

    def _rows(self) -> list:
        jobs = [self.queue.job_at(r) for r in self.selected_rows()]
        return [j for j in jobs if j is not None and (j.status in CHOOSABLE or (
            j.status is JobStatus.DONE and self.on_finished is not None))]

    def _current(self) -> SpeakerOptions | None:
        jobs = self._rows()
        return jobs[0].speakers if jobs else None

    def refresh(self) -> None:
        """Tick the entry the selected rows share (none when they differ); disabled without a row to change."""
        jobs = self._rows()
        self.menuAction().setEnabled(bool(jobs))
        choices = {j.speakers for j in jobs}
        tick = ""
        if len(choices) == 1:
            c = next(iter(choices))
            if c is None:
                tick = DEFAULT
            elif c.mode != "fixed":
                tick = c.mode
            else:
                tick = str(c.n) if c.n in QUICK_COUNTS else "other"
        for data, a in self.entries.items():
            a.setChecked(data == tick)
        self.other.setText(self.tr("Other number (%1)…").replace("%1", str(next(iter(choices)).n))
                           if tick == "other" else self.tr("Other number…"))
