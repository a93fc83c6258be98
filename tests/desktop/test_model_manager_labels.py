"""The model manager says what a download would really fetch (only the 28 MB speaker model missing: 28 MB, not the
whole set's 552 MB) and shows every label in the UI language, model titles included (real registry specs)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication

from desktop.models_ui.model_manager import ModelManagerDialog
from desktop.models_ui.titles import MARKED
from models.core import registry

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class Store:
    """Every registry model installed except those named missing."""

    def __init__(self, root: Path, *missing: str) -> None:
        self.root, self.missing = root, set(missing)

    def status(self, spec):  # noqa: ANN001, ANN201
        state = "missing" if spec.key in self.missing else "ready"
        return SimpleNamespace(state=state, problems=[], path=self.root / spec.key)


def make(qtbot, store: Store) -> ModelManagerDialog:
    dlg = ModelManagerDialog(lambda: store, list(registry.MODELS.values()), sets=registry.SETS,
                             machine_set=lambda: "cpu")
    qtbot.addWidget(dlg)
    return dlg


def test_the_size_is_what_is_missing(qtbot, tmp_path: Path) -> None:
    dlg = make(qtbot, Store(tmp_path, "spk-onnx"))
    spk = registry.MODELS["spk-onnx"].size_mb
    assert dlg.chooser.info.text() == f"about {spk:g} MB to download"
    dlg.chooser.select("gpu")  # the GPU set is installed (its CAM++ is another model, optional there)
    assert dlg.chooser.info.text() == "All models of this set are installed."
    dlg = make(qtbot, Store(tmp_path, "spk"))
    dlg.chooser.select("gpu")  # an optional model is named apart from the set
    optional = registry.MODELS["spk"].size_mb
    assert dlg.chooser.info.text() == f"All models of this set are installed. (optional models: about {optional:g} " \
        "MB more)"
    dlg = make(qtbot, Store(tmp_path))
    assert dlg.chooser.info.text() == "All models of this set are installed."


def test_every_registry_title_is_marked_for_translation() -> None:
    assert sorted(MARKED) == sorted(s.title for s in registry.MODELS.values())


def test_chinese_labels_have_no_english_words(qtbot, tmp_path: Path) -> None:
    import re

    from desktop.common import i18n

    app = QCoreApplication.instance()
    i18n.install(app, "zh_CN")
    try:
        dlg = make(qtbot, Store(tmp_path, "spk-onnx"))
        texts = [dlg.chooser.info.text(), dlg.intro.text()]
        texts += [dlg.table.item(r, c).text() for r in range(dlg.table.rowCount()) for c in (0, 2)]
        texts += [b.text() for b in (dlg.download_button, dlg.download_all_button, dlg.cancel_button,
                                     dlg.import_button, dlg.verify_button, dlg.repair_button, dlg.open_button)]
        texts += [dlg.table.horizontalHeaderItem(c).text() for c in range(3)]
        # model and tool names (Paraformer, FSMN-VAD, ONNX, INT8, CPU, funasr …) may stay in Latin letters; no
        # English word may
        english = {"speech", "recognition", "voice", "activity", "detection", "punctuation", "speaker", "speakers",
                   "embeddings", "with", "timestamps", "optional", "installed", "download", "smaller", "about",
                   "model", "models", "and", "the", "to", "for"}
        words = {w.lower() for t in texts for w in re.findall(r"[A-Za-z]+", t)}
        assert not words & english, (words & english, texts)
        assert "28" in dlg.chooser.info.text() and "552" not in dlg.chooser.info.text()
    finally:
        i18n.install(app, "en")
