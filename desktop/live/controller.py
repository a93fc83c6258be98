"""Live captions while recording: one models.live.session.LiveSession per recording, fed by the recorder.

The controller knows no window. It gets the job history, the settings, and two callables of the queue runner
(ask for the engine, hold the queue); the window's glue (desktop/window/window_live.py) connects the rest.

Audio: `on_block` is a recorder listener (models.capture.capture.Recorder.add_listener), called in the recorder's
writer thread for every block from the first one of each recording. Blocks that come before the engine is ready
(it may still be loading, or a file is being transcribed) are kept and pushed first, so the live transcript has
every sample and its times are the file's.

Threads: the session decodes in its own threads; this object only polls it from a GUI-thread QTimer (snapshot,
counters), and finish() runs in a plain thread whose end comes back as a queued signal. No widget is touched from
another thread.
"""
from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path
from typing import Any, Callable

import numpy as np

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.settings.store import Key
from models.live.captions import final_line

log = logging.getLogger("tingxie.live")

POLL_MS = 100
CATCHING_UP_S = 3.0  # final sentences this far behind the audio: say so
FINISH_TIMEOUT_S = 600.0


class Phase:
    OFF = "off"  # no live session for the recording (captions off, or not available)
    WAITING = "waiting"  # recording; the engine is being loaded, or a file is being transcribed first
    LIVE = "live"
    FINISHING = "finishing"  # recording stopped; the last segment is decoded


class LiveController(QObject):
    lines_changed = Signal()  # lines() / status() changed
    job_opened = Signal(str, str)  # job uid, recording path: the live job exists in the history
    sentences_arrived = Signal(str)  # job uid: final sentences were committed
    notice = Signal(str, str)  # text, level ("info" | "warning" | "error")
    finished = Signal(str, str, str)  # recording path, job uid ("" when none), error ("" when complete)
    _finish_done = Signal(object)  # (path, uid, error): from the finishing thread

    def __init__(self, jobs: Any, settings: Any, request_engine: Callable[[bool], None],
                 hold_queue: Callable[[bool], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs, self.settings = jobs, settings
        self._request_engine, self._hold = request_engine, hold_queue
        self.enabled = bool(settings.value(Key.LIVE_CAPTIONS))  # read by the writer thread: a plain bool
        self.phase = Phase.OFF
        self.session: Any = None
        self.path: Path | None = None
        self.rate = 0
        self.uid = ""
        self.hint = ""  # one line under the captions (final sentences only: install the model; waiting; ...)
        self.error = ""  # the recorder's error that ended the recording (microphone gone)
        self._lock = threading.Lock()
        self._pending: list[np.ndarray] = []
        self._accepting = False
        self._target: Any = None  # the session the writer thread pushes to
        self._notes: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._seen = (-1, -1, False)  # (caption version, segments committed, catching up) last shown
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._finish_done.connect(self._on_finish_done)

    # -- the recorder's writer thread ----------------------------------------------------------------------------
    def on_block(self, block: np.ndarray, position: int) -> None:
        """Recorder listener: every written block, from the writer thread. Never blocks for long."""
        with self._lock:
            # A new recording: keep its audio until its session exists. Its session may exist already (the engine
            # was loaded before Record was pressed, so it was lent before the writer's first block): keep it.
            if position == 0 and self._target is None:
                self._pending, self._accepting = [], self.enabled
            if self._target is not None:
                self._target.push(block)
            elif self._accepting:
                self._pending.append(np.array(block, np.float32, copy=True))

    # -- GUI thread -----------------------------------------------------------------------------------------------
    def set_enabled(self, enabled: bool) -> None:
        """The setting changed: applies from the next recording."""
        self.enabled = bool(enabled)

    @property
    def busy(self) -> bool:
        return self.phase != Phase.OFF

    def owns(self, path: str | Path) -> bool:
        """Whether this recording's transcript is (being) made live: the window must not queue it again."""
        return self.path is not None and self.phase in (Phase.LIVE, Phase.FINISHING) \
            and Path(path).resolve() == self.path.resolve()

    def recording_started(self, path: str, rate: int) -> None:
        if not self.enabled:
            self._drop_pending()
            return
        if self.phase == Phase.FINISHING:  # Record pressed again within the second the last one takes to finish
            self._drop_pending()
            self.notice.emit(self.tr("Live captions are off for this recording: the previous one is still being "
                                     "finished. It is transcribed when it stops."), "warning")
            return
        self.path, self.rate, self.uid, self.error = Path(path), int(rate), "", ""
        self.session = None
        self.phase = Phase.WAITING
        self.hint = self.tr("Live captions start as soon as the speech model is ready…")
        self._hold(True)
        self._request_engine(True)
        self.lines_changed.emit()

    @Slot(object, object, str)
    def engine_ready(self, engine: Any, streaming: Any, why: str) -> None:
        """The runner lent the engine (None: it cannot be loaded: why)."""
        if self.phase != Phase.WAITING or self.path is None:
            return  # the recording ended first: it is queued as a file
        if engine is None:
            self._give_up(self.tr("Live captions are not available (%1): the recording is transcribed when it "
                                  "stops.").replace("%1", why))
            return
        from models.live.session import LiveSession

        path = self.path
        speakers = self.settings.speaker_options(is_recording=True)
        if speakers.enabled:
            try:
                engine.speaker_model_dir()
            except Exception:  # noqa: BLE001 - no speaker model: live captions without speakers
                speakers = None
        self.session = LiveSession(engine, self.jobs, path, self.rate, streaming=streaming,
                                   text=self.settings.text_options(path), speakers=speakers,
                                   on_notice=self._notes.put)
        self.hint = "" if streaming is not None else self.tr(
            "Final sentences only: install the live-captions model in the model manager for streaming text.")
        if streaming is None and why:
            log.info("live captions without streaming text: %s", why)
        self.session.start()
        with self._lock:  # the audio so far first, then the writer thread pushes itself
            for block in self._pending:
                self.session.push(block)
            self._pending, self._target = [], self.session
        self.phase = Phase.LIVE
        self._seen = (-1, -1, False)
        self._timer.start()
        self.lines_changed.emit()

    def recording_stopped(self, path: str, error: str = "") -> bool:
        """The recorder stopped (error: why it stopped by itself). True when the live session finishes the
        transcript (the window must not queue the file); False: queue it as a file."""
        with self._lock:
            self._target, self._accepting = None, False
        if self.phase == Phase.WAITING:
            self._give_up("")
            return False
        if not self.owns(path) or self.phase != Phase.LIVE:
            return False
        self.error = error
        self.phase = Phase.FINISHING
        self.hint = self.tr("Finishing the last sentence…")
        self.lines_changed.emit()
        session = self.session

        def finish() -> None:
            failure = ""
            try:
                if session.finish(FINISH_TIMEOUT_S) is None:
                    failure = str(session.error or self.tr("the live transcript did not finish"))
            except Exception as exc:  # noqa: BLE001 - reported: the file is queued instead
                log.exception("finishing the live transcript failed")
                failure = str(exc)
            self._finish_done.emit((str(path), failure))

        self._thread = threading.Thread(target=finish, name="tingxie-live-finish", daemon=True)
        self._thread.start()
        return True

    def wait_finished(self, timeout_s: float) -> bool:
        """Wait for a finishing transcript (the window closes); True when none is left running."""
        t = self._thread
        if t is not None:
            t.join(timeout_s)
        return t is None or not t.is_alive()

    def lines(self) -> list[tuple[str, bool]]:
        """The last two caption lines: (text, is_final). Once the transcript is complete, only its sentences (a
        streaming tail that no final sentence replaced is not part of it)."""
        if self.session is None:
            return []
        if self.phase == Phase.OFF:
            return [(final_line(s), True) for s in self.session.captions.finals[-2:]]
        return self.session.snapshot()[0]

    def status(self) -> str:
        """A short line about the live text: catching up, waiting, or the hint."""
        s = self.session
        if s is not None and self.phase == Phase.LIVE:
            behind = max(s.stream_backlog_s if s.catching_up else 0.0, s.backlog_s)
            if s.catching_up or s.backlog_s > CATCHING_UP_S:
                return self.tr("Catching up (%1 s behind)").replace("%1", f"{behind:.0f}")
        return self.hint

    def sentence_count(self) -> int:
        s = self.session
        return len(s.captions.finals) if s is not None else 0

    # -- internals --------------------------------------------------------------------------------------------------
    def _drop_pending(self) -> None:
        with self._lock:
            self._pending, self._accepting = [], False

    def _give_up(self, message: str) -> None:
        self._drop_pending()
        self.phase, self.path, self.hint = Phase.OFF, None, ""
        self._hold(False)
        if message:
            self.notice.emit(message, "warning")
        self.lines_changed.emit()

    @Slot()
    def _poll(self) -> None:
        s = self.session
        if s is None:
            return
        while True:
            try:
                self.notice.emit(self._notes.get_nowait(), "info")
            except queue.Empty:
                break
        if s.job_id is not None and not self.uid:
            try:
                self.uid = self.jobs.get(s.job_id).uid
            except Exception as exc:  # noqa: BLE001 - the history cannot be read: captions go on
                log.warning("the live job cannot be read: %s", exc)
            if self.uid and self.path is not None:
                self.job_opened.emit(self.uid, str(self.path))
        _lines, version = s.snapshot()
        seen = (version, s.segments_done, s.catching_up or s.backlog_s > CATCHING_UP_S)
        if seen == self._seen:
            return
        if seen[1] != self._seen[1] and self.uid:
            self.sentences_arrived.emit(self.uid)
        self._seen = seen
        self.lines_changed.emit()

    @Slot(object)
    def _on_finish_done(self, result: tuple[str, str]) -> None:
        path, failure = result
        self._poll()  # the last sentences, and the job's uid if it came late
        self._timer.stop()
        uid = self.uid
        self.phase, self.hint = Phase.OFF, ""
        self._hold(False)
        self.lines_changed.emit()
        self.finished.emit(path, uid, failure)
