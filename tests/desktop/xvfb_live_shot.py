#!/usr/bin/env python3
"""Screenshot of live captions in the real window under an X server: a meeting recorded from a microphone.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tests/desktop/xvfb_live_shot.py \\
        --models build/models-tiny-XXXX --streaming build/streaming-tiny-XXXX --out /tmp/tingxie-shots

The microphone is PortAudio's stream replaced by tests/recorder/fake_stream.py's, fed the meeting (speech clips
with pauses, ../shared/testdata) at twice real time from a timer: the real Recorder writes it, the real engine
(fixture models, random weights: the words are arbitrary) transcribes it live with the tiny streaming model.
Saves <out>/<lang>-live.png (the screen: the recorder panel's live lines, the editor filling with final sentences,
the caption strip at the bottom) while recording, then stops and checks that the transcript completed.
Temporary XDG folders. Prints JSON; exit status 1 when something is wrong.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

CLIPS = ("funasr_asr_example_16k.wav", "wenet_aishell_BAC009S0724W0121_16k.wav", "funasr_llamacpp_sample_16k.wav")
FEED_MS = 100
SPEED = 2  # times real time


def meeting(testdata: Path, rate: int):
    import numpy as np
    import soundfile as sf

    parts = []
    for name in CLIPS * 2:
        clip, sr = sf.read(testdata / "speech" / name, dtype="float32")
        parts += [clip, np.zeros(int(1.5 * sr), np.float32)]
    return np.repeat(np.concatenate(parts), rate // 16000).astype(np.float32)


def speech_clips_of(testdata: Path) -> dict:
    """The clips as the tests' speech_clips fixture gives them (name -> {"path": ...})."""
    return {p.name: {"path": p} for p in (testdata / "speech").glob("*.wav")}


def model_root(work: Path, models: Path, streaming: Path) -> Path:
    root = work / "models-live"
    (root / "models" / "iic").mkdir(parents=True)
    for src in (models, streaming):
        for d in (src / "models" / "iic").iterdir():
            os.symlink(d.resolve(), root / "models" / "iic" / d.name)
    return root


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, required=True, help="ModelScope cache root with the fixture models")
    ap.add_argument("--streaming", type=Path, required=True, help="... with the fixture streaming model")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    ap.add_argument("--timeout", type=int, default=180)
    ap.add_argument("--both", action="store_true",
                    help="an online meeting: microphone + system audio on two channels (saves <lang>-live-meeting.png)")
    args = ap.parse_args()
    from tests.desktop.shotkit import isolated_home, shot_window, testdata_dir

    testdata = testdata_dir()

    work = isolated_home()
    os.environ["MODELSCOPE_CACHE"] = str(model_root(work, args.models, args.streaming))
    args.out.mkdir(parents=True, exist_ok=True)

    import sounddevice as sd
    from PySide6.QtCore import QPoint, QTimer

    from tests.recorder.fake_stream import RATE, FakeInputStream

    streams: list[FakeInputStream] = []
    sd.query_devices = lambda *a, **k: {"name": "会议室麦克风", "default_samplerate": float(RATE),
                                        "max_input_channels": 1, "hostapi": 0}
    sd.InputStream = lambda **kw: streams.append(FakeInputStream(**kw)) or streams[-1]

    extra = {}
    if args.both:  # the second stream is the system audio: a fake monitor stands for the loopback device
        from models.capture import capture as capture_mod
        from models.capture.loopback import SystemInput
        from tests.live.conftest import make_two_channel_meeting

        capture_mod.find_system_input = lambda: SystemInput(device=1, name="扬声器 (monitor)")
        audio = make_two_channel_meeting(speech_clips_of(testdata), work / "meeting.wav", RATE)
        extra["RECORDER_SOURCE"] = "both"
    else:
        audio = meeting(testdata, RATE)
    name = "live-meeting" if args.both else "live"
    shots = shot_window(args, PRECISION="fp32", SPEAKERS_RECORDINGS=False, RECORDER_FOLDER=str(work / "录音"),
                        **extra)
    app, window = shots.app, shots.window
    result, failures, shot = shots.result, shots.failures, shots.shot
    fed = [0]
    feeder = QTimer()
    feeder.setInterval(FEED_MS)

    def feed() -> None:
        n = RATE * FEED_MS * SPEED // 1000
        if streams and fed[0] < len(audio):
            if args.both:
                for ch, stream in enumerate(streams[-2:]):
                    stream.feed_audio(audio[fed[0]:fed[0] + n, ch])
            else:
                streams[-1].feed_audio(audio[fed[0]:fed[0] + n])
            fed[0] += n

    feeder.timeout.connect(feed)

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shot("live-timeout", whole_screen=True)
        shots.finish("实时字幕")

    def start() -> None:
        window.resize(1200, 640)
        window.move(40, 10)
        live = window.live
        live.strip_action.setChecked(True)
        live.strip.resize(1120, live.strip.height())
        live.strip.move(QPoint(80, 800 - live.strip.height() - 16))
        window.recorder_panel.record_button.click()
        feeder.start()
        QTimer.singleShot(500, wait_for_lines)

    def wait_for_lines() -> None:
        live = window.live
        lines = live.lines.texts()
        enough = 4 if args.both else 6
        if window.transcript.segment_count() >= enough and lines[1][0] and not lines[1][1]:
            result["panel_lines"] = lines
            result["strip"] = live.strip.texts()
            result["editor_rows"] = window.transcript.segment_count()
            shot(name, whole_screen=True)
            QTimer.singleShot(100, stop)
        else:
            QTimer.singleShot(100, wait_for_lines)

    def stop() -> None:
        feeder.stop()
        c = window.live.controller
        c.finished.connect(lambda path, uid, failure: done(uid, failure))
        window.recorder_panel.stop_button.click()

    def done(uid: str, failure: str) -> None:
        if failure:
            failures.append(f"the live transcript failed: {failure}")
        job = window.jobs.get(uid)
        result["sentences"] = job.segment_count
        result["state"] = job.state.value
        result["queue_rows"] = len(window.queue.jobs)
        if job.state.value != "done" or len(window.queue.jobs) != 1:
            failures.append("the recording was not completed live, or it was queued again")
        QTimer.singleShot(300, lambda: (shot(f"{name}-done"), shots.finish("实时字幕")))

    QTimer.singleShot(args.timeout * 1000, give_up)
    QTimer.singleShot(300, lambda: shots.when_ready(start))
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
