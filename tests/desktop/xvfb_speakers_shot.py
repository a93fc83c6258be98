#!/usr/bin/env python3
"""Screenshot of speakers in the editor (issue 15) in the real window under an X server with CJK fonts.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_speakers_shot.py --models build/models-tiny-XXXX --out /tmp/tingxie-shots

A finished 60 s meeting with three speakers (one renamed 张三 in the job history) is opened from the history;
saves <out>/<lang>-speakers.png (the window) and <out>/<lang>-speakers-menu.png (the screen, with the sentence
menu and its Speaker submenu open). Temporary XDG folders: the user's settings are never touched. Prints JSON;
exit status 1 when something is wrong (no Speaker column, names not shown, Chinese not drawn with a Chinese font).
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

def main() -> int:
    from tests.desktop.shotkit import named_meeting, shot_setup, shot_window

    args, work, testdata = shot_setup(120)

    from PySide6.QtCore import QPoint, QTimer

    from desktop.editor.sentence_model import SPEAKER

    jobs, job = named_meeting(work / "audio", testdata)
    jobs.close()
    uid = job.uid
    shots = shot_window(args)
    app, window = shots.app, shots.window
    result, failures, shot = shots.result, shots.failures, shots.shot

    def finish() -> None:
        shots.finish("说话人张三")

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shot("speakers-timeout", whole_screen=True)
        finish()

    def show() -> None:
        window.resize(1200, 760)
        window.history.open_job(uid)
        ed = window.transcript.editor
        names = [ed.model.data(ed.model.index(r, SPEAKER)) for r in range(ed.model.rowCount())]
        result["names"] = sorted(set(names))
        if ed.view.isColumnHidden(SPEAKER) or "张三" not in names:
            failures.append(f"speaker column hidden or names missing: {names}")
        ed.open_at(4, play=False)
        shot("speakers")
        rect = ed.view.visualRect(ed.model.index(4, SPEAKER))
        menu = ed.context_menu(4)
        menu.popup(ed.view.viewport().mapToGlobal(rect.center() + QPoint(0, rect.height())))
        sub = next(a for a in menu.actions() if a.menu() is not None)

        def open_sub() -> None:
            menu.setActiveAction(sub)
            sub.menu().popup(menu.mapToGlobal(menu.actionGeometry(sub).topRight()))
            QTimer.singleShot(400, lambda: (shot("speakers-menu", whole_screen=True), menu.close(), finish()))

        QTimer.singleShot(400, open_sub)

    QTimer.singleShot(args.timeout * 1000, give_up)
    QTimer.singleShot(300, lambda: shots.when_ready(show))
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
