#!/usr/bin/env python3
"""Screenshots of issue 15 in the desktop under a real X server with CJK fonts: Settings → Speakers, and the queue
with its Speakers column and the Speakers ▸ context menu open (whole screen, so the popup menus show).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_speakers_shots.py --out /tmp/tingxie-shots [--lang zh_CN]

The window runs on the test fake engine (nothing is transcribed); temporary XDG folders (the user's settings are
never touched). Prints the files written and the font families used for Chinese; exit status 1 when Chinese is not
drawn with a Chinese font.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = ap.parse_args()
    from tests.desktop.shotkit import isolated_app

    app, work = isolated_app(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)

    import numpy as np
    import soundfile as sf
    from PySide6.QtCore import QPoint

    from desktop.settings.dialog import SettingsDialog
    from desktop.settings.store import Key, Settings
    from desktop.window.main_window import MainWindow
    from models.speakers.options import SpeakerOptions
    from tests.desktop.fakes import FAKE_SPECS, FakeControl, FakeStore
    from tests.desktop.shotkit import font_families

    settings = Settings()
    settings.set_value(Key.SPEAKERS, "auto")
    settings.set_value(Key.SPEAKERS_MIN, 2)
    settings.set_value(Key.SPEAKERS_MAX, 6)
    settings.set_value(Key.AUTO_START, False)
    shots: list[str] = []

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    def grab(widget, name: str) -> None:
        widget.show()
        settle()
        path = args.out / f"{args.lang}-{name}.png"
        widget.grab().save(str(path))
        shots.append(str(path))

    dlg = SettingsDialog(settings, list_devices=lambda: [], has_cuda=lambda: False)
    dlg.tabs.setCurrentWidget(dlg.speakers_tab)
    grab(dlg, "settings-speakers")
    fonts = {"settings": font_families("说话人", dlg.speakers_tab.font())}
    dlg.close()

    audio = work / "audio"
    audio.mkdir()
    files = []
    for name, secs in (("周一例会录音.wav", 6.0), ("客户访谈 片段.wav", 4.0), ("lecture-notes.wav", 2.0)):
        t = np.arange(int(secs * 16000)) / 16000
        sf.write(str(audio / name), (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000)
        files.append(audio / name)
    window = MainWindow(settings, engine_factory=FakeControl().factory(), store_factory=lambda: FakeStore(work / "hub"),
                        model_specs=FAKE_SPECS, load_on_start=False)
    window.confirm_close = False
    window.resize(1200, 700)
    window.add_paths(files)
    window.queue.set_speakers([0], SpeakerOptions.parse("3", min_n=2, max_n=6))
    window.queue.set_speakers([2], SpeakerOptions(mode="off", min_n=2, max_n=6))
    window.show()
    window.view.selectRow(0)
    settle()
    menu = window.actions_.speakers_menu
    view = window.view
    pos = view.viewport().mapToGlobal(QPoint(120, view.rowViewportPosition(0) + 10))
    menu.popup(pos)
    settle()
    path = args.out / f"{args.lang}-queue-speakers.png"
    app.primaryScreen().grabWindow(0).save(str(path))
    shots.append(str(path))
    fonts["queue"] = font_families("说话人", view.font())
    menu.close()
    window.close()
    ok = all(any(k in f for f in fams for k in ("CJK", "WenQuanYi", "Hei", "Han")) for fams in fonts.values())
    print(json.dumps({"shots": shots, "fonts": fonts, "ok": ok}, ensure_ascii=False, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
