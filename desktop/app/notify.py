"""A desktop notification when a long transcription run finishes.

    notifier = JobNotifier(window, min_seconds=120)
    notifier.watch(window.runner, name_of=lambda job_id: window.queue.job(job_id).path.name)

A "run" starts when the first file of a queue starts and ends when the queue stops with "done". If it took at
least `min_seconds`, a tray balloon says how many files finished or failed. Runs that were paused or cancelled
notify nothing (the user was there to do it). Without a system tray (many Linux setups, offscreen tests) the
window asks for attention instead (taskbar flash) — never an error.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

log = logging.getLogger("tingxie.notify")

DEFAULT_MIN_SECONDS = 120.0
_TRAY_HIDE_MS = 20_000


def _fmt_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {s:02d} s" if s else f"{minutes} min"
    hours, m = divmod(minutes, 60)
    return f"{hours} h {m:02d} min"


class JobNotifier(QObject):
    """Counts finished/failed files of a queue run and notifies at its end when the run was long.

    Args:
        window: raised when the notification is clicked; alerted when there is no tray. May be None.
        min_seconds: runs shorter than this notify nothing.
        icon: tray icon (default: the window's icon).
        tray_factory: builds the QSystemTrayIcon-like object (tests pass a fake); None = real tray.
        tray_available: overrides QSystemTrayIcon.isSystemTrayAvailable() (tests).
    """

    notified = Signal(str, str)  # title, message (after it was shown or the window was alerted)
    clicked = Signal()

    def __init__(self, window: QWidget | None = None, min_seconds: float = DEFAULT_MIN_SECONDS, *,
                 icon: QIcon | None = None, tray_factory: Callable[[QIcon, QObject], Any] | None = None,
                 tray_available: bool | None = None, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.min_seconds = float(min_seconds)
        self._icon = icon
        self._tray_factory = tray_factory
        self._tray_available = tray_available
        self._clock = clock
        self._tray: Any = None
        self._run_started: float | None = None
        self._done: list[str] = []
        self._failed: list[str] = []
        self._name_of: Callable[[str], str] = lambda job_id: job_id
        self.last_message: tuple[str, str] | None = None

    def watch(self, runner: Any, name_of: Callable[[str], str] | None = None) -> None:
        """Connect to a QueueRunner's job_started / job_finished / job_failed / queue_stopped signals."""
        if name_of is not None:
            self._name_of = name_of
        runner.job_started.connect(self.on_job_started)
        runner.job_finished.connect(self.on_job_finished)
        runner.job_failed.connect(self.on_job_failed)
        runner.queue_stopped.connect(self.on_queue_stopped)

    # -- runner events --------------------------------------------------------------------------------------------
    @Slot(str)
    def on_job_started(self, job_id: str) -> None:
        if self._run_started is None:
            self._run_started = self._clock()
            self._done, self._failed = [], []

    @Slot(str)
    def on_job_finished(self, job_id: str) -> None:
        self._done.append(self._safe_name(job_id))

    @Slot(str, str)
    def on_job_failed(self, job_id: str, message: str = "") -> None:
        self._failed.append(self._safe_name(job_id))

    @Slot(str)
    def on_queue_stopped(self, reason: str) -> None:
        started, self._run_started = self._run_started, None
        done, failed = self._done, self._failed
        self._done, self._failed = [], []
        if started is None or reason != "done" or not (done or failed):
            return
        elapsed = self._clock() - started
        if elapsed < self.min_seconds:
            return
        self.notify(*self.summary(done, failed, elapsed))

    def summary(self, done: list[str], failed: list[str], elapsed: float) -> tuple[str, str]:
        took = _fmt_duration(elapsed)
        if len(done) + len(failed) == 1:
            name = (done or failed)[0]
            if done:
                return self.tr("Transcription finished"), self.tr("%1 is done (%2).").replace("%1", name).replace(
                    "%2", took)
            return self.tr("Transcription failed"), self.tr("%1 could not be transcribed.").replace("%1", name)
        title = self.tr("Transcription finished") if not failed else self.tr("Transcription finished with errors")
        text = self.tr("%1 file(s) done, %2 failed, in %3.").replace("%1", str(len(done))).replace(
            "%2", str(len(failed))).replace("%3", took)
        return title, text

    # -- showing --------------------------------------------------------------------------------------------------
    def tray_available(self) -> bool:
        if self._tray_available is not None:
            return self._tray_available
        try:
            return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
        except Exception:
            return False

    def notify(self, title: str, message: str) -> bool:
        """Show `message` in the tray. False when there is no tray (the window is alerted instead)."""
        self.last_message = (title, message)
        shown = False
        try:
            if self.tray_available():
                tray = self._ensure_tray()
                tray.show()
                tray.showMessage(title, message, self._current_icon(), 10_000)
                QTimer.singleShot(_TRAY_HIDE_MS, self._hide_tray)
                shown = True
            elif self.window is not None and QApplication.instance() is not None:
                QApplication.alert(self.window, 0)
        except Exception:  # a notification is a courtesy: never break the app over it
            log.exception("notification failed")
        log.info("notify (%s): %s — %s", "tray" if shown else "no tray", title, message)
        self.notified.emit(title, message)
        return shown

    def _current_icon(self) -> QIcon:
        if self._icon is not None and not self._icon.isNull():
            return self._icon
        if self.window is not None and not self.window.windowIcon().isNull():
            return self.window.windowIcon()
        app = QApplication.instance()
        return app.windowIcon() if isinstance(app, QApplication) else QIcon()

    def _ensure_tray(self) -> Any:
        if self._tray is None:
            factory = self._tray_factory or (lambda icon, parent: QSystemTrayIcon(icon, parent))
            self._tray = factory(self._current_icon(), self)
            self._tray.setToolTip("Tingxie")
            self._tray.messageClicked.connect(self._on_clicked)
        return self._tray

    @Slot()
    def _hide_tray(self) -> None:
        if self._tray is not None:
            self._tray.hide()

    @Slot()
    def _on_clicked(self) -> None:
        if self.window is not None:
            from desktop.app.single_instance import raise_window

            raise_window(self.window)
        self.clicked.emit()

    def _safe_name(self, job_id: str) -> str:
        try:
            return str(self._name_of(job_id))
        except Exception:
            return job_id
