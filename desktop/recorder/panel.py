"""Record / Pause / Stop, elapsed time, a level meter (desktop/recorder/meter.py) and input warnings.

The panel owns a models.capture.capture.Recorder and polls its status() with a timer in the GUI thread, so no signal
crosses threads. Settings read at each Record press: "recorder/device" (name, "" = default) and
"recorder/folder" ("" = models.core.paths.recordings_dir()). The window reads "recorder/auto_transcribe" itself.

Lost audio: when the recorder loses input (the system dropped it, or the writer fell behind), `drop_label` says at
once where and how much, in red, and stays for the rest of the recording and after Stop (until the next Record);
the recording's transcript marks the same spans (models/capture/drain.py, models/audio/gaps.py).

Signals:
- recording_started(path): the file exists and audio is being written to it.
- recording_finished(path): a finished recording (also after an automatic stop: device lost, disk full), or a
  recovered one the user chose "Add to queue" for. The window adds it to the queue, and starts it when
  "recorder/auto_transcribe" is true.
- unfinished_found(paths): check_unfinished() repaired recordings left by a crash; the panel offers them itself
  (informational: don't queue them on this signal, the offer's button emits recording_finished).
The window should call check_unfinished() once at startup and stop_recording() before it closes.
"""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any, Callable

import soundfile as sf

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

from models.capture import capture as rec_mod
from models.capture import devices
from models.capture.capture import Recorder, RecorderError, RecorderStatus, State
from models.capture.drain import REASON_RING
from desktop.recorder.meter import LevelMeter
from desktop.recorder.sources import SourceBar
from models.core.textfmt import clock

log = logging.getLogger("tingxie.recorder")

SILENCE_WARN_S = 10.0
POLL_MS = 50


def _dot_icon() -> QIcon:
    pm = QPixmap(32, 32)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#d03a2f"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(5, 5, 22, 22)
    p.end()
    return QIcon(pm)


class RecorderPanel(QWidget):
    recording_started = Signal(str)
    recording_finished = Signal(str)
    unfinished_found = Signal(list)

    def __init__(self, settings: Any, parent: QWidget | None = None, *,
                 recorder_factory: Callable[[], Recorder] = Recorder) -> None:
        super().__init__(parent)
        self.settings = settings
        self.recorder = recorder_factory()
        self._shown_drops = (0, 0)  # (dropped_blocks, gaps) drop_label shows
        self._recovered: list[str] = []
        self._wait_ticks = 0
        self.last_error = ""  # why the last recording stopped by itself ("" after a Stop)
        # Called with each recording check_unfinished() repaired (the window binds its live transcript to it)
        self.on_repaired: Callable[[Path], None] | None = None

        st = self.style()
        self.record_button = QPushButton(_dot_icon(), self.tr("Record"))
        self.pause_button = QPushButton(st.standardIcon(QStyle.StandardPixmap.SP_MediaPause), self.tr("Pause"))
        self.stop_button = QPushButton(st.standardIcon(QStyle.StandardPixmap.SP_MediaStop), self.tr("Stop"))
        self.record_button.setToolTip(self.tr("Record from the microphone; the file is saved as it is recorded"))
        self.stop_button.setToolTip(self.tr("Stop recording. With live captions the transcript is complete at once; "
                                           "without, the recording is added to the queue"))
        self.elapsed_label = QLabel(clock(0, hours=True))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.elapsed_label.setFont(mono)
        self.meter = LevelMeter(self, tick_ms=POLL_MS)
        # Microphone / System audio / Both, with a meter per source
        self.sources = SourceBar(settings, partial(LevelMeter, tick_ms=POLL_MS), self)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.warning_label.hide()
        self.drop_label = QLabel()  # lost audio: stays until the next Record
        self.drop_label.setObjectName("recorder-drop")
        self.drop_label.setWordWrap(True)
        self.drop_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.drop_label.hide()

        self.recovered_frame = QFrame()
        self.recovered_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.recovered_label = QLabel()
        self.recovered_label.setWordWrap(True)
        self.recover_add_button = QPushButton(self.tr("Add to queue"))
        self.recover_dismiss_button = QPushButton(self.tr("Dismiss"))
        row = QHBoxLayout(self.recovered_frame)
        row.addWidget(self.recovered_label, 1)
        row.addWidget(self.recover_add_button)
        row.addWidget(self.recover_dismiss_button)
        self.recovered_frame.hide()

        controls = QHBoxLayout()
        for w in (self.record_button, self.pause_button, self.stop_button):
            controls.addWidget(w)
        controls.addSpacing(8)
        controls.addWidget(self.elapsed_label)
        controls.addWidget(self.meter, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sources)
        layout.addLayout(controls)
        layout.addWidget(self.drop_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.recovered_frame)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.record_button.clicked.connect(self.start_recording)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop_recording)
        self.recover_add_button.clicked.connect(self._add_recovered)
        self.recover_dismiss_button.clicked.connect(self._dismiss_recovered)
        self._update_buttons()

    # ---- public -----------------------------------------------------------------------------------------------

    @property
    def is_recording(self) -> bool:
        """True while recording or paused (the window should stop_recording() before it closes)."""
        return self.recorder.state is not State.IDLE

    def folder(self) -> Path:
        folder = self.settings.value("recorder/folder", "")
        if not folder:
            from models.core import paths
            return paths.recordings_dir()
        return Path(folder).expanduser()

    @Slot()
    def start_recording(self) -> None:
        if self.is_recording:
            return
        self._show_warning("")
        self._shown_drops = (0, 0)
        self.drop_label.clear()
        self.drop_label.hide()
        notes = []
        device: int | None = None
        name = str(self.settings.value("recorder/device", "") or "")
        try:
            if name:
                device = devices.resolve_device(name)
                if device is None:
                    notes.append(self.tr("Microphone “{0}” not found; recording from the default one.").format(name))
            source = self.sources.source()
            path = self.recorder.start(device, self.folder(), **({"source": source} if source != "mic" else {}))
        except RecorderError as e:
            log.warning("recording not started: %s", e)
            self._set_message(str(e), error=True)
            self._update_buttons()
            return
        what = self.recorder.device_name
        if source == "both":
            what = self.tr("{0} and {1}").format(what, self.recorder.system_name)
        notes.append(self.tr("Recording from {0} to {1}").format(what, path))
        self._set_message("\n".join(notes))
        self._wait_ticks = 0
        self.meter.reset()
        self._timer.start()
        self._update_buttons()
        self.recording_started.emit(str(path))

    @Slot()
    def toggle_pause(self) -> None:
        if self.recorder.state is State.RECORDING:
            self.recorder.pause()
        elif self.recorder.state is State.PAUSED:
            self.recorder.resume()
        self._update_buttons()

    @Slot()
    def stop_recording(self) -> str | None:
        """Stop (keeping everything captured so far) and emit recording_finished. Returns the path."""
        if not self.is_recording:
            return None
        self._timer.stop()
        error = self.recorder.status().error
        try:
            path = self.recorder.stop()
        except RecorderError as e:  # not expected: stop() only raises when idle
            self._set_message(str(e), error=True)
            self._update_buttons()
            return None
        final = self.recorder.status()
        error = error or final.error
        self.last_error = error or ""
        self._show_drops(final)
        self.meter.reset()
        self._show_warning("")
        self.elapsed_label.setText(clock(self.recorder.elapsed, hours=True))
        text = self.tr("Saved {0} ({1}).").format(path.name, clock(self.recorder.elapsed, hours=True))
        self._set_message(f"{error}\n{text}" if error else text, error=bool(error))
        self._update_buttons()
        self.recording_finished.emit(str(path))
        return str(path)

    def check_unfinished(self) -> list[str]:
        """Find recordings left unfinished by a crash, repair them and offer them. Call once at startup."""
        found: list[str] = []
        total = 0.0
        for path in rec_mod.find_unfinished(self.folder()):
            try:
                rec_mod.repair(path)
                seconds = sf.info(str(path)).duration
            except (RecorderError, RuntimeError, OSError) as e:
                log.warning("cannot recover %s: %s", path, e)
                continue
            if self.on_repaired is not None:
                self.on_repaired(path)
            if seconds > 0:
                found.append(str(path))
                total += seconds
        if found:
            self._recovered = found
            self.recovered_label.setText(self.tr("Recovered after a crash ({0} in all): {1}").format(
                clock(total, hours=True), ", ".join(Path(p).name for p in found)))
            self.recovered_frame.show()
            self.unfinished_found.emit(list(found))
        return found

    # ---- internals --------------------------------------------------------------------------------------------

    @Slot()
    def _poll(self) -> None:
        st = self.recorder.status()
        if st.state is State.IDLE:
            self._timer.stop()
            return
        if st.error:
            log.error("recording stopped: %s", st.error)
            self.stop_recording()
            return
        self.elapsed_label.setText(clock(st.elapsed_s, hours=True))
        self.meter.set_level(st.rms, st.peak)
        self.sources.set_levels(st.levels)
        self._show_drops(st)
        warn = ""
        if st.state is State.RECORDING and st.elapsed_s == 0:
            self._wait_ticks += 1
            if self._wait_ticks * POLL_MS >= 1000:
                warn = self.tr("Waiting for the microphone to deliver audio…")
        elif st.silent_s > SILENCE_WARN_S:
            warn = self.tr("No sound from the microphone for {0} s. Is it muted, or is it the wrong device?"
                           ).format(int(st.silent_s))
        elif st.clipping:
            warn = self.tr("The input is too loud (clipping): lower the microphone volume or move it away.")
        self._show_warning(warn)

    def _show_drops(self, st: RecorderStatus) -> None:
        """The last loss (time in the recording, length, why) and the count so far; nothing when none."""
        seen = (st.dropped_blocks, len(st.gaps))
        if seen == self._shown_drops or not st.dropped_blocks:
            return
        self._shown_drops = seen
        if st.gaps:
            last = st.gaps[-1]
            why = (self.tr("the recorder could not keep up") if last.reason == REASON_RING
                   else self.tr("the system dropped input: the computer was too busy"))
            length = (self.tr("{0} s").format(f"{last.lost_ms / 1000:.2f}") if last.lost_ms > 0
                      else self.tr("length unknown"))
            text = self.tr("Audio lost at {0} ({1}): {2}.").format(clock(last.at_ms / 1000, hours=True), length, why)
            parts = [text]
            if len(st.gaps) > 1:
                total = sum(g.lost_ms for g in st.gaps) / 1000
                parts.append(self.tr("{0} gaps so far, {1} s in all.").format(len(st.gaps), f"{total:.2f}"))
            parts.append(self.tr("The transcript marks the gaps."))
            text = "".join(p if p.endswith("。") else p + " " for p in parts).strip()  # no space after a full stop 。
        else:  # logged by the callback, not yet written: the details follow within a poll
            text = self.tr("Audio lost: the system dropped input.")
        log.warning("recorder panel: %s", text)
        self.drop_label.setText(text)
        self.drop_label.show()

    def _show_warning(self, text: str) -> None:
        if text != self.warning_label.text():
            self.warning_label.setText(text)
        self.warning_label.setVisible(bool(text))

    def _set_message(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b3261e;" if error else "")

    def _update_buttons(self) -> None:
        state = self.recorder.state
        self.sources.set_recording(state is not State.IDLE)
        self.record_button.setEnabled(state is State.IDLE)
        self.pause_button.setEnabled(state is not State.IDLE)
        self.stop_button.setEnabled(state is not State.IDLE)
        paused = state is State.PAUSED
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause))

    @Slot()
    def _add_recovered(self) -> None:
        paths, self._recovered = self._recovered, []
        self.recovered_frame.hide()
        for p in paths:
            self.recording_finished.emit(p)

    @Slot()
    def _dismiss_recovered(self) -> None:
        self._recovered = []
        self.recovered_frame.hide()
