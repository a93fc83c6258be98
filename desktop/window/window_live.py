"""The main window's side of live captions: wires desktop/live (controller, panel lines, caption strip) to the
recorder panel, the queue, the transcript editor, the exports and the history.

- A recording started with live captions on gets a live session (desktop/live/controller.py). Its job is shown as
  a running row of the queue, so the transcript editor fills sentence by sentence through the same path as a file
  being transcribed (TranscriptPane.sentences_arrived), and clicking a sentence plays what was recorded so far.
- Stop: the session finishes in a thread; the row is done, exported automatically as files are, and the recording
  is not queued a second time. A session that failed (or never started) leaves the recording to the queue as before.
- While a live session has the engine, queued files wait (the runner is held) and the status bar says so.
- Startup: recordings a crash left are repaired by the panel; their live transcript is bound to the repaired file,
  so transcribing it resumes after the last sentence.

It sees the window only through LiveHost (no import of the main window).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QPoint, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop.live.controller import LiveController
from desktop.live.views import CaptionStrip, LiveLines
from desktop.queue.history import row_from_job
from desktop.queue.model import PENDING, Job, JobStatus, QueueModel
from desktop.settings.store import Key, Settings, UiState

log = logging.getLogger("tingxie.window")
STRIP_POS = "live/strip_pos"
STRIP_SHOWN = "live/strip_shown"


class LiveHost(Protocol):
    queue: QueueModel
    settings: Settings
    ui_state: UiState
    jobs: Any  # models.jobs.store.JobStore
    runner: Any  # desktop.queue.runner.QueueRunner
    transcript: Any  # desktop.window.transcript_pane.TranscriptPane
    intake: Any  # desktop.window.intake.FileIntake
    history: Any  # desktop.window.window_history.WindowHistory

    def export_jobs(self, jobs: list[Job], folder: Path | None = None) -> list[Path]: ...

    def select_row(self, row: int) -> None: ...

    def show_notice(self, text: str, level: str = "info", action_text: str = "", action_id: str = "") -> None: ...

    def show_status(self, text: str, timeout_ms: int) -> None: ...


class WindowLive(QObject):
    def __init__(self, host: LiveHost, panel: Any, view_menu: QMenu, parent: QWidget) -> None:
        super().__init__(parent)
        self.host, self.panel = host, panel
        runner = host.runner
        self.controller = LiveController(host.jobs, host.settings, runner.request_live_engine, self._hold, self)
        runner.live_engine_ready.connect(self.controller.engine_ready)
        runner.state_changed.connect(self._say_waiting)
        self._waiting_said = False
        panel.recorder.add_listener(self.controller.on_block)
        panel.recording_started.connect(lambda path: self.controller.recording_started(path,
                                                                                        panel.recorder.samplerate))
        panel.on_repaired = self._recovered
        self.lines = LiveLines(panel)
        panel.layout().insertWidget(1, self.lines)  # under the Record / Pause / Stop row
        self.strip = CaptionStrip()
        self.strip_action = QAction(self.tr("Caption strip"), self)
        self.strip_action.setCheckable(True)
        self.strip_action.setToolTip(self.lines.strip_button.toolTip())
        view_menu.addAction(self.strip_action)
        self.strip_action.toggled.connect(self._show_strip)
        self.lines.strip_toggled.connect(self.strip_action.setChecked)
        self.strip.closed.connect(lambda: self.strip_action.setChecked(False))
        self.strip.moved.connect(self._strip_moved)
        c = self.controller
        c.lines_changed.connect(self._show_lines)
        c.job_opened.connect(self._job_opened)
        c.sentences_arrived.connect(self._sentences_arrived)
        c.notice.connect(lambda text, level: host.show_notice(text, level))
        c.finished.connect(self._finished)
        self.strip_action.setChecked(host.ui_state.text(STRIP_SHOWN) == "1")
        QTimer.singleShot(0, panel.check_unfinished)  # after the window is up: repairs, offers, binds

    # -- the window's calls ---------------------------------------------------------------------------------------
    def recording_finished(self, path: str) -> None:
        """The panel's recording_finished: finish the live transcript, or queue the file as before."""
        if self.controller.recording_stopped(path, getattr(self.panel, "last_error", "")):
            return
        h = self.host
        h.intake.add_recording(path)
        # A recovered recording's live job is already a row (it resumes): "transcribe when recorded" starts it too
        waiting = any(j.status in PENDING and j.path == Path(path).resolve() for j in h.queue.jobs)
        if waiting and h.settings.value(Key.RECORDER_AUTO) and not h.runner.running:
            h.runner.start()

    def settings_changed(self, changed: set[str]) -> None:
        if str(Key.LIVE_CAPTIONS) in changed:
            self.controller.set_enabled(self.host.settings.value(Key.LIVE_CAPTIONS))

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """The window closes: a running recording is stopped and its transcript finished (what is left after
        the timeout resumes from the history next time)."""
        if self.panel.is_recording:
            self.panel.stop_recording()
        if not self.controller.wait_finished(timeout_s):
            log.warning("the live transcript did not finish in %.0f s; it resumes next time", timeout_s)
        self.host.ui_state.set(STRIP_SHOWN, "1" if self.strip_action.isChecked() else "0")
        self.strip.close()

    # -- controller events ----------------------------------------------------------------------------------------
    def _hold(self, held: bool) -> None:
        self.host.runner.hold(held)  # state_changed follows: _say_waiting
        if not held and self._waiting_said:
            self._waiting_said = False
            self.host.show_status("", 1)

    @Slot()
    def _say_waiting(self) -> None:
        """Start pressed (or files queued) while live holds the engine: the status bar says why nothing starts."""
        r = self.host.runner
        if r.held and r.running and not r.busy and any(j.status in PENDING for j in self.host.queue.jobs):
            self._waiting_said = True
            self.host.show_status(self.tr("Queued files wait: the live recording is using the speech model."), 0)

    @Slot()
    def _show_lines(self) -> None:
        c = self.controller
        lines = c.lines()
        self.lines.show_lines(lines, c.status(), c.busy)
        self.strip.show_lines(lines)

    @Slot(bool)
    def _show_strip(self, on: bool) -> None:
        self.lines.strip_button.setChecked(on)
        if not on:
            self.strip.hide()
            return
        raw = self.host.ui_state.text(STRIP_POS)
        try:
            x, y = (int(v) for v in raw.split(","))
            self.strip.move(QPoint(x, y))
        except ValueError:
            pass  # never moved: where the window system puts it
        self.strip.show()
        self.strip.raise_()

    @Slot(QPoint)
    def _strip_moved(self, pos: QPoint) -> None:
        self.host.ui_state.set(STRIP_POS, f"{pos.x()},{pos.y()}")

    @Slot(str, str)
    def _job_opened(self, uid: str, path: str) -> None:
        """The live job is in the history: a running row, shown in the editor when Follow is on."""
        h = self.host
        if h.queue.job(uid) is None:
            info = h.runner.runtime_info
            h.queue.restore([Job(Path(path).resolve(), id=uid, status=JobStatus.RUNNING,
                                 runtime=info.label() if info is not None else "")])
        if h.transcript.follow.isChecked() or h.transcript.job_id is None:
            h.select_row(h.queue.row_of(uid))

    @Slot(str)
    def _sentences_arrived(self, uid: str) -> None:
        h = self.host
        row = h.queue.job(uid)
        s = self.controller.session
        if row is not None and s is not None:
            row.duration_s = s.source.pushed_s
            row.done_s = s.captions.finals[-1].end_ms / 1000 if s.captions.finals else 0.0
            h.queue.changed(uid)
        h.transcript.sentences_arrived(uid)
        self._reopen_audio(uid)

    def _reopen_audio(self, uid: str) -> None:
        """The recording grows: the player opens it again (when idle) so the new sentences can be played; a paused
        position is kept."""
        pane = self.host.transcript
        row = self.host.queue.job(uid)
        player = pane.editor.player
        if pane.job_id == uid and row is not None and not player.playing:
            player.reopen(row.path)

    @Slot(str, str, str)
    def _finished(self, path: str, uid: str, failure: str) -> None:
        h = self.host
        row = h.queue.job(uid) if uid else None
        if failure:
            if row is not None:
                h.queue.remove_rows([h.queue.row_of(uid)])
            h.show_notice(self.tr("The live transcript stopped (%1): the recording is queued to be transcribed "
                                  "again.").replace("%1", failure), "warning")
            h.intake.add_recording(path)
            return
        job = h.jobs.get(uid)
        if row is not None:
            row.status, row.eta_s = JobStatus.DONE, -1.0
            row.duration_s = row.done_s = job.duration_ms / 1000
            h.queue.changed(uid)
            if h.transcript.job_id == uid:
                h.transcript.sentences_arrived(uid)
                h.transcript.set_title(row)
                h.transcript.set_exportable(True)
                self._reopen_audio(uid)
            if h.settings.value(Key.EXPORT_AUTO):
                h.export_jobs([row])
        h.history.refresh()
        n = job.segment_count
        error = self.controller.error
        if error:
            h.show_notice(self.tr("%1 The recording and the %2 sentence(s) transcribed until then are kept.")
                          .replace("%1", error).replace("%2", str(n)), "warning")
        else:
            h.show_status(self.tr("%1 transcribed while recording: %2 sentence(s).")
                          .replace("%1", Path(path).name).replace("%2", str(n)), 8000)

    # -- startup recovery -----------------------------------------------------------------------------------------
    def _recovered(self, path: Path) -> None:
        """A recording a crash left, repaired: its live transcript resumes after the last sentence."""
        from models.live.recover import bind_recovered

        job = bind_recovered(self.host.jobs, path)
        if job is None:
            return
        q = self.host.queue
        row = q.job(job.uid)
        if row is None:
            q.restore([row_from_job(job)])
        else:
            row.path, row.status = job.path, JobStatus.INTERRUPTED
            row.done_s = job.resume_ms / 1000
            row.duration_s = job.duration_ms / 1000 if job.duration_ms else row.duration_s
            q.changed(row.id)
