#!/usr/bin/env python3
"""Screenshots of a finished transcript changed afterwards, in the real window (real Engine on fixture models).

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_revise_shots.py --models build/models-tiny-XXXX --out /tmp/tingxie-shots

A 60 s meeting is transcribed (speakers off) and three sentences are corrected. The queue's Speakers submenu
asks for 3 speakers: <out>/<lang>-revise-speakers.png shows the labelled transcript with the corrections intact.
A glossary added afterwards is applied to the transcript (<out>/<lang>-revise-text.png, the dialog listing
what changes, the corrections apart). Then a sentence is cut in two and both pieces corrected, Retry asks before transcribing again
(<out>/<lang>-revise-retry.png, the screen with the question), and once the new transcript is done the
corrections that could not be carried over are listed
(<out>/<lang>-revise-carried.png). Temporary XDG folders. Prints JSON; exit status 1 when something is wrong.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main() -> int:
    from tests.desktop.shotkit import make_meeting, shot_setup, shot_window

    args, work, testdata = shot_setup(240)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.editor.sentence_model import SPEAKER
    from desktop.settings.store import Key, Settings

    wav = make_meeting(work / "audio", testdata, "项目周会录音.wav")
    fixes: dict[int, str] = {}
    shots = shot_window(args, PRECISION="fp32", AUTO_START=False)
    app, window = shots.app, shots.window
    prefs = Settings()
    result, failures, shot = shots.result, shots.failures, shots.shot

    def finish() -> None:
        shots.finish("项目周会")

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shot("revise-timeout", whole_screen=True)
        finish()

    def speakers_done(job_id: str, res: object) -> None:
        ed = window.transcript.editor
        texts = [s.text for s in ed.model.rows]
        result["speakers"] = getattr(res, "speakers", None)
        result["transcribed_again"] = window.runner.busy
        if ed.view.isColumnHidden(SPEAKER) or any(texts[p] != t for p, t in fixes.items()):
            failures.append("no Speaker column, or a correction lost")
        ed.open_at(3, play=False)
        shot("revise-speakers")
        QTimer.singleShot(300, text_steps)

    def text_steps(self=None) -> None:  # a glossary added afterwards, applied to this transcript
        from collections import Counter

        ed = window.transcript.editor
        common = Counter(c for s in ed.model.rows for c in s.text if "\u4e00" <= c <= "\u9fff").most_common(1)[0][0]
        glossary = work / "glossary.txt"
        glossary.write_text(f"{common} => 〔{common}〕\n", "utf-8")
        prefs.set_value(Key.GLOSSARY, str(glossary))
        window.apply_settings({str(Key.GLOSSARY)})
        window.notice.action.click()  # "Apply to this transcript"

        def wait() -> None:
            dialog = window.revise.text_dialog
            if dialog is None:
                QTimer.singleShot(200, wait)
                return
            result["text_changes"] = [len(dialog.plan.changed), len(dialog.plan.corrections)]
            QTimer.singleShot(400, lambda: (shot("revise-text", whole_screen=True), dialog.reject(), ask_retry()))

        wait()

    def ask_retry() -> None:
        ed = window.transcript.editor  # one sentence cut in two, both pieces corrected: cannot be carried over
        k = max(range(ed.model.rowCount()), key=lambda r: len(ed.model.rows[r].text) if r not in fixes else 0)
        ed.edits.split(ed.job_id, k, len(ed.model.rows[k].text) // 2)
        ed.refresh()
        ed.save_text(k, "前半句已校对，")
        ed.save_text(k + 1, "后半句已校对。")
        def answer() -> None:
            box = QApplication.activeModalWidget()
            shot("revise-retry", whole_screen=True)
            if isinstance(box, QMessageBox):
                result["retry_question"] = box.text()
                box.button(QMessageBox.StandardButton.Yes).click()
            else:
                failures.append("Retry of a finished file did not ask")

        QTimer.singleShot(600, answer)
        window.retry_selected()  # the question is modal: answered by the timer above
        window.start()
        wait_carried()

    def wait_carried() -> None:
        dialog = window.revise.carry_dialog
        if dialog is None:
            QTimer.singleShot(300, wait_carried)
            return
        result["left"] = dialog.table.rowCount()
        QTimer.singleShot(500, lambda: (shot("revise-carried", whole_screen=True), dialog.close(), finish()))

    def transcribed(job_id: str) -> None:
        window.runner.job_finished.disconnect(transcribed)
        window.select_row(window.queue.row_of(job_id))
        ed = window.transcript.editor
        for p in (1, 4, 7):
            text = ed.model.rows[p].text
            fixes[p] = text[: max(2, len(text) // 2)] + "（已校对）。"
            ed.save_text(p, fixes[p])
        window.runner.speakers_applied.connect(speakers_done)
        window.runner.speakers_failed.connect(lambda _j, m: (failures.append(m), finish()))
        window.actions_.speakers_menu.choose("3")

    def show() -> None:
        window.resize(1200, 760)
        window.runner.job_finished.connect(transcribed)
        window.add_paths([wav])
        window.start()

    QTimer.singleShot(args.timeout * 1000, give_up)
    QTimer.singleShot(300, lambda: shots.when_ready(show))
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
