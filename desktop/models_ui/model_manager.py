"""Model manager: a non-modal dialog offering the two model sets ("CPU (ONNX, smaller)", "GPU / PyTorch";
the one models.store.sets picks for this computer preselected) and listing the chosen set's models with size and
state; download (progress, speed, cancel, resume) a model or the whole set, import a folder in either layout (or a
folder of model folders), verify and repair the set. All work is models.store.manager.ModelStore's; this only adapts
it to Qt.

Store operations run one at a time on a StoreOp thread (desktop/models_ui/store_op.py) through an OpQueue
(desktop/models_ui/op_queue.py); set operations queue one per model. Their progress and outcome are shown by
desktop/models_ui/op_progress.py.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Mapping

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.models_ui.op_progress import OpProgress
from desktop.models_ui.op_queue import OpQueue
from desktop.models_ui.set_chooser import SetChooser
from desktop.models_ui.titles import model_title
from desktop.models_ui.store_op import SpeedMeter, StoreOp, state_name as _state_name

__all__ = ["ModelManagerDialog", "SpeedMeter", "StoreOp"]
log = logging.getLogger("tingxie.models")
KEY_ROLE = Qt.ItemDataRole.UserRole


class ModelManagerDialog(QDialog):
    models_changed = Signal()  # a model became ready (download, import, repair finished)
    op_completed = Signal(str, str, str)  # key, op, error: for tests and the window
    ops_finished = Signal(str)  # op: the last queued operation (of a set) is done

    def __init__(self, store_factory: Callable[[], Any] | None = None, specs: list[Any] | None = None,
                 parent: QWidget | None = None, sets: Mapping[str, tuple[str, ...]] | None = None,
                 machine_set: Callable[[], str] | None = None,
                 find_models: Callable[[Path, list[Any]], list[tuple[str, Path]]] | None = None) -> None:
        """sets: name -> registry keys (default registry.SETS); machine_set: the set for this computer (default
        models.store.sets.machine_set); find_models: (folder, specs) -> [(key, model folder)] (default
        models.store.detect.find_models). Tests pass fakes for all three."""
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle(self.tr("Models"))
        self.resize(820, 420)
        self._store_factory = store_factory
        self._store: Any = None
        self._specs = specs
        self.ops = OpQueue(self._store_call, self)
        self.ops.op_started.connect(self._on_op_started)
        self.ops.op_done.connect(self._on_op_finished)
        self.ops.queue_done.connect(self._on_queue_done)
        self.feedback = OpProgress(self.ops, lambda key: model_title(self.spec_for(key)), self)
        self.progress, self.progress_label = self.feedback.bar, self.feedback.label
        self.message, self.timer = self.feedback.message, self.feedback.timer
        self._find_models = find_models
        if sets is None:
            from models.core.registry import SETS as sets
        if machine_set is None:
            from models.store.sets import machine_set
        self.chooser = SetChooser(sets, self.specs(), machine_set)
        self.chooser.set_changed.connect(lambda _name: self.refresh())

        self.intro = QLabel(self.tr("Tingxie needs a speech recognition model, a voice activity detector and a "
                                    "punctuation model. Choose a set and download it once, or import folders copied "
                                    "from another computer. Everything runs offline afterwards. CPU (ONNX, smaller) "
                                    "is about half the download and needs no conversion; GPU / PyTorch is for an "
                                    "NVIDIA GPU or full precision."))
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
        self.download_all_button = QPushButton(self.tr("Download set"))
        self.download_all_button.setToolTip(self.tr("Download every model of the chosen set that is not installed"))
        self.download_all_button.clicked.connect(self.download_missing)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the download; what is done is kept and resumed next time"))
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button = QPushButton(self.tr("Import folder…"))
        self.import_button.setToolTip(self.tr("Use model folders copied from another computer (no internet needed): "
                                              "a PyTorch or ONNX model folder, or a folder holding several"))
        self.import_button.clicked.connect(self.choose_import)
        self.verify_button = QPushButton(self.tr("Verify set"))
        self.verify_button.setToolTip(self.tr("Check every file of the chosen set's installed models (checksums)"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.repair_button = QPushButton(self.tr("Repair set"))
        self.repair_button.setToolTip(self.tr("Delete the set's damaged files and download them again"))
        self.repair_button.clicked.connect(self.repair_selected)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_selected_folder)

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
        layout.addWidget(self.chooser)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.message)
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
        """The chosen set's keys (what Download set fetches)."""
        return set(self.chooser.keys())

    def shown_specs(self) -> list[Any]:
        """The chosen set's models, then the optional ones that belong to no set (e.g. CAM++, large punctuation),
        less another set's own optional model (registry.OPTIONAL: the CPU set's live captions are its ONNX export)."""
        from models.core.registry import OPTIONAL

        in_sets = self.chooser.all_set_keys()
        keys = self.chooser.keys()
        mine = OPTIONAL.get(self.chooser.current(), ())
        others = {k for ks in OPTIONAL.values() for k in ks if k not in mine}
        return [s for s in self.specs() if s.key in keys] + [s for s in self.specs()
                                                             if s.key not in in_sets and s.key not in others]

    def state_of(self, key: str) -> str:
        try:
            return _state_name(self.store.status(self.spec_for(key)).state)
        except Exception:  # noqa: BLE001
            log.exception("status failed for %s", key)
            return "BROKEN"

    def refresh(self) -> None:
        selected = self.selected_key()
        specs = self.shown_specs()
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
            title = model_title(spec) if spec.key in self.default_keys() else f"{model_title(spec)} ({optional})"
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
        self._show_missing(specs)
        row = next((r for r, s in enumerate(specs) if s.key == selected), 0)
        if specs:
            self.table.selectRow(row)
        self._update_buttons()

    def _show_missing(self, specs: list[Any]) -> None:
        """What a download would fetch now: the set's models not installed, then the optional ones."""
        states = {r: self.table.item(r, 2).data(KEY_ROLE) for r in range(self.table.rowCount())}
        missing = [s for r, s in enumerate(specs) if states.get(r) != "READY"]
        in_set = self.default_keys()
        self.chooser.show_missing(sum(s.size_mb for s in missing if s.key in in_set),
                                  sum(s.size_mb for s in missing if s.key not in in_set))

    def selected_key(self) -> str | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = self.table.item(items[0].row(), 0)
        return item.data(KEY_ROLE) if item else None

    # -- operations ---------------------------------------------------------------------------------------------
    def download_selected(self) -> None:
        if key := self.selected_key():
            self._run_queue([(key, "download", None)], report=False)

    def download_missing(self) -> None:
        keys = [k for k in self.chooser.keys() if self.state_of(k) != "READY"]
        if not keys:
            self.message.setText(self.tr("All models of this set are installed."))
            return
        self._run_queue([(k, "download", None) for k in keys], report=False)

    def repair_selected(self) -> None:
        """Repair every damaged or incomplete model of the chosen set."""
        keys = [k for k in self.chooser.keys() if self.state_of(k) in ("BROKEN", "PARTIAL")]
        if keys:
            self._run_queue([(k, "repair", None) for k in keys], report=len(keys) > 1)

    def verify_selected(self) -> None:
        """Verify (checksums) every installed model of the chosen set; missing ones are named."""
        keys = self.chooser.keys()
        missing = [k for k in keys if self.state_of(k) == "MISSING"]
        todo = [(k, "verify", None) for k in keys if k not in missing]
        if not todo:
            self.message.setText(self.tr("No model of this set is installed."))
            return
        self._run_queue(todo, report=True)
        if self.feedback.report is not None:
            self.feedback.report += [self.tr("%1: not installed").replace("%1", model_title(self.spec_for(k))) for k in missing]

    def import_folder(self, key: str | None, folder: Path) -> None:
        """Import `folder` into `key`; with key None, every model found in it (either layout, or a folder of model
        folders). The chosen set switches to the imported models' set when they all belong to one."""
        found = [(key, Path(folder))] if key else self._detect(Path(folder))
        if not found:
            self.message.setText(self.tr("No Tingxie model found in %1.").replace("%1", str(folder)))
            return
        switch = self.chooser.set_of({k for k, _ in found})
        if switch and switch != self.chooser.current():
            self.chooser.select(switch)
        self._run_queue([(k, "import", f) for k, f in found], report=len(found) > 1)

    def _detect(self, folder: Path) -> list[tuple[str, Path]]:
        find = self._find_models
        if find is None:
            from models.store.detect import find_models as find
        listed = {s.key for s in self.specs()}
        return [(k, f) for k, f in find(folder, self.specs()) if k in listed]

    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model folder, or a folder of model folders"),
                                                  str(Path.home()))
        if folder:  # an unrecognised folder goes to the selected model (the store says what is missing)
            self.import_folder(None if self._detect(Path(folder)) else self.selected_key(), Path(folder))

    def open_selected_folder(self) -> None:
        key = self.selected_key()
        if key:
            path = Path(self.store.status(self.spec_for(key)).path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.exists() else path.parent)))

    def cancel(self) -> None:
        if self.ops.busy:
            self.progress_label.setText(self.tr("Cancelling…"))
        self.ops.cancel()

    @property
    def op(self) -> StoreOp | None:
        """The running store operation, if any."""
        return self.ops.op

    def _run_queue(self, ops: list[tuple[str, str, Path | None]], report: bool) -> None:
        """Run ops one after another; report: collect each op's message and show them together at the end."""
        if self.ops.busy or not ops:
            return
        self.feedback.report = [] if report else None
        self.ops.run(ops, stop_on_error=not report)

    def _store_call(self, key: str, op_name: str, folder: Path | None) -> Callable[[StoreOp], Any]:
        spec = self.spec_for(key)
        store = self.store
        return {
            "download": lambda op: store.download(spec, op.on_progress, op.cancel),
            "repair": lambda op: store.repair(spec, op.on_progress, op.cancel),
            "verify": lambda op: store.verify(spec, deep=True),
            "import": lambda op: store.import_folder(spec, Path(folder or "")),
        }[op_name]

    @Slot(str, str)
    def _on_op_started(self, key: str, op_name: str) -> None:
        self.feedback.started(key, op_name)
        self.refresh()

    @Slot(str, str, str, object)
    def _on_op_finished(self, key: str, op_name: str, error: str, result: Any) -> None:
        self.feedback.finished(key, op_name, error, result)
        self.refresh()
        self.op_completed.emit(key, op_name, error)

    @Slot(str, bool)
    def _on_queue_done(self, op_name: str, changed: bool) -> None:
        self.feedback.report = None
        self.ops_finished.emit(op_name)
        if changed:
            self.models_changed.emit()

    def _update_buttons(self) -> None:
        busy = self.op is not None
        key = self.selected_key()
        state = self.state_of(key) if key else ""
        self.download_button.setText(self.tr("Resume download") if state == "PARTIAL" else self.tr("Download"))
        self.download_button.setEnabled(not busy and bool(key) and state != "READY")
        self.download_all_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.import_button.setEnabled(not busy and bool(key))
        states = [self.state_of(k) for k in self.chooser.keys()]
        self.verify_button.setEnabled(not busy and any(st != "MISSING" for st in states))
        self.repair_button.setEnabled(not busy and any(st in ("BROKEN", "PARTIAL") for st in states))
        self.open_button.setEnabled(bool(key))

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Cancel a running operation and wait for its thread (called when the main window closes)."""
        self.ops.shutdown(timeout_ms)
