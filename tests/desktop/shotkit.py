"""Shared by the xvfb_*.py screenshot scripts: a temporary home, so a shot never touches the user's settings, history
or models; the settings and real main window a shot starts from; test meetings in the job history; a private
PulseAudio; WindowShots, which saves the PNGs and prints the report."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
WHO = [0, 0, 1, 2, 1, 0, 1, 2, 0, 1, 1, 0, 2, 0, 1, 0]  # a meeting's speakers: 张三 chairs, two others answer


def testdata_dir() -> Path:
    return Path(os.environ.get("TINGXIE_TESTDATA", SHARED / "testdata"))


def font_families(text: str, font) -> list[str]:
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sorted({run.rawFont().familyName() for run in layout.glyphRuns()})


class WindowShots:
    """Screenshots of one main window and the JSON report a shot script prints: shot() saves a PNG (the window, or
    the whole screen for popups), when_ready() waits for the model to load, finish() checks that Chinese is drawn
    with a Chinese font, prints the report and quits."""

    def __init__(self, app, window, out: Path, lang: str, **report: object) -> None:  # noqa: ANN001 - Qt objects
        self.app, self.window, self.out, self.lang = app, window, out, lang
        self.failures: list[str] = []
        self.result: dict[str, object] = {**report, "lang": lang, "shots": []}

    def shot(self, name: str, whole_screen: bool = False) -> None:
        from PySide6.QtWidgets import QApplication

        path = self.out / f"{self.lang}-{name}.png"
        QApplication.processEvents()
        pixmap = self.app.primaryScreen().grabWindow(0) if whole_screen else self.window.grab()
        if not pixmap.save(str(path)):
            self.failures.append(f"could not save {path}")
        self.result["shots"].append(str(path))  # type: ignore[union-attr]

    def when_ready(self, then) -> None:  # noqa: ANN001 - a callable
        """Call `then` once the window's model has loaded (checked every 200 ms)."""
        from PySide6.QtCore import QTimer

        from desktop.queue.worker import ModelState

        if self.window.runner.model_state in (ModelState.LOADING, ModelState.UNLOADED):
            QTimer.singleShot(200, lambda: self.when_ready(then))
        else:
            then()

    def finish(self, sample: str) -> None:
        fonts = font_families(sample, self.window.transcript.editor.view.font())
        self.result["font_app"] = self.app.font().families()
        self.result["font_for_chinese"] = fonts
        if not any(k in f for f in fonts for k in ("CJK", "WenQuanYi", "Hei", "Han")):
            self.failures.append(f"Chinese text is not drawn with a Chinese font: {fonts}")
        self.result["failures"] = self.failures
        print(json.dumps(self.result, ensure_ascii=False, indent=1))
        self.window.confirm_close = False
        self.window.close()
        self.app.quit()


def shot_window(args: argparse.Namespace, files: Sequence[Path] = (), report: dict | None = None,
                **settings: object) -> WindowShots:
    """The real main window with `files` on its command line, after writing the settings every shot starts from:
    args.lang, the CPU, one thread, and `settings` by Key name (PRECISION="fp32"). Returns its WindowShots."""
    from desktop.app.app import build
    from desktop.settings.store import Key, Settings

    prefs = Settings()
    for key, value in {"LANGUAGE": args.lang, "DEVICE": "cpu", "THREADS": 1, **settings}.items():
        prefs.set_value(Key[key], value)
    prefs.sync()
    app, window = build([sys.argv[0], *map(str, files)])
    return WindowShots(app, window, args.out, args.lang, **(report or {}))


def make_meeting(folder: Path, testdata: Path, name: str) -> Path:
    """A 60 s meeting of speech clips with pauses (make_long_audio.py, seed 3) and its .json of clips."""
    folder.mkdir(parents=True, exist_ok=True)
    wav = folder / name
    subprocess.run([sys.executable, str(testdata / "make_long_audio.py"), "--duration", "60", "--seed", "3",
                    "--out", str(wav)], check=True, stdout=subprocess.DEVNULL)
    return wav


def shot_setup(timeout: int = 120) -> tuple[argparse.Namespace, Path, Path]:
    """A shot script's start: its options (--models, --out, --lang, --timeout), the test data folder, and an
    isolated home (isolated_home) whose work folder is returned; the output folder exists."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=Path, required=True, help="ModelScope cache root with the fixture models")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tingxie-shots"))
    ap.add_argument("--lang", default="zh_CN", choices=("zh_CN", "en"))
    ap.add_argument("--timeout", type=int, default=timeout)
    args = ap.parse_args()
    testdata = testdata_dir()
    work = isolated_home(args.models)
    args.out.mkdir(parents=True, exist_ok=True)
    return args, work, testdata


def isolated_home(models: Path | None = None) -> Path:
    """A temporary home: its own XDG folders, and `models` (else an empty folder) as the model cache, so a shot never
    reads or writes the user's settings, history or models. Returns the folder."""
    work = Path(tempfile.mkdtemp(prefix="tingxie-shot-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(work / var.lower())
    os.environ["MODELSCOPE_CACHE"] = str(models.resolve() if models is not None else work / "modelscope")
    return work


def isolated_app(lang: str) -> tuple[object, Path]:
    """A QApplication in the given language with CJK fonts, in an isolated_home() with an empty model cache."""
    work = isolated_home()
    from PySide6.QtWidgets import QApplication

    from desktop.common import i18n
    from desktop.app.app import apply_fonts

    app = QApplication([sys.argv[0]])
    i18n.install(app, lang)
    apply_fonts(app)
    return app, work


def finished_meeting(work: Path, testdata: Path, name: str, speakers: list[int] | None = None,
                     replaced: tuple[int, ...] = ()) -> tuple[object, object, Path]:
    """A 60 s meeting (make_long_audio.py, seed 3) saved in the job history as done, one sentence per clip with
    evenly spread character times; speakers: a label per clip, cycled; replaced: clips whose first word reads as a
    glossary replacement. Returns (the open JobStore, the job, the audio)."""
    from models.core.transcript import Segment, Transcript
    from models.jobs.store import JobStore

    wav = make_meeting(work, testdata, name)
    clips = json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))["segments"]
    segs = []
    for i, c in enumerate(clips):
        text = c["reference_text"].rstrip("。") + "。"
        step = (c["end_ms"] - c["start_ms"]) // max(1, len(text))
        times = tuple((c["start_ms"] + k * step, c["start_ms"] + (k + 1) * step) for k in range(len(text)))
        reps = ((0, 2, text[:2][::-1]),) if i in replaced else ()  # as if a glossary rule wrote the first word
        segs.append(Segment(c["start_ms"], c["end_ms"], text, tuple(text), times, vad_index=i, replacements=reps,
                            speaker=speakers[i % len(speakers)] if speakers else -1))
    jobs = JobStore.open_default(fallback=False)
    job = jobs.enqueue(wav)
    jobs.add_segments(job.id, segs, vad_done=len(segs), resume_ms=segs[-1].end_ms)
    jobs.mark_done(job.id, Transcript(source=str(wav), duration_ms=60_000, segments=segs,
                                      model="paraformer-large-vad-punc", device="cpu", precision="int8"))
    return jobs, job, wav


def named_meeting(work: Path, testdata: Path) -> tuple[object, object]:
    """finished_meeting() with three speakers (WHO), the first renamed 张三. Returns (the open JobStore, the job)."""
    jobs, job, _wav = finished_meeting(work, testdata, "项目周会录音.wav", speakers=WHO)
    jobs.rename_speaker(job.id, 0, "张三")
    return jobs, job


def start_pulse(run: Path) -> None:
    """A private PulseAudio daemon (../shared/tools/virtual-mic.sh) with a null sink and a virtual microphone, so the
    player really plays and the recorder really records."""
    os.environ["XDG_RUNTIME_DIR"] = str(run)
    os.environ.pop("PULSE_SERVER", None)
    run.mkdir(parents=True, exist_ok=True)
    with open(run / "start.log", "w") as out:
        subprocess.run(["bash", str(SHARED / "tools" / "virtual-mic.sh"), "start"], stdout=out,
                       stderr=subprocess.STDOUT, timeout=30, check=True)


def stop_pulse() -> None:
    subprocess.run(["bash", str(SHARED / "tools" / "virtual-mic.sh"), "stop"], timeout=30, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
