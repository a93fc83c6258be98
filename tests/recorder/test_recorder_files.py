"""The crash-safe WAV writer, repair and unfinished-recording discovery, without any audio device (issue 5)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import soundfile as sf

from models.capture import files as recorder_files
from models.capture.capture import RecorderError, find_unfinished, repair
from models.capture.files import HEADER_SIZE, WavFullError, WavWriter, repair_wav
from tests.recorder.helpers import RATE
from tests.recorder.helpers import crashed_recording as _crashed
from tests.recorder.helpers import dead_pid as _dead_pid
from tests.recorder.helpers import pcm_tone as _pcm


def test_header_is_valid_after_every_sync(tmp_path):
    path = tmp_path / "a.wav"
    w = WavWriter(path, RATE)
    w.write(_pcm(0.5))
    w.sync()
    assert sf.info(str(path)).frames == RATE // 2  # readable while still open
    w.write(_pcm(0.25))
    w.close()
    assert sf.info(str(path)).frames == int(0.75 * RATE)
    assert not repair_wav(path)  # nothing to fix


def test_writer_never_overwrites(tmp_path):
    (tmp_path / "a.wav").write_bytes(b"x")
    with pytest.raises(FileExistsError):
        WavWriter(tmp_path / "a.wav", RATE)


def test_repair_recovers_all_data_and_drops_a_partial_frame(tmp_path):
    path = _crashed(tmp_path, "2026-01-01_10-00-00", _pcm(1.0) + b"\x01")
    assert find_unfinished(tmp_path) == [path]
    assert repair(path) == path
    data, rate = sf.read(str(path), dtype="int16")
    assert rate == RATE and len(data) == RATE
    assert path.stat().st_size == HEADER_SIZE + 2 * RATE
    assert find_unfinished(tmp_path) == []
    assert not repair_wav(path)


def test_repair_rebuilds_a_header_cut_short(tmp_path):
    path = tmp_path / "cut.wav"
    path.write_bytes(b"RIFF\x00\x00")
    (tmp_path / ".cut.recording").write_text(json.dumps({"pid": _dead_pid(), "samplerate": 48000}))
    repair(path)
    assert sf.info(str(path)).samplerate == 48000 and sf.info(str(path)).frames == 0


def test_repair_of_a_non_wav_is_a_message(tmp_path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"not a wav file at all, longer than a header" * 4)
    with pytest.raises(RecorderError, match="Cannot repair"):
        repair(path)


def test_find_unfinished_skips_live_writers_and_stale_markers(tmp_path):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        meta = {"pid": alive.pid, "boot": recorder_files._boot_id(), "start": recorder_files._proc_start(alive.pid)}
        busy = _crashed(tmp_path, "busy", _pcm(0.1), pid=alive.pid)
        (tmp_path / ".busy.recording").write_text(json.dumps(meta))
        done = _crashed(tmp_path, "crashed", _pcm(0.1))
        (tmp_path / ".gone.recording").write_text("{}")  # its wav was deleted by the user
        assert find_unfinished(tmp_path) == [done]
        assert not (tmp_path / ".gone.recording").exists()
        # A pid reused by another process (different start time) does not hide a crashed recording.
        (tmp_path / ".busy.recording").write_text(json.dumps({**meta, "start": "1"}))
        assert find_unfinished(tmp_path) == [busy, done]
    finally:
        alive.kill()
        alive.wait()


def test_size_limit_stops_cleanly(tmp_path):
    w = WavWriter(tmp_path / "full.wav", RATE, max_data_bytes=RATE)  # 0.5 s
    w.write(_pcm(0.4))
    with pytest.raises(WavFullError):
        w.write(_pcm(0.4))
    w.close()
    assert sf.info(str(tmp_path / "full.wav")).frames == RATE // 2


def test_new_recording_path_is_dated_and_unique(tmp_path):
    import datetime as dt

    now = dt.datetime(2026, 3, 4, 5, 6, 7)
    first = recorder_files.new_recording_path(tmp_path, now)
    assert first.name == "2026-03-04_05-06-07.wav"
    first.write_bytes(b"")
    assert recorder_files.new_recording_path(tmp_path, now).name == "2026-03-04_05-06-07-2.wav"


def test_unreadable_folder_gives_no_crash(tmp_path):
    assert find_unfinished(tmp_path / "missing") == []
    if os.geteuid() != 0:  # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        assert find_unfinished(ro) == []

