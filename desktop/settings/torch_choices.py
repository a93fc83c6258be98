"""Settings choices only PyTorch runs, greyed out in a build without it (the CPU bundle).

The choices stay in their lists, disabled and labelled ("FP32 (full precision) (needs the full build)"), so a user
sees what the full build adds; which values need torch is models/options.py's TORCH_ONLY_* (one definition).
"""
from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox


def disable(suffix: str, tooltip: str, *lists: tuple[QComboBox, tuple[str, ...]]) -> list[str]:
    """Disable and label the items whose data is in each (combo, values) pair. Returns the values disabled."""
    done: list[str] = []
    for combo, values in lists:
        model = combo.model()
        for value in values:
            i = combo.findData(value)
            if i < 0 or not isinstance(model, QStandardItemModel):
                continue
            item = model.item(i)
            item.setEnabled(False)
            item.setToolTip(tooltip)
            combo.setItemText(i, f"{combo.itemText(i)} ({suffix})")
            done.append(value)
    return done


def is_disabled(combo: QComboBox, index: int) -> bool:
    model = combo.model()
    return isinstance(model, QStandardItemModel) and index >= 0 and not model.item(index).isEnabled()


def first_enabled(combo: QComboBox) -> str:
    """The text of the first choice this build can run (what the engine uses instead of a disabled one)."""
    for i in range(combo.count()):
        if not is_disabled(combo, i):
            return combo.itemText(i)
    return ""
