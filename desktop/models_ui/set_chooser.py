"""The model manager's set chooser: "CPU (ONNX, smaller)" or "GPU / PyTorch" (models.core.registry.SETS),
preselecting the set models.store.sets.machine_set() picks for this computer. Only sets with at least one listed model
are offered (tests and the window may pass a few specs)."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget


def set_title(name: str) -> str:
    """Translated title of a registry set (the English titles are registry.SET_TITLES)."""
    titles = {"cpu": QCoreApplication.translate("SetChooser", "CPU (ONNX, smaller)"),
              "gpu": QCoreApplication.translate("SetChooser", "GPU / PyTorch")}
    return titles.get(name, name)


class SetChooser(QWidget):
    set_changed = Signal(str)  # the set's name ("cpu" / "gpu")

    def __init__(self, sets: Mapping[str, tuple[str, ...]], specs: list[Any], machine_set: Callable[[], str],
                 parent: QWidget | None = None, has_torch: Callable[[], bool] | None = None) -> None:
        super().__init__(parent)
        if has_torch is None:
            from models.runtime.torch_probe import torch_available as has_torch
        torch_here = has_torch()
        listed = {s.key for s in specs}
        self._sizes = {name: sum(s.size_mb for s in specs if s.key in keys) for name, keys in sets.items()}
        self._sets = {name: tuple(k for k in keys if k in listed) for name, keys in sets.items()}
        self._sets = {name: keys for name, keys in self._sets.items() if keys}
        try:
            self.recommended = machine_set()
        except Exception:  # noqa: BLE001 - a failing probe must not hide the dialog; CPU runs everywhere
            self.recommended = "cpu"
        self.combo = QComboBox()
        for name in self._sets:
            title = set_title(name)
            if name == self.recommended:
                title = self.tr("%1 (recommended for this computer)").replace("%1", title)
            elif name == "gpu" and not torch_here:  # the CPU bundle: downloadable (for another install), not run
                title = self.tr("%1 (needs the full build)").replace("%1", title)
            self.combo.addItem(title, name)
        self.combo.setToolTip(self.tr("CPU (ONNX, smaller): published ONNX models, about half the download, run "
                                      "without PyTorch and without any conversion. GPU / PyTorch: the PyTorch "
                                      "models, for an NVIDIA GPU and full precision (FP32) on the CPU."))
        self.info = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Model set:")))
        layout.addWidget(self.combo)
        layout.addWidget(self.info, 1)
        if self.recommended in self._sets:
            self.combo.setCurrentIndex(self.combo.findData(self.recommended))
        self.combo.currentIndexChanged.connect(self._on_changed)
        self._show_info()

    def current(self) -> str:
        return str(self.combo.currentData() or "")

    def keys(self, name: str | None = None) -> tuple[str, ...]:
        return self._sets.get(self.current() if name is None else name, ())

    def all_set_keys(self) -> set[str]:
        return {k for keys in self._sets.values() for k in keys}

    def select(self, name: str) -> None:
        i = self.combo.findData(name)
        if i >= 0:
            self.combo.setCurrentIndex(i)

    def set_of(self, keys: set[str]) -> str | None:
        """The one set holding all of `keys`, if any."""
        names = [n for n, ks in self._sets.items() if keys and keys <= set(ks)]
        return names[0] if len(names) == 1 else None

    def _show_info(self) -> None:
        size = self._sizes.get(self.current(), 0)
        self.info.setText(self.tr("about %1 MB to download").replace("%1", f"{size:g}") if size else "")

    def show_missing(self, set_mb: float, optional_mb: float) -> None:
        """What is actually missing (the dialog knows the models' states): the set's models first, then the
        optional ones, never the whole set's size when most of it is installed."""
        if set_mb:
            text = self.tr("about %1 MB to download").replace("%1", f"{set_mb:g}")
        else:
            text = self.tr("All models of this set are installed.")
        if optional_mb:
            text += " " + self.tr("(optional models: about %1 MB more)").replace("%1", f"{optional_mb:g}")
        self.info.setText(text)

    @Slot(int)
    def _on_changed(self, _index: int) -> None:
        self._show_info()
        self.set_changed.emit(self.current())
