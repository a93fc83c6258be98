"""Live captions in the window: a recording (the real Recorder on a fake PortAudio stream, fed a meeting) is
transcribed while it is made, by the real engine on the tiny fixture models with the tiny streaming model.

Random weights: assert structure and behaviour (lines appear, final replaces streaming, sentences reach the editor,
Stop completes without a second transcription), never words.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from desktop.live.views import STREAM_COLOR, split_lines
from desktop.queue.model import JobStatus
from desktop.settings.store import Key
from models.jobs.store import JobState, JobStore
from tests.live.conftest import make_meeting
from tests.recorder.fake_stream import RATE, fake_stream  # noqa: F401 (fixture)

TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def live_models(tmp_path_factory, tiny_models: Path, tiny_streaming: Path) -> Path:
    """One model folder with the engine's models and the live-captions model (as a user's would be)."""
    root = tmp_path_factory.mktemp("live-models")
    (root / "models" / "iic").mkdir(parents=True)
    for src in (tiny_models, tiny_streaming):
        for d in (src / "models" / "iic").iterdir():
            os.symlink(d, root / "models" / "iic" / d.name)
    return root


@pytest.fixture(scope="module")
def meeting48(speech_clips, tmp_path_factory) -> np.ndarray:
    """The meeting (clips with 2 s pauses) at the fake microphone's 48 kHz."""
    _path, audio = make_meeting(speech_clips, tmp_path_factory.mktemp("m") / "meeting.wav")
    return np.repeat(audio, RATE // 16000).astype(np.float32)


def _settings(settings, tmp_path: Path) -> None:
    for key, value in ((Key.AUTO_START, False), (Key.RECORDER_AUTO, True), (Key.EXPORT_AUTO, True),
                       (Key.EXPORT_FOLDER, str(tmp_path / "out")), (Key.RECORDER_FOLDER, str(tmp_path / "rec")),
                       (Key.DEVICE, "cpu"), (Key.PRECISION, "fp32"), (Key.THREADS, 1), (Key.SPEAKERS_RECORDINGS, False)):
        settings.set_value(key, value)


def _engine(config, live_models: Path, int8_cache_dir: Path):
    from models.asr.engine import Engine
    from models.store.manager import ModelStore

    return Engine(config, store=ModelStore(live_models), int8_cache_dir=int8_cache_dir)


def _window(qtbot, settings, tmp_path, jobs, live_models, monkeypatch, int8_cache_dir):
    from desktop.window.main_window import MainWindow

    monkeypatch.setenv("MODELSCOPE_CACHE", str(live_models))
    _settings(settings, tmp_path)
    w = MainWindow(settings, engine_factory=lambda cfg: _engine(cfg, live_models, int8_cache_dir), jobs=jobs)
    w.confirm_close = False
    qtbot.addWidget(w)
    return w


@pytest.fixture
def window(qtbot, settings, tmp_path, live_models, monkeypatch, int8_cache_dir, fake_stream):  # noqa: F811
    w = _window(qtbot, settings, tmp_path, JobStore(":memory:"), live_models, monkeypatch, int8_cache_dir)
    yield w
    w.close()


class Seen:
    """Every state of the panel's two live lines (and the strip's), as the window showed them."""

    def __init__(self, w) -> None:
        self.w = w
        self.panel: list[list[tuple[str, bool]]] = []
        self.strip: list[tuple[tuple[str, str], tuple[str, str]]] = []
        self.styles: list[tuple[bool, str]] = []
        w.live.controller.lines_changed.connect(self.record)

    def record(self) -> None:
        live = self.w.live
        texts = live.lines.texts()
        self.panel.append(texts)
        self.styles += [(r.final, r.styleSheet()) for r in live.lines.rows if r.full]
        self.strip.append((live.strip.texts(), split_lines(texts)))


def _record(qtbot, w, fake, audio: np.ndarray) -> None:
    """Record `audio`: its first second while the engine is still being lent (kept, pushed first), the rest at
    about five times real time (the streaming text skips ahead when it falls more than 3 s behind)."""
    from desktop.live.controller import Phase

    w.recorder_panel.record_button.click()
    assert w.recorder_panel.is_recording
    stream = fake[-1]
    stream.feed_audio(audio[:RATE])
    if w.live.controller.enabled:
        qtbot.waitUntil(lambda: w.live.controller.phase == Phase.LIVE, timeout=TIMEOUT_MS)
    step = RATE // 2
    for i in range(RATE, audio.size, step):
        stream.feed_audio(audio[i:i + step])
        qtbot.wait(100)


def test_live_lines_editor_strip_and_stop(qtbot, window, fake_stream, meeting48, tmp_path) -> None:  # noqa: F811
    w = window
    seen = Seen(w)
    w.live.strip_action.setChecked(True)
    _record(qtbot, w, fake_stream, meeting48)
    c = w.live.controller
    # While still recording: final sentences in the panel and in the editor (the live job is the shown row).
    qtbot.waitUntil(lambda: bool(c.uid) and w.transcript.segment_count() >= 2, timeout=TIMEOUT_MS)
    assert w.recorder_panel.is_recording
    assert w.transcript.job_id == c.uid
    row = w.queue.job(c.uid)
    assert row is not None and row.status is JobStatus.RUNNING
    stored = [s.text for s in w.jobs.segments(c.uid)]
    assert [s.text for s in w.transcript.editor.model.rows] == stored
    assert w.live.lines.isVisible() or w.live.lines.isVisibleTo(w.recorder_panel)
    # Streaming text was shown, lighter, and a final sentence later took its place in the same row.
    assert any(not final for snap in seen.panel for _t, final in snap if _t)
    assert all(STREAM_COLOR in css for final, css in seen.styles if not final)
    assert all(STREAM_COLOR not in css for final, css in seen.styles if final)
    replaced = [(a, b) for a, b in zip(seen.panel, seen.panel[1:])
                if a[1][0] and not a[1][1] and any(f and t and (t, f) not in a for t, f in b)]
    assert replaced, f"no streaming line gave way to a final sentence: {seen.panel}"
    finals = {t for snap in seen.panel for t, f in snap if f and t}
    assert finals and finals <= set(stored) | {s.text for s in c.session.captions.finals}
    # The caption strip showed what the panel showed: its last final line and its streaming line.
    assert seen.strip and all(strip == panel for strip, panel in seen.strip)
    assert w.live.strip.isVisible()

    # Stop: the transcript completes; the recording is not queued for a second transcription.
    with qtbot.waitSignal(c.finished, timeout=TIMEOUT_MS) as done:
        w.recorder_panel.stop_button.click()
    path, uid, failure = done.args
    assert failure == "" and uid == row.id
    assert [j.id for j in w.queue.jobs] == [uid] and row.status is JobStatus.DONE
    assert not w.runner.busy and not w.runner.held
    job = w.jobs.get(uid)
    assert job.state is JobState.DONE and job.segment_count >= len(stored)
    assert Path(job.path) == Path(path).resolve() and job.head_sha256 != "live-recording"  # bound to the file
    assert w.transcript.segment_count() == job.segment_count
    assert w.transcript.export_button.isEnabled()
    shown = w.live.lines.texts()  # the complete transcript's last sentences, no streaming tail
    assert shown == [(x.text, True) for x in w.jobs.segments(uid)[-2:]] and w.live.strip.texts()[1] == ""
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(Path(path).stem + ext for ext in (".srt", ".txt"))  # the automatic export ran


def test_microphone_gone_keeps_recording_and_sentences(qtbot, window, fake_stream, meeting48) -> None:  # noqa: F811
    w = window
    _record(qtbot, w, fake_stream, meeting48)
    c = w.live.controller
    qtbot.waitUntil(lambda: bool(c.uid) and w.transcript.segment_count() >= 1, timeout=TIMEOUT_MS)
    shown = [s.text for s in w.transcript.editor.model.rows]
    notices: list[str] = []
    original = w.show_notice
    w.show_notice = lambda text, level="info", *a: (notices.append(text), original(text, level, *a))
    with qtbot.waitSignal(c.finished, timeout=TIMEOUT_MS) as done:
        fake_stream[-1].active = False  # the device went away: PortAudio stops calling back
    path, uid, failure = done.args
    assert failure == ""
    assert Path(path).is_file() and not w.recorder_panel.is_recording
    job = w.jobs.get(uid)
    assert job.state is JobState.DONE
    assert [s.text for s in w.jobs.segments(uid)][:len(shown)] == shown
    assert any("stopped delivering audio" in n and "kept" in n for n in notices), notices
    assert [j.id for j in w.queue.jobs] == [uid]  # not queued again


def test_the_live_row_cannot_be_removed_while_recording(qtbot, window, fake_stream, meeting48) -> None:  # noqa: F811
    w = window
    _record(qtbot, w, fake_stream, meeting48[:RATE * 12])
    c = w.live.controller
    qtbot.waitUntil(lambda: bool(c.uid) and w.queue.job(c.uid) is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: w.transcript.segment_count() >= 1, timeout=TIMEOUT_MS)
    w.select_row(w.queue.row_of(c.uid))
    asked: list[str] = []
    w.confirm = lambda title, text: asked.append(text) or True  # "deletes the text transcribed so far" must not come
    w.remove_selected()
    assert not asked and w.queue.job(c.uid) is not None and w.recorder_panel.is_recording
    assert "until it is stopped" in w.statusBar().currentMessage() or "直到停止录音" in w.statusBar().currentMessage()
    with qtbot.waitSignal(c.finished, timeout=TIMEOUT_MS):
        w.recorder_panel.stop_button.click()
    assert w.queue.job(c.uid).status is JobStatus.DONE and w.jobs.get(c.uid).state is JobState.DONE


def test_live_off_queues_the_recording_as_before(qtbot, window, fake_stream, meeting48) -> None:  # noqa: F811
    w = window
    w.settings.set_value(Key.LIVE_CAPTIONS, False)
    w.apply_settings({str(Key.LIVE_CAPTIONS)})
    _record(qtbot, w, fake_stream, meeting48[:RATE * 2])
    assert not w.live.controller.busy and not w.runner.held
    w.recorder_panel.stop_button.click()
    assert len(w.queue.jobs) == 1 and w.queue.jobs[0].status in (JobStatus.QUEUED, JobStatus.RUNNING)
    assert w.live.controller.session is None


def test_recovery_binds_the_live_job(qtbot, settings, tmp_path, live_models, monkeypatch, int8_cache_dir,
                                     speech_clips) -> None:
    """A crash during a live recording: at startup the repaired recording gets its live job back, as a queue row
    that resumes after the last sentence."""
    from models.capture.files import WavWriter, marker_path, write_marker
    from models.live.session import LiveSession
    from tests.live.conftest import push_all
    from tests.recorder.helpers import dead_pid

    _p, audio = make_meeting(speech_clips, tmp_path / "src.wav")
    folder = tmp_path / "rec"
    folder.mkdir()
    path = folder / "crashed.wav"
    writer = WavWriter(path, 16000)
    writer._f.write((audio * 32767).astype("<i2").tobytes())  # never synced: the header says 0 bytes
    writer._f.flush()
    write_marker(marker_path(path), samplerate=16000, device="mic")
    marker = marker_path(path)
    import json
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "pid": dead_pid()}))
    store = JobStore(str(tmp_path / "history.db"))
    _settings(settings, tmp_path)  # the crashed run had the settings the window runs with (else: start over)
    engine = _engine(settings.engine_config(), live_models, int8_cache_dir)
    engine.load()
    session = LiveSession(engine, store, path, 16000, text=settings.text_options(path))
    session.start()
    push_all(session, audio[:audio.size // 2])
    qtbot.waitUntil(lambda: session.segments_done >= 1, timeout=TIMEOUT_MS)
    session.abort()  # the crash: the sentences committed so far stay
    for t in session._threads:
        t.join(60)
    kept = store.get(session.job_id)
    assert kept.vad_done >= 1 and kept.state is not JobState.DONE
    kept_texts = [s.text for s in store.segments(kept.id)]
    engine.close()

    w = _window(qtbot, settings, tmp_path, store, live_models, monkeypatch, int8_cache_dir)
    qtbot.waitUntil(lambda: w.recorder_panel.recovered_frame.isVisibleTo(w.recorder_panel), timeout=10_000)
    row = w.queue.job(kept.uid)
    assert row is not None and row.status is JobStatus.INTERRUPTED
    assert row.done_s == pytest.approx(kept.resume_ms / 1000)
    bound = store.get(kept.uid)
    assert bound.head_sha256 != "live-recording" and bound.size == path.stat().st_size
    notes: list[str] = []
    w.runner.job_notice.connect(lambda _id, text: notes.append(text))
    w.recorder_panel.recover_add_button.click()  # "Add to queue": the same row, not a second one
    assert [j.id for j in w.queue.jobs] == [kept.uid]
    qtbot.waitUntil(lambda: row.status is JobStatus.DONE, timeout=TIMEOUT_MS)  # "transcribe when recorded" is on
    assert [s.text for s in store.segments(kept.id)][:len(kept_texts)] == kept_texts
    assert store.get(kept.id).vad_done > kept.vad_done
    assert any("resuming where it stopped" in n for n in notes) and not any("start" in n for n in notes), notes
    w.close()


def test_queued_files_wait_for_the_live_recording(qtbot, window, fake_stream, meeting48, make_wav) -> None:  # noqa: F811
    w = window
    _record(qtbot, w, fake_stream, meeting48[:RATE * 8])
    c = w.live.controller
    assert w.runner.held
    w.add_paths([make_wav("waiting.wav", 2.0)])
    w.start()
    qtbot.waitUntil(lambda: bool(c.uid) and w.transcript.segment_count() >= 1, timeout=TIMEOUT_MS)
    waiting = next(j for j in w.queue.jobs if j.path.name == "waiting.wav")
    assert waiting.status is JobStatus.QUEUED and not w.runner.busy  # not started: live has the engine
    assert "wait" in w.statusBar().currentMessage()
    with qtbot.waitSignal(w.runner.queue_stopped, timeout=TIMEOUT_MS):
        w.recorder_panel.stop_button.click()  # the live job completes, then the queue goes on
    assert waiting.status is JobStatus.DONE and w.queue.job(c.uid).status is JobStatus.DONE
