#!/usr/bin/env python3
"""Screenshots of the Summary panel (minutes from a local language model) and Settings -> Watch folders, in the
real window under an X server with CJK fonts.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_summary_watch_shots.py --models build/models-tiny-XXXX --out /tmp/shots

A finished meeting (three speakers) is opened from the history; its minutes come from the tests' fake
OpenAI-compatible server on 127.0.0.1 (tests/summary/fakellm.py). Saves <out>/<lang>-summary.png and
<out>/<lang>-settings-watch.png. Temporary XDG folders: the user's settings are never touched. Prints JSON; exit
status 1 when something is wrong (no minutes, Chinese not drawn with a Chinese font, timeout).
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

def main() -> int:
    from tests.desktop.shotkit import named_meeting, shot_setup, shot_window

    args, work, testdata = shot_setup(120)

    from PySide6.QtCore import QTimer

    from desktop.settings.watch_folders import WatchFolder, dump
    from tests.summary.fakellm import FakeLLM

    llm = FakeLLM().__enter__()
    inbox = work / "手机录音"
    inbox.mkdir()
    jobs, job = named_meeting(work / "audio", testdata)
    jobs.close()
    shots = shot_window(args, SUMMARY_ENDPOINT=llm.url,
                        WATCH_FOLDERS=dump([WatchFolder(str(inbox), "", ["txt", "srt", "docx"], "auto")]))
    app, window = shots.app, shots.window
    result, failures, shot = shots.result, shots.failures, shots.shot

    def finish() -> None:
        llm.__exit__(None, None, None)
        shots.finish("摘要决定待办")

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shot("summary-timeout", whole_screen=True)
        finish()

    def settings_shot() -> None:
        from desktop.settings.dialog import SettingsDialog

        dialog = SettingsDialog(window.settings, window)
        tabs = dialog.findChild(__import__("PySide6.QtWidgets", fromlist=["QTabWidget"]).QTabWidget)
        tabs.setCurrentWidget(dialog.watch_tab)
        dialog.resize(760, 560)
        dialog.show()

        def grab() -> None:
            path = args.out / f"{args.lang}-settings-watch.png"
            dialog.grab().save(str(path))
            result["settings_watch"] = str(path)
            dialog.close()
            finish()

        QTimer.singleShot(500, grab)

    def show() -> None:
        window.resize(1280, 780)
        window.history.open_job(job.uid)
        pane = window.transcript
        pane.summary_button.setChecked(True)
        panel = pane.summary
        if not panel.start():
            failures.append("the summary did not start")
            finish()
            return

        def wait_done(tries: int = 0) -> None:
            text = panel.view.toPlainText()
            if not panel.start_button.isEnabled() and tries < 100:  # still writing
                QTimer.singleShot(300, lambda: wait_done(tries + 1))
                return
            result["summary_chars"] = len(text)
            if "张三" not in text:
                failures.append(f"no minutes with the speaker's name in the panel: {text[:200]!r}")
            QTimer.singleShot(500, lambda: (shot("summary"), settings_shot()))

        QTimer.singleShot(500, wait_done)

    QTimer.singleShot(args.timeout * 1000, give_up)
    QTimer.singleShot(300, lambda: shots.when_ready(show))
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
