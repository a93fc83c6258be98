#!/usr/bin/env python3
"""Start the real app (desktop.app.app.build, real Engine on fixture models) on an X server and save screenshots.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_screenshot.py --models build/models-tiny-XXXX --out /tmp/tingxie-shots

Scenario "run" (default): three files (a 60 s recording and two clips, Chinese file names) are passed on the command
line like a file manager would; auto-start transcribes them. Saves <out>/<lang>-mid.png while the first file is
being transcribed and <out>/<lang>-done.png with a finished transcript shown, exports TXT/SRT, and prints the
font families Qt used for Chinese text (they must be Chinese fonts, not boxes or Japanese forms).
Scenario "first-run": no models installed; saves <out>/<lang>-first-run.png with the model manager open.
Scenario "resume": a job history as a crash left it (a 60 s file 40 % done, one queued file, three
finished transcripts); saves <out>/<lang>-resume.png (the restarted window offering to resume) and
<out>/<lang>-history.png (the history view, a finished transcript reopened in the pane; screen) plus
<out>/<lang>-history-dialog.png (the dialog alone).
Scenario "editor": a finished 60 s meeting in the history, one sentence corrected, two glossary
replacements; it is opened from the history and played from its fourth sentence on a PulseAudio null sink
(shotkit.start_pulse); saves <out>/<lang>-editor.png mid-playback.
Everything runs in temporary XDG folders: the user's settings are never touched. Exit status 0 = all good.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.desktop.shotkit import (  # noqa: E402
    finished_meeting, font_families, isolated_home, make_meeting, shot_window, start_pulse, stop_pulse, testdata_dir)


def prepare_audio(work: Path, testdata: Path) -> list[Path]:
    speech = testdata / "speech"
    long_wav = make_meeting(work, testdata, "周一例会录音.wav")
    a = work / "客户访谈 片段.wav"
    b = work / "lecture-notes.wav"
    shutil.copy(speech / "funasr_llamacpp_sample_16k.wav", a)
    shutil.copy(speech / "wenet_aishell_BAC009S0724W0121_16k.wav", b)
    return [long_wav, a, b]


def prepare_history(work: Path, testdata: Path) -> None:
    """Write the user's job history (default path, under the temporary XDG folders) as a crash leaves it."""
    import socket
    import time

    from models.jobs.store import JobStore
    from models.core.transcript import Segment, Transcript

    speech = testdata / "speech"
    long_wav = make_meeting(work, testdata, "周一例会录音.wav")
    clips = json.loads(long_wav.with_suffix(".json").read_text(encoding="utf-8"))["segments"]
    queued = work / "客户访谈 片段.wav"
    shutil.copy(speech / "funasr_llamacpp_sample_16k.wav", queued)
    finished = [("产品评审会.wav", "funasr_asr_example_16k.wav", "CPU · INT8 · 4 threads", "int8", 3 * 86400),
                ("lecture-notes.wav", "wenet_aishell_BAC009S0724W0121_16k.wav", "CUDA · RTX 4060 · FP32", "fp32",
                 26 * 3600),
                ("采访录音 第二段.wav", "localkin_default_zh_24k.wav", "CPU · INT8 · 4 threads", "int8", 2 * 3600)]

    def seg(i: int, start: int, end: int, text: str) -> Segment:
        return Segment(start, end, text, tuple(text), tuple((start, end) for _ in text), vad_index=i)

    jobs = JobStore.open_default(fallback=False)
    now = time.time()
    for name, src, device, precision, age_s in finished:
        path = work / name
        shutil.copy(speech / src, path)
        job = jobs.enqueue(path)
        text = next(line.split("\t")[4] for line in (speech / "MANIFEST.tsv").read_text("utf-8").splitlines()
                    if line.startswith(src))
        segs = [seg(0, 300, 4800, text.rstrip("。") + "。")]
        jobs.add_segments(job.id, segs, vad_done=1, resume_ms=4800)
        jobs.mark_done(job.id, Transcript(source=str(path), duration_ms=5500, segments=segs,
                                          model="paraformer-large-vad-punc", device=device, precision=precision))
        with jobs.db.transaction() as c:
            c.execute("UPDATE jobs SET finished_at = ?, queue_pos = 0 WHERE id = ?", (now - age_s, job.id))
    job = jobs.enqueue(long_wav)
    done = [c for c in clips if c["end_ms"] <= 24_000]
    segs = [seg(i, c["start_ms"], c["end_ms"], c["reference_text"].rstrip("。") + "。") for i, c in enumerate(done)]
    jobs.add_segments(job.id, segs, vad_done=len(segs), resume_ms=segs[-1].end_ms if segs else 0)
    with jobs.db.transaction() as c:  # the process that ran it is gone: a crash
        c.execute("UPDATE jobs SET state = 'running', owner = ?, duration_ms = 60000, settings = ? WHERE id = ?",
                  (f"{socket.gethostname()}:999999999:1", json.dumps({"device": "cpu", "precision": "int8"}),
                   job.id))
    jobs.enqueue(queued)
    jobs.close()


def prepare_editor(work: Path, testdata: Path) -> str:
    """A finished meeting with a corrected sentence and glossary replacements; returns its job uid."""
    from models.jobs.edits import EditStore

    jobs, job, _wav = finished_meeting(work, testdata, "周一例会录音.wav", replaced=(1, 5))
    queued = work / "客户访谈 片段.wav"
    shutil.copy(testdata / "speech" / "funasr_llamacpp_sample_16k.wav", queued)
    with jobs.db.transaction() as c:
        c.execute("UPDATE jobs SET queue_pos = 0 WHERE id = ?", (job.id,))
    edits = EditStore(jobs.db)
    first = edits.sentences(job.id)[2].text
    edits.set_text(job.id, 2, first[: max(2, len(first) // 2)] + "（已校对）。")  # a corrected sentence
    jobs.enqueue(queued)
    jobs.close()
    return job.uid


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, help="ModelScope cache root with the fixture models (scenario run)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    ap.add_argument("--scenario", default="run", choices=("run", "first-run", "resume", "editor"))
    ap.add_argument("--timeout", type=int, default=240, help="give up after this many seconds")
    args = ap.parse_args()

    testdata = testdata_dir()
    with_models = args.scenario in ("run", "resume", "editor")
    if with_models and not args.models:
        ap.error(f"--models is required for scenario {args.scenario}")
    work = isolated_home(args.models if with_models else None)  # first-run: an empty model cache
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    files = prepare_audio(work / "audio", testdata) if args.scenario == "run" else []
    if args.scenario == "resume":
        prepare_history(work / "audio", testdata)
    editor_uid = prepare_editor(work / "audio", testdata) if args.scenario == "editor" else ""
    if args.scenario == "editor":
        start_pulse(work / "pulse")
    shots = shot_window(args, files, report={"scenario": args.scenario}, EXPORT_FORMATS=["txt", "srt"])
    app, window = shots.app, shots.window
    result, failures, shot = shots.result, shots.failures, shots.shot

    def finish() -> None:
        shots.finish("听写转写文字")

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s (model state {window.runner.model_state})")
        shot("timeout", whole_screen=True)
        finish()

    QTimer.singleShot(args.timeout * 1000, give_up)

    if args.scenario == "editor":
        def play() -> None:
            window.resize(1200, 760)
            window.history.open_job(editor_uid)
            pane = window.transcript
            result["sentences"] = pane.segment_count()
            result["glossary_label"] = pane.glossary_label.text()
            player = pane.editor.player
            player.failed.connect(lambda m: failures.append(f"player: {m}"))
            start = pane.editor.model.sentence(3).start_ms
            pane.open_at(3, play=True)

            def wait_mid() -> None:
                if player.position() >= start + 2500 and player.playing:
                    result["position_ms"] = player.position()
                    result["highlighted_row"] = pane.editor.model.current
                    if pane.editor.model.current < 3:
                        failures.append("the highlight does not follow the audio")
                    shot("editor")
                    player.media.pause()
                    finish()
                else:
                    QTimer.singleShot(50, wait_mid)

            wait_mid()

        QTimer.singleShot(300, lambda: shots.when_ready(play))
    elif args.scenario == "resume":
        def resume_shots() -> None:
            rows = [(j.path.name, j.status.value) for j in window.queue.jobs]
            result["rows"] = rows
            if [s for _n, s in rows] != ["interrupted", "queued"]:
                failures.append(f"queue not reloaded as expected: {rows}")
            if window.notice.isHidden() or window.notice.action.isHidden():
                failures.append("no resume offer in the notice bar")
            result["notice"] = window.notice.text()
            result["notice_button"] = window.notice.action.text()
            shot("resume")
            dlg = window.show_history()
            dlg.resize(1000, 320)  # over the queue: the transcript pane below stays in view
            dlg.move(window.x() + 60, window.y() + 70)
            result["history_rows"] = len(dlg.uids())
            if len(dlg.uids()) != 3:
                failures.append(f"history lists {len(dlg.uids())} transcripts, expected 3")
            dlg.select(dlg.uids()[1:2])
            dlg.open_selected()
            result["font_history"] = font_families(dlg.proxy.index(0, 0).data() or "听写", dlg.table.font())

            def grab_history() -> None:
                QApplication.processEvents()
                path = args.out / f"{args.lang}-history-dialog.png"
                dlg.grab().save(str(path))
                result["shots"].append(str(path))  # type: ignore[union-attr]
                shot("history", whole_screen=True)
                finish()

            QTimer.singleShot(400, grab_history)

        QTimer.singleShot(300, lambda: shots.when_ready(resume_shots))
    elif args.scenario == "first-run":
        def check_manager() -> None:
            mgr = window.engine.model_manager
            if mgr is not None and mgr.isVisible():
                mgr.move(window.x() + 180, window.y() + 160)
                QTimer.singleShot(300, lambda: (shot("first-run", whole_screen=True), finish()))
            else:
                QTimer.singleShot(200, check_manager)

        QTimer.singleShot(200, check_manager)
    else:
        state = {"mid": False}
        first = window.queue.jobs[0].id if window.queue.jobs else ""

        def on_segment(job_id: str, _segment: object) -> None:
            if not state["mid"] and job_id == first and window.transcript.segment_count() >= 4:
                state["mid"] = True
                shot("mid")

        def on_stopped(reason: str) -> None:
            if reason != "done":
                failures.append(f"queue stopped: {reason}")
            if not state["mid"]:
                failures.append("no mid-transcription screenshot (the first file finished too fast?)")
            failed = [f"{j.path.name}: {j.error}" for j in window.queue.jobs if j.error]
            failures.extend(failed)
            window.select_row(0)
            written = window.export_all_done()
            result["exported"] = [p.name for p in written]
            QTimer.singleShot(300, lambda: (shot("done"), finish()))

        window.runner.segment_added.connect(on_segment)
        window.runner.queue_stopped.connect(on_stopped)

    app.exec()
    window.runner.wait_stopped(10_000)
    if args.scenario == "editor":
        stop_pulse()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
