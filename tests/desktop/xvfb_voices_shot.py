#!/usr/bin/env python3
"""Screenshots of known voices in the real window under an X server with CJK fonts.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_voices_shot.py --models build/models-tiny-XXXX --out /tmp/tingxie-shots

A finished 60 s meeting whose first speaker was recognised as 张三 (a recorded match, score 0.74) is opened from
the history; saves <out>/<lang>-voices-editor.png (the window: the voice bar with 张三 ✓ and its tooltip) and
<out>/<lang>-voices-manager.png (the screen, with the Known voices manager open over the window; three voices).
Temporary XDG folders: the user's settings and voices are never touched. Prints JSON; exit status 1 when
something is wrong.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

def prepare(work: Path, testdata: Path) -> str:
    import numpy as np

    from models.voices.library import VoiceLibrary
    from models.voices.match import Match
    from models.voices.matches import MatchBook
    from tests.desktop.shotkit import named_meeting

    jobs, job = named_meeting(work, testdata)
    MatchBook.open_default().record(job.uid, {0: Match("张三", 0.74)})
    lib = VoiceLibrary.open_default()
    rng = np.random.default_rng(0)
    for name, meetings in (("张三", 5), ("李四", 2), ("王老师", 1)):
        for m in range(meetings):
            lib.learn(name, rng.standard_normal((20, 192)).astype(np.float32), meeting=f"{name}-{m}")
    jobs.close()
    return job.uid


def main() -> int:
    from tests.desktop.shotkit import shot_setup, shot_window

    args, work, testdata = shot_setup(120)

    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QToolTip

    from desktop.voices.manager import VoicesDialog

    uid = prepare(work / "audio", testdata)
    shots = shot_window(args)
    app, window = shots.app, shots.window
    result, failures, shot = shots.result, shots.failures, shots.shot

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shot("voices-timeout", whole_screen=True)
        shots.finish("说话人张三")

    def show() -> None:
        window.resize(1200, 760)
        window.history.open_job(uid)
        ed = window.transcript.editor
        bar = ed.voice_bar
        result["matched"] = [b.text() for b in bar.buttons.values()]
        if bar.isHidden() or "张三 ✓" not in result["matched"]:
            failures.append(f"the voice bar does not show the match: {result['matched']}")
        button = bar.buttons.get(0)
        if button is not None:
            result["tooltip"] = button.toolTip()
            QToolTip.showText(button.mapToGlobal(QPoint(8, button.height())), button.toolTip(), button)
        QTimer.singleShot(500, manager)

    def manager() -> None:
        shot("voices-editor", whole_screen=True)
        QToolTip.hideText()
        dlg = VoicesDialog(window)
        dlg.show()
        dlg.move(window.geometry().center() - dlg.rect().center())
        result["voices"] = [dlg.tree.topLevelItem(i).text(0) for i in range(dlg.tree.topLevelItemCount())]
        if len(result["voices"]) != 3:
            failures.append(f"the manager lists {result['voices']}")
        QTimer.singleShot(400, lambda: (shot("voices-manager", whole_screen=True), dlg.close(),
                                        shots.finish("说话人张三")))

    QTimer.singleShot(args.timeout * 1000, give_up)
    QTimer.singleShot(300, lambda: shots.when_ready(show))
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
