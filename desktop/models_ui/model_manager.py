"""Model manager: a non-modal dialog listing the models with size and state; download (progress, speed, cancel,
resume), import a folder, verify, repair. All work is models.store.manager.ModelStore's; this only adapts it to Qt.

Store operations run on a StoreOpThread; the byte counters it updates are read by a QTimer (5 Hz), never per
chunk, so a fast download cannot flood the event loop (qutebrowser's DownloadItemStats idea).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable

import desktop.app.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.window.format import clock, size_text, speed_text

log = logging.getLogger("tingxie.models")
KEY_ROLE = Qt.ItemDataRole.UserRole


class StoreOp(QThread):
    """One store call (download/repair/import/verify) off the GUI thread; progress goes into plain attributes."""

    op_finished = Signal(str, str, str, object)  # model key, op, error ("" = ok), result

    def __init__(self, key: str, op: str, fn: Callable[["StoreOp"], Any]) -> None:
        super().__init__()
        self.key, self.op, self._fn = key, op, fn
        self.cancel = threading.Event()
        self.done_bytes = 0
        self.total_bytes = 0

    def on_progress(self, done: int, total: int) -> None:  # called per chunk by the store, in this thread
        self.done_bytes, self.total_bytes = int(done), int(total or 0)

    def run(self) -> None:
        from models.core.errors import Cancelled

        try:
            result = self._fn(self)
        except Cancelled:
            self.op_finished.emit(self.key, self.op, "cancelled", None)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            if not _is_user_error(exc):
                log.exception("%s %s failed", self.op, self.key)
            self.op_finished.emit(self.key, self.op, str(exc) or type(exc).__name__, exc)
        else:
            self.op_finished.emit(self.key, self.op, "", result)


def _is_user_error(exc: BaseException) -> bool:
    from models.core.errors import TingxieError

    return isinstance(exc, TingxieError)


class SpeedMeter:
    """Rolling average over the last few seconds (bytes/s) and the ETA it implies."""

    def __init__(self, window_s: float = 5.0, clock_fn: Callable[[], float] = time.monotonic) -> None:
        self._samples: deque[tuple[float, int]] = deque()
        self._window = window_s
        self._clock = clock_fn

    def add(self, done: int) -> None:
        now = self._clock()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > self._window:
            self._samples.popleft()

    def speed(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return max(0.0, (d1 - d0) / (t1 - t0)) if t1 > t0 else 0.0


def _state_name(state: Any) -> str:
    """READY / MISSING / PARTIAL / BROKEN from models.store.manager.ModelState (or a plain string)."""
    return str(getattr(state, "value", state)).upper()


class ModelManagerDialog(QDialog):
    models_changed = Signal()  # a model became ready (download, import, repair finished)
    op_completed = Signal(str, str, str)  # key, op, error: for tests and the window

    def __init__(self, store_factory: Callable[[], Any] | None = None, specs: list[Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("Models"))
        self.resize(760, 380)
        self._store_factory = store_factory
        self._store: Any = None
        self._specs = specs
        self.op: StoreOp | None = None
        self._pending: list[str] = []  # keys still to download after the current one ("Download all missing")
        self._meter = SpeedMeter()

        self.intro = QLabel(self.tr("Tingxie needs a speech recognition model, a voice activity detector and a "
                                    "punctuation model. Download them once (about 1.1 GB), or import folders copied "
                                    "from another computer. Everything runs offline afterwards."))
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Size"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download the selected model from ModelScope (resumes a partial "
                                                "download)"))
        self.download_button.clicked.connect(self.download_selected)
        self.download_all_button = QPushButton(self.tr("Download all missing"))
        self.download_all_button.clicked.connect(self.download_missing)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the download; what is done is kept and resumed next time"))
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button = QPushButton(self.tr("Import folder…"))
        self.import_button.setToolTip(self.tr("Use a model folder copied from another computer (no internet needed)"))
        self.import_button.clicked.connect(self.choose_import)
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Check every file of the selected model (checksums)"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.repair_button = QPushButton(self.tr("Repair"))
        self.repair_button.setToolTip(self.tr("Delete damaged files and download them again"))
        self.repair_button.clicked.connect(self.repair_selected)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_selected_folder)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for b in (self.download_button, self.download_all_button, self.cancel_button, self.import_button,
                  self.verify_button, self.repair_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setToolTip(self.tr("Hide this window; downloads continue"))
        close.clicked.connect(self.hide)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._tick)
        self.refresh()

    # -- data ---------------------------------------------------------------------------------------------------
    @property
    def store(self) -> Any:
        if self._store is None:
            if self._store_factory is not None:
                self._store = self._store_factory()
            else:
                from models.store.manager import ModelStore

                self._store = ModelStore()
        return self._store

    def specs(self) -> list[Any]:
        if self._specs is None:
            from models.core import registry

            self._specs = list(registry.MODELS.values())
        return self._specs

    def spec_for(self, key: str) -> Any:
        return next(s for s in self.specs() if s.key == key)

    def default_keys(self) -> set[str]:
        try:
            from models.core.registry import DEFAULT_KEYS
        except ImportError:
            return {s.key for s in self.specs()}
        return set(DEFAULT_KEYS)

    def state_of(self, key: str) -> str:
        try:
            return _state_name(self.store.status(self.spec_for(key)).state)
        except Exception:  # noqa: BLE001
            log.exception("status failed for %s", key)
            return "BROKEN"

    def refresh(self) -> None:
        selected = self.selected_key()
        specs = self.specs()
        self.table.setRowCount(len(specs))
        names = {"READY": self.tr("Installed"), "MISSING": self.tr("Not installed"),
                 "PARTIAL": self.tr("Incomplete (resume download)"), "BROKEN": self.tr("Damaged (repair)")}
        optional = self.tr("optional")
        for row, spec in enumerate(specs):
            try:
                st = self.store.status(spec)
                state, problems, path = _state_name(st.state), list(st.problems), str(st.path)
            except Exception as exc:  # noqa: BLE001 - a broken folder must still be listed
                state, problems, path = "BROKEN", [str(exc)], ""
            title = spec.title if spec.key in self.default_keys() else f"{spec.title} ({optional})"
            item = QTableWidgetItem(title)
            item.setData(KEY_ROLE, spec.key)
            item.setToolTip(f"{spec.model_id} @ {spec.revision}\n{path}")
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(f"{spec.size_mb} MB"))
            shown = names.get(state, state)
            if self.op is not None and self.op.key == spec.key and self.op.op in ("download", "repair"):
                shown = self.tr("Downloading…")
            state_item = QTableWidgetItem(shown)
            state_item.setData(KEY_ROLE, state)
            if problems and state != "READY":
                state_item.setToolTip("\n".join(problems))
            self.table.setItem(row, 2, state_item)
        row = next((r for r, s in enumerate(specs) if s.key == selected), 0)
        if specs:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_key(self) -> str | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = self.table.item(items[0].row(), 0)
        return item.data(KEY_ROLE) if item else None

    # -- operations ---------------------------------------------------------------------------------------------
    def download_selected(self) -> None:
        key = self.selected_key()
        if key:
            self._start(key, "download", lambda op: self.store.download(self.spec_for(key), op.on_progress, op.cancel))

    def download_missing(self) -> None:
        keys = [s.key for s in self.specs() if s.key in self.default_keys() and self.state_of(s.key) != "READY"]
        if not keys:
            self.message.setText(self.tr("All required models are installed."))
            return
        self._pending = keys[1:]
        key = keys[0]
        self._start(key, "download", lambda op: self.store.download(self.spec_for(key), op.on_progress, op.cancel))

    def repair_selected(self) -> None:
        key = self.selected_key()
        if key:
            self._start(key, "repair", lambda op: self.store.repair(self.spec_for(key), op.on_progress, op.cancel))

    def verify_selected(self) -> None:
        key = self.selected_key()
        if key:
            self._start(key, "verify", lambda op: self.store.verify(self.spec_for(key), deep=True))

    def import_folder(self, key: str, folder: Path) -> None:
        self._start(key, "import", lambda op: self.store.import_folder(self.spec_for(key), Path(folder)))

    def choose_import(self) -> None:
        key = self.selected_key()
        if not key:
            return
        spec = self.spec_for(key)
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder holding %1").replace("%1", ", ".join(spec.required_files)), str(Path.home()))
        if folder:
            self.import_folder(key, Path(folder))

    def open_selected_folder(self) -> None:
        key = self.selected_key()
        if key:
            path = Path(self.store.status(self.spec_for(key)).path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.exists() else path.parent)))

    def cancel(self) -> None:
        self._pending = []
        if self.op is not None:
            self.op.cancel.set()
            self.progress_label.setText(self.tr("Cancelling…"))

    def _start(self, key: str, op_name: str, fn: Callable[[StoreOp], Any]) -> None:
        if self.op is not None:
            return
        op = StoreOp(key, op_name, fn)
        op.op_finished.connect(self._on_op_finished)
        self.op = op
        self._meter = SpeedMeter()
        self.message.setText("")
        verbs = {"download": self.tr("Downloading %1…"), "repair": self.tr("Repairing %1…"),
                 "import": self.tr("Importing %1…"), "verify": self.tr("Verifying %1…")}
        self.progress_label.setText(verbs[op_name].replace("%1", self.spec_for(key).title))
        self.progress.setRange(0, 1000 if op_name in ("download", "repair") else 0)
        self.progress.setValue(0)
        self.progress.show()
        op.start()
        self.timer.start()
        self.refresh()

    @Slot()
    def _tick(self) -> None:
        op = self.op
        if op is None or op.op not in ("download", "repair"):
            return
        done, total = op.done_bytes, op.total_bytes
        self._meter.add(done)
        speed = self._meter.speed()
        if total > 0:
            self.progress.setValue(int(1000 * min(1.0, done / total)))
        parts = [f"{size_text(done)} / {size_text(total) if total else '?'}"]
        if speed > 0:
            parts.append(speed_text(speed))
            if total > done:
                parts.append(self.tr("about %1 left").replace("%1", clock((total - done) / speed)))
        title = self.spec_for(op.key).title
        self.progress_label.setText(f"{title}: " + " · ".join(parts))

    @Slot(str, str, str, object)
    def _on_op_finished(self, key: str, op_name: str, error: str, result: Any) -> None:
        op, self.op = self.op, None
        self.timer.stop()
        if op is not None:
            op.wait(2000)
            op.deleteLater()
        self.progress.hide()
        self.progress_label.setText("")
        title = self.spec_for(key).title
        if error == "cancelled":
            self.message.setText(self.tr("Stopped. What was downloaded is kept; Download resumes from there."))
        elif error:
            self.message.setText(self._error_text(result, error))
        elif op_name == "verify":
            problems = list(result or [])
            self.message.setText(self.tr("%1: all files are fine.").replace("%1", title) if not problems else
                                 self.tr("%1: %2").replace("%1", title).replace("%2", "; ".join(problems)))
        else:
            self.message.setText(self.tr("%1 is installed.").replace("%1", title))
        self.refresh()
        self.op_completed.emit(key, op_name, error)
        if not error and op_name in ("download", "repair", "import"):
            if self._pending:
                nxt = self._pending.pop(0)
                self._start(nxt, "download",
                            lambda o: self.store.download(self.spec_for(nxt), o.on_progress, o.cancel))
            if self.op is None:
                self.models_changed.emit()

    def _error_text(self, exc: Any, error: str) -> str:
        from models.core.errors import DownloadError

        if isinstance(exc, DownloadError):
            return self.tr("Cannot download: %1\n\nNo internet here? On a computer with internet, download the "
                           "model folders from modelscope.cn (or copy them from another Tingxie installation), "
                           "bring them over on a USB stick, select each model here and use Import folder….") \
                .replace("%1", error)
        return error

    def _update_buttons(self) -> None:
        busy = self.op is not None
        key = self.selected_key()
        state = self.state_of(key) if key else ""
        self.download_button.setText(self.tr("Resume download") if state == "PARTIAL" else self.tr("Download"))
        self.download_button.setEnabled(not busy and bool(key) and state != "READY")
        self.download_all_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.import_button.setEnabled(not busy and bool(key))
        self.verify_button.setEnabled(not busy and state in ("READY", "BROKEN", "PARTIAL"))
        self.repair_button.setEnabled(not busy and state in ("BROKEN", "PARTIAL"))
        self.open_button.setEnabled(bool(key))

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Cancel a running operation and wait for its thread (called when the main window closes)."""
        self._pending = []
        if self.op is not None:
            self.op.cancel.set()
            if not self.op.wait(timeout_ms):
                log.warning("model operation still running after %d ms", timeout_ms)
