#!/usr/bin/env python3
"""Screenshot of the recorder recording an online meeting (microphone + system audio) under an X server.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tests/desktop/xvfb_meeting_shot.py --out /tmp/tingxie-shots

Starts a private PulseAudio (shotkit.start_pulse) with a second null sink "speakers" as the computer's
output, records Both in the recorder panel while one voice plays from the speakers and another into the microphone,
and saves <out>/<lang>-meeting-recorder.png (the panel: the source choice and one meter per source). Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.desktop.shotkit import isolated_app, start_pulse, stop_pulse, testdata_dir  # noqa: E402


def pulse_up() -> None:
    start_pulse(Path(tempfile.mkdtemp(prefix="tingxie-pa-")))
    subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=speakers", "rate=16000", "channels=1"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.Popen(["pacat", "--playback", "--device=speakers", "--latency-msec=20", "--raw", "--format=s16le",
                      "--rate=16000", "--channels=1", "/dev/zero"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["pactl", "set-default-sink", "speakers"], check=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    args = ap.parse_args()
    testdata = testdata_dir()
    pulse_up()
    from PySide6.QtCore import QTimer

    from desktop.recorder.panel import RecorderPanel
    from tests.recorder.helpers import DictSettings

    app, work = isolated_app(args.lang)
    settings = DictSettings(recorder__device="pulse", recorder__folder=str(work / "rec"), recorder__source="both")
    panel = RecorderPanel(settings)
    panel.setWindowTitle("Tingxie")
    panel.resize(820, 130)
    panel.show()
    args.out.mkdir(parents=True, exist_ok=True)
    shot = args.out / f"{args.lang}-meeting-recorder.png"
    result: dict = {}
    players: list[subprocess.Popen] = []

    def play() -> None:
        speech = testdata / "speech"
        players.append(subprocess.Popen(["paplay", "--device=speakers", str(speech / "localkin_default_zh_24k.wav")]))
        players.append(subprocess.Popen(["paplay", "--device=vmic", str(speech / "funasr_asr_example_16k.wav")]))

    def grab() -> None:
        panel.grab().save(str(shot))
        result.update(shot=str(shot), recording=panel.is_recording, message=panel.message_label.text(),
                      mic_db=panel.sources.mic_meter.peak_db, system_db=panel.sources.system_meter.peak_db)
        panel.stop_recording()
        for p in players:
            p.kill()
        app.quit()

    panel.record_button.click()
    QTimer.singleShot(800, play)
    QTimer.singleShot(3500, grab)
    app.exec()
    stop_pulse()
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result.get("recording") and result["system_db"] > -40 and result["mic_db"] > -40 else 1


if __name__ == "__main__":
    sys.exit(main())
