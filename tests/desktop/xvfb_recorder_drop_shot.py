#!/usr/bin/env python3
"""Screenshots of the recorder losing audio in the real window: the panel's warning, then the transcript's marker.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_recorder_drop_shot.py --models build/models-tiny-XXXX --out /tmp/shots

The microphone is a fake PortAudio stream (tests/recorder/fake_stream.py) fed with speech clips faster than real
time; after 1:02 of audio it reports an input overflow with 0.35 s missing from its timestamps. Saves
<out>/<lang>-recorder-drop.png (the warning under the controls, still recording) and, after Stop, once the recording
is transcribed (while it is made, with live captions; else auto-transcribe after Stop),
<out>/<lang>-recorder-drop-transcript.png with the marker sentence selected.
Runs in temporary XDG folders. Prints a JSON report; exit status 0 = all good.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.desktop.shotkit import isolated_home, shot_window, testdata_dir  # noqa: E402

LOST_S = 0.35
BEFORE_S = 62.0
AFTER_S = 12.0


def speech(testdata: Path, rate: int):
    import numpy as np
    import soundfile as sf
    from scipy.signal import resample_poly

    parts = []
    for name in ("wenet_aishell_BAC009S0724W0121_16k.wav", "funasr_asr_example_16k.wav"):
        clip, _sr = sf.read(testdata / "speech" / name, dtype="float32")
        parts += [resample_poly(clip, rate // 16000, 1).astype("float32"), np.zeros(rate // 2, "float32")]
    one = np.concatenate(parts)
    return np.tile(one, int((BEFORE_S + AFTER_S) * rate / len(one)) + 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    ap.add_argument("--timeout", type=int, default=240)
    args = ap.parse_args()
    testdata = testdata_dir()
    isolated_home(args.models)
    args.out.mkdir(parents=True, exist_ok=True)

    import sounddevice as sd
    from PySide6.QtCore import QTimer

    from tests.recorder import fake_stream

    streams: list = []

    def make(**kw):  # noqa: ANN003, ANN202 - sounddevice's keywords
        streams.append(fake_stream.FakeInputStream(**kw))
        return streams[-1]

    sd.query_devices = lambda *a, **k: {"name": "Fake Mic", "default_samplerate": float(fake_stream.RATE),
                                        "max_input_channels": 1, "hostapi": 0}
    sd.InputStream = make

    audio = speech(testdata, fake_stream.RATE)
    shots = shot_window(args, report={"scenario": "recorder-drop"}, RECORDER_AUTO=True)
    app, window = shots.app, shots.window
    result, failures = shots.result, shots.failures
    panel = window.recorder_panel
    block = fake_stream.BLOCK
    state = {"fed": 0, "lost": False}

    def give_up() -> None:
        failures.append(f"timed out after {args.timeout} s")
        shots.shot("timeout", whole_screen=True)
        shots.finish("听写转写文字")

    QTimer.singleShot(args.timeout * 1000, give_up)

    def feed() -> None:
        stream = streams[0]
        for _ in range(10):  # 0.5 s of audio every 50 ms
            stream.feed(audio[state["fed"]:state["fed"] + block])
            state["fed"] += block
            if not state["lost"] and state["fed"] >= BEFORE_S * fake_stream.RATE:
                state["lost"] = True
                stream.adc += LOST_S
                stream.feed(audio[state["fed"]:state["fed"] + block], overflow=True)
                state["fed"] += block
                QTimer.singleShot(600, grab_warning)
                return
        if state["fed"] < (BEFORE_S + AFTER_S) * fake_stream.RATE:
            QTimer.singleShot(50, feed)
        else:
            result["recording"] = panel.stop_recording()

    def grab_warning() -> None:
        result["drop_label"] = panel.drop_label.text()
        if not panel.drop_label.isVisible() or "1:02" not in panel.drop_label.text():
            failures.append(f"no drop warning with its time: {panel.drop_label.text()!r}")
        shots.shot("recorder-drop")
        QTimer.singleShot(50, feed)

    def start() -> None:
        window.resize(1200, 760)
        panel.record_button.click()
        QTimer.singleShot(100, feed)

    def on_done(job_id: str) -> None:
        pane = window.transcript
        window.select_row(window.queue.row_of(job_id))

        def grab() -> None:
            texts = [pane.editor.model.sentence(i).text for i in range(pane.segment_count())]
            marks = [i for i, t in enumerate(texts) if "could not be transcribed" in t]
            result["marker"] = texts[marks[0]] if marks else None
            if len(marks) != 1:
                failures.append(f"expected one gap marker in the transcript, got {len(marks)}")
            else:
                pane.open_at(marks[0], play=False)
            QTimer.singleShot(300, lambda: (shots.shot("recorder-drop-transcript"), shots.finish("听写转写文字")))

        QTimer.singleShot(500, grab)

    window.runner.job_finished.connect(on_done)  # the recording transcribed as a file (live captions off)
    window.live.controller.finished.connect(lambda _path, uid, _failure: on_done(uid))  # or while it was made
    shots.when_ready(start)
    app.exec()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
