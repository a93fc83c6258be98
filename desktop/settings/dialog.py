"""Preferences: engine (precision, device, threads, punctuation), text (numbers, script, glossary), speakers,
export, recorder, language."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Iterable

import desktop.common.qtfix  # noqa: F401  (before any emit: PySide 6.12 emit() refcount bug)
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.common import i18n
from desktop.settings.store import EXPORT_FORMATS, Key, Settings
from desktop.settings.speakers_tab import SpeakersTab
from desktop.settings import torch_choices
from desktop.settings.text_tab import TextTab
from desktop.settings.watch_tab import WatchTab
from models import options
from models.runtime.torch_probe import torch_available

log = logging.getLogger("tingxie.settings")


def cuda_available() -> bool:
    """Whether this machine can run the engine on CUDA (FP16 is offered then); imports torch only when the
    driver sees a GPU (models/runtime/cuda_probe.py), never in the CPU bundle."""
    from models.runtime.cuda_probe import cuda_available as probe

    return probe()


class FolderField(QWidget):
    """A line edit plus "Browse…"; empty means the placeholder's meaning."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), self.edit.text() or str(Path.home()))
        if folder:
            self.edit.setText(folder)

    def text(self) -> str:
        return self.edit.text().strip()


class SettingsDialog(QDialog):
    settings_applied = Signal(list)  # keys (str) whose value changed

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, list_devices=None,
                 has_cuda: Callable[[], bool] = cuda_available, model_store: object = None,
                 has_torch: Callable[[], bool] = torch_available) -> None:
        super().__init__(parent)
        self.settings = settings
        self._has_torch = has_torch()
        self._has_cuda = self._has_torch and has_cuda()
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self._list_devices = list_devices

        tabs = QTabWidget()
        tabs.addTab(self._engine_tab(), self.tr("Transcription"))
        self.text_tab = TextTab(settings, model_store=model_store)
        tabs.addTab(self.text_tab, self.tr("Text"))
        self.speakers_tab = SpeakersTab(settings, model_store=model_store)
        tabs.addTab(self.speakers_tab, self.tr("Speakers"))
        tabs.addTab(self._export_tab(), self.tr("Export"))
        tabs.addTab(self._recorder_tab(), self.tr("Recorder"))
        self.watch_tab = WatchTab(settings)
        tabs.addTab(self.watch_tab, self.tr("Watch folders"))
        tabs.addTab(self._ui_tab(), self.tr("Interface"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.load()

    # -- tabs ---------------------------------------------------------------------------------------------------
    def _engine_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        # README: FP16 only runs on CUDA; without torch it is shown greyed (below)
        offer_cuda = self._has_cuda or not self._has_torch
        self.precision = _choices([p for p in options.PRECISIONS if p in options.CPU_PRECISIONS or offer_cuda], {
            "int8": self.tr("INT8 (faster, smaller; recommended)"), "fp32": self.tr("FP32 (full precision)"),
            "fp16": self.tr("FP16 (NVIDIA GPU: fastest)")})
        self.precision.setToolTip(self.tr("INT8 quantizes the model: about twice as fast on CPU with nearly the "
                                          "same accuracy"))
        form.addRow(self.tr("Precision:"), self.precision)
        self.device = _choices(options.DEVICES, {"auto": self.tr("Automatic (GPU if available)"),
                                                 "cuda": self.tr("NVIDIA GPU (CUDA)"), "cpu": self.tr("CPU")})
        form.addRow(self.tr("Device:"), self.device)
        self.threads = QSpinBox()
        self.threads.setRange(0, max(64, os.cpu_count() or 1))
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setToolTip(self.tr("CPU threads for recognition; automatic uses the physical cores "
                                        "(this computer has %1 logical CPUs)").replace("%1", str(os.cpu_count())))
        form.addRow(self.tr("CPU threads:"), self.threads)
        self.backend = _choices(options.BACKENDS, {"auto": self.tr("Automatic (ONNX Runtime for INT8)"),
                                                   "onnx": self.tr("ONNX Runtime"), "torch": self.tr("PyTorch")})
        self.backend.setToolTip(self.tr("What runs the speech model on the CPU. ONNX Runtime is faster and needs "
                                        "less memory; the first start converts the model once (about a minute)"))
        form.addRow(self.tr("CPU runtime:"), self.backend)
        self.punc = _choices(options.PUNCS, {"punc": self.tr("Chinese (smaller)"),
                                             "punc-large": self.tr("Chinese + English (large)")})
        form.addRow(self.tr("Punctuation model:"), self.punc)
        self.torch_only: list[str] = []
        if not self._has_torch:  # the CPU bundle: what only PyTorch runs stays visible, greyed, with the reason
            self.torch_only = torch_choices.disable(
                self.tr("needs the full build"),
                self.tr("This build runs the CPU (ONNX) model set only; this choice needs the full build, which "
                        "includes PyTorch"),
                (self.precision, options.TORCH_ONLY_PRECISIONS), (self.backend, options.TORCH_ONLY_BACKENDS),
                (self.punc, options.TORCH_ONLY_PUNC), (self.device, ("cuda",)))
        self.engine_problem = QLabel()
        self.engine_problem.setWordWrap(True)
        self.engine_problem.setStyleSheet("color: #b35900;")
        self.engine_problem.hide()
        form.addRow(self.engine_problem)
        note = QLabel(self.tr("Changes take effect before the next file; a running file is not interrupted."))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form.addRow(note)
        return w

    def _export_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        box = QGroupBox()
        row = QHBoxLayout(box)
        self.formats: dict[str, QCheckBox] = {}
        for fmt in EXPORT_FORMATS:
            cb = QCheckBox(fmt.upper())
            if fmt in options.MINUTES_FORMATS:
                cb.setToolTip(self.tr("Meeting minutes: title, date, duration, participants, then one paragraph "
                                      "per speaker turn"))
            self.formats[fmt] = cb
            row.addWidget(cb)
        form.addRow(self.tr("Formats:"), box)
        self.export_folder = FolderField(self.tr("Next to the audio file"))
        form.addRow(self.tr("Export folder:"), self.export_folder)
        self.export_auto = QCheckBox(self.tr("Export automatically when a file is done"))
        form.addRow("", self.export_auto)
        self.srt_chars = QSpinBox()
        self.srt_chars.setRange(8, 80)
        self.srt_chars.setSuffix(self.tr(" characters"))
        self.srt_chars.setToolTip(self.tr("Longest subtitle line in SRT/VTT (a Chinese character counts 1, a Latin "
                                          "letter ½)"))
        form.addRow(self.tr("Subtitle line length:"), self.srt_chars)
        return w

    def _recorder_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.rec_device = QComboBox()
        self.rec_device.setEditable(False)
        self.rec_device_error = QLabel()
        self.rec_device_error.setWordWrap(True)
        self.rec_device_error.setStyleSheet("color: #b35900;")
        self.rec_device_error.hide()
        form.addRow(self.tr("Microphone:"), self.rec_device)
        form.addRow("", self.rec_device_error)
        self.rec_folder = FolderField("")
        form.addRow(self.tr("Save recordings in:"), self.rec_folder)
        self.rec_auto = QCheckBox(self.tr("Transcribe recordings when they finish"))
        form.addRow("", self.rec_auto)
        self.rec_live = QCheckBox(self.tr("Live captions while recording"))
        self.rec_live.setToolTip(self.tr("Final sentences appear while you record, and the transcript is complete "
                                         "when you stop"))
        form.addRow("", self.rec_live)
        hint = QLabel(self.tr("Streaming text (words within a second) needs the live-captions model (Models…); "
                              "without it, final sentences only."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #7f8c8d;")
        form.addRow("", hint)
        return w

    def _ui_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES:
            self.language.addItem(name, code)
        form.addRow(self.tr("Language:"), self.language)
        self.auto_start = QCheckBox(self.tr("Start transcribing as soon as files are added"))
        form.addRow("", self.auto_start)
        return w

    # -- load / save --------------------------------------------------------------------------------------------
    def _fill_devices(self, current: str) -> None:
        self.rec_device.clear()
        self.rec_device.addItem(self.tr("System default"), "")
        names: list[str] = []
        try:
            if self._list_devices is None:
                from models.capture.devices import list_input_devices

                self._list_devices = list_input_devices
            names = [str(name) for _index, name in self._list_devices()]
        except Exception as exc:  # noqa: BLE001 - ImportError, RecorderError (no PortAudio, no devices)
            self.rec_device_error.setText(self.tr("Cannot list microphones: %1").replace("%1", str(exc)))
            self.rec_device_error.show()
        for name in names:
            self.rec_device.addItem(name, name)
        if current and current not in names:
            self.rec_device.addItem(self.tr("%1 (not connected)").replace("%1", current), current)
        _select(self.rec_device, current)

    def load(self) -> None:
        s = self.settings
        problems = [self._keep(self.precision, Key.PRECISION), self._keep(self.device, Key.DEVICE)]
        self.threads.setValue(s.value(Key.THREADS))
        problems.append(self._keep(self.backend, Key.BACKEND))
        problems.append(self._keep(self.punc, Key.PUNC))
        problems = [p for p in problems if p]
        self.engine_problem.setText("\n".join(problems))
        self.engine_problem.setVisible(bool(problems))
        chosen = set(s.export_formats())
        for fmt, cb in self.formats.items():
            cb.setChecked(fmt in chosen)
        self.export_folder.edit.setText(s.value(Key.EXPORT_FOLDER))
        self.export_auto.setChecked(s.value(Key.EXPORT_AUTO))
        self.srt_chars.setValue(s.value(Key.SRT_MAX_CHARS))
        self._fill_devices(s.value(Key.RECORDER_DEVICE))
        self.rec_folder.edit.setPlaceholderText(s.default(Key.RECORDER_FOLDER))
        folder = s.value(Key.RECORDER_FOLDER)
        self.rec_folder.edit.setText("" if folder == s.default(Key.RECORDER_FOLDER) else folder)
        self.rec_auto.setChecked(s.value(Key.RECORDER_AUTO))
        self.rec_live.setChecked(s.value(Key.LIVE_CAPTIONS))
        _select(self.language, i18n.normalize(s.value(Key.LANGUAGE)))
        self.auto_start.setChecked(s.value(Key.AUTO_START))
        self.text_tab.load()
        self.speakers_tab.load()
        self.watch_tab.load()

    def _keep(self, combo: QComboBox, key: Key) -> str:
        """Select the stored value, adding it to the list when it is not offered: a user's choice is never
        changed silently. Returns what to tell the user about it, or ""."""
        value = str(self.settings.value(key))
        index = combo.findData(value)
        if index >= 0:
            _select(combo, value)
            if torch_choices.is_disabled(combo, index):  # chosen in the full build; this one has no PyTorch
                return self.tr("“%1” needs the full build (with PyTorch): this build uses “%2” until you choose "
                               "otherwise.").replace("%1", combo.itemText(index).removesuffix(
                                   f" ({self.tr('needs the full build')})")).replace(
                                   "%2", torch_choices.first_enabled(combo))
            return ""
        if key is Key.PRECISION and value in options.PRECISIONS:  # FP16 chosen on (or copied from) a GPU computer
            combo.addItem(self.tr("FP16 (needs an NVIDIA GPU)"), value)
            _select(combo, value)
            return self.tr("FP16 needs an NVIDIA GPU (CUDA), which this computer does not have: the engine runs "
                           "FP32 until you choose otherwise.")
        default = str(self.settings.default(key))
        log.warning("settings: %s = %r is not a known value; shown as is, the engine uses %r", key, value, default)
        combo.addItem(self.tr("%1 (unknown)").replace("%1", value), value)
        _select(combo, value)
        return self.tr("%1 is not a value this version knows; the engine uses %2 until you choose "
                       "another.").replace("%1", value).replace("%2", default.upper())

    def values(self) -> dict[Key, object]:
        formats = [f for f, cb in self.formats.items() if cb.isChecked()] or [options.FALLBACK_FORMAT]
        return {
            Key.PRECISION: self.precision.currentData(),
            Key.DEVICE: self.device.currentData(),
            Key.THREADS: self.threads.value(),
            Key.BACKEND: self.backend.currentData(),
            Key.PUNC: self.punc.currentData(),
            Key.EXPORT_FORMATS: formats,
            Key.EXPORT_FOLDER: self.export_folder.text(),
            Key.EXPORT_AUTO: self.export_auto.isChecked(),
            Key.SRT_MAX_CHARS: self.srt_chars.value(),
            Key.RECORDER_DEVICE: self.rec_device.currentData() or "",
            Key.RECORDER_FOLDER: self.rec_folder.text(),
            Key.RECORDER_AUTO: self.rec_auto.isChecked(),
            Key.LIVE_CAPTIONS: self.rec_live.isChecked(),
            Key.LANGUAGE: self.language.currentData(),
            Key.AUTO_START: self.auto_start.isChecked(),
            **self.text_tab.values(),
            **self.speakers_tab.values(),
            **self.watch_tab.values(),
        }

    def save(self) -> list[str]:
        changed = []
        for key, value in self.values().items():
            if self.settings.value(key) != value:
                changed.append(str(key))
            self.settings.set_value(key, value)
        return changed

    def accept(self) -> None:
        changed = self.save()
        super().accept()
        self.settings_applied.emit(changed)


def _choices(values: Iterable[str], labels: dict[str, str]) -> QComboBox:
    """A combo box of option values (models/options.py) with their labels; a value without a label is a bug."""
    combo = QComboBox()
    for value in values:
        combo.addItem(labels[value], value)
    return combo


def _select(combo: QComboBox, data: object) -> None:
    i = combo.findData(data)
    combo.setCurrentIndex(i if i >= 0 else 0)
