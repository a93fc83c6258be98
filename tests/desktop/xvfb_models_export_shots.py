#!/usr/bin/env python3
"""Screenshots of the model manager and the Export format choice under an X server with CJK fonts.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_models_export_shots.py --out /tmp/tingxie-shots

The model manager lists the real registry's models, all installed but the CPU set's 28 MB speaker model (a stub
store: nothing is read or downloaded); saves <out>/<lang>-models.png. The Export dialog as Export… opens it for one
finished transcript, preset from Settings; saves <out>/<lang>-export-choice.png. Temporary XDG folders. Prints
JSON; exit status 1 when a label is not in the chosen language or the size is not the missing model's.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


class OneMissing:
    """Every registry model installed except the CPU set's CAM++."""

    def status(self, spec):  # noqa: ANN001, ANN201
        return SimpleNamespace(state="missing" if spec.key == "spk-onnx" else "ready", problems=[],
                               path=Path("/nonexistent") / spec.key)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from tests.desktop.shotkit import isolated_app

    app, _work = isolated_app(args.lang)
    from desktop.models_ui.model_manager import ModelManagerDialog
    from desktop.settings.store import Key, Settings, UiState
    from desktop.window.export_choice import ExportChoiceDialog, preset
    from models.core import registry

    store = OneMissing()
    mgr = ModelManagerDialog(lambda: store, list(registry.MODELS.values()), sets=registry.SETS,
                             machine_set=lambda: "cpu")
    mgr.show()
    app.processEvents()
    path = args.out / f"{args.lang}-models.png"
    mgr.grab().save(str(path))
    info = mgr.chooser.info.text()
    titles = [mgr.table.item(r, 0).text() for r in range(mgr.table.rowCount())]
    mgr.hide()

    settings = Settings()
    settings.set_value(Key.EXPORT_FORMATS, ["txt", "srt"])
    dlg = ExportChoiceDialog(preset(settings, UiState()), 1)
    dlg.boxes["docx"].setChecked(True)  # the user adds one for this export
    dlg.show()
    app.processEvents()
    choice = args.out / f"{args.lang}-export-choice.png"
    dlg.grab().save(str(choice))
    problems = []
    if "28" not in info or "552" in info:
        problems.append(f"size shown: {info}")
    if args.lang == "zh_CN":
        english = [t for t in titles + [info] if re.search(r"\b(speech|recognition|voice|punctuation|speaker|"
                                                          r"embeddings|with|optional|about)\b", t)]
        problems += [f"English label: {t}" for t in english]
    print(json.dumps({"shots": [str(path), str(choice)], "info": info, "titles": titles, "formats": dlg.formats(),
                      "problems": problems}, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
