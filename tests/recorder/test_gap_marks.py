"""The gaps sidecar (models/audio/gaps.py) and the markers the engine takes from it (models/asr/recording_gaps.py)."""
from __future__ import annotations

from models.asr.recording_gaps import GapMarks
from models.asr.second_try import gap_text
from models.audio.gaps import Gap, gaps_path, read_gaps, write_gaps


def test_sidecar_round_trip_sorted_and_a_broken_one_is_ignored(tmp_path, caplog):
    wav = tmp_path / "2026-03-04_05-06-07.wav"
    assert read_gaps(wav) == []
    gaps = [Gap(9000, 0, "b"), Gap(1500, 250, "a")]
    write_gaps(wav, gaps)
    assert gaps_path(wav).name == "2026-03-04_05-06-07.gaps.json"
    assert read_gaps(wav) == [gaps[1], gaps[0]]
    assert [p.name for p in tmp_path.iterdir()] == [gaps_path(wav).name]  # no temporary file left
    gaps_path(wav).write_text("{not json", encoding="utf-8")
    assert read_gaps(wav) == [] and "cannot read" in caplog.text


def test_markers_come_due_in_time_order_and_a_resumed_part_keeps_its_own(tmp_path):
    wav = tmp_path / "r.wav"
    write_gaps(wav, [Gap(1000, 50, "x"), Gap(5000, 100, "y"), Gap(20000, 0, "z")])
    marks = GapMarks(wav)
    assert marks.due(900, 0) == []
    first = marks.due(6000, 1)
    assert [(m.start_ms, m.end_ms, m.vad_index) for m in first] == [(1000, 1050, 1), (5000, 5100, 1)]
    assert first[0].text == gap_text(1000, 1050, Gap(1000, 50, "x").describe())
    assert [m.start_ms for m in marks.rest(4)] == [20000] and not marks
    resumed = GapMarks(wav, start_ms=5100)  # the first two were saved with the part before 5.1 s
    assert [m.start_ms for m in resumed.rest(0)] == [20000]


def test_following_a_recording_takes_new_and_growing_gaps_once(tmp_path):
    wav = tmp_path / "live.wav"
    marks = GapMarks(wav, follow=True)
    assert marks and marks.due(10_000, 0) == []  # no sidecar yet: nothing, but it keeps asking
    write_gaps(wav, [Gap(1000, 50, "x")])
    write_gaps(wav, [Gap(1000, 90, "x")])  # the same gap went on: one marker, with its whole length
    assert [(m.start_ms, m.end_ms) for m in marks.due(2000, 1)] == [(1000, 1090)]
    write_gaps(wav, [Gap(1000, 90, "x"), Gap(3000, 40, "y")])
    assert marks.due(2500, 2) == []  # not reached yet
    assert [(m.start_ms, m.vad_index) for m in marks.due(4000, 3)] == [(3000, 3)]
    write_gaps(wav, [Gap(1000, 90, "x"), Gap(3000, 40, "y"), Gap(8000, 10, "z")])
    assert [m.start_ms for m in marks.rest(5)] == [8000]
    assert marks.rest(5) == []
