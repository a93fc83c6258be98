"""Windows, records, turns and sentence -> speaker assignment."""
from __future__ import annotations

import numpy as np
import pytest

from models.core.transcript import Segment, Transcript
from models.speakers.assign import WindowLabels, assign, finish, speaker_of, turns
from models.speakers.options import SpeakerOptions
from models.speakers.windows import SegmentEmbeddings, cut_windows, window_starts


def test_windows_follow_funasr_sv_chunk() -> None:
    from models.runtime import funasr_lite

    funasr_lite.install()
    from funasr.models.campplus.utils import sv_chunk

    for n in (8000, 16000, 24000, 24001, 36000, 16000 * 7 + 123, 16000 * 60):
        audio = np.arange(n, dtype=np.float32)
        theirs = sv_chunk([[0.0, n / 16000, audio]])
        windows, spans = cut_windows(audio)
        assert len(spans) == len(theirs) == len(window_starts(n))
        for (a, b), w, t in zip(spans, windows, theirs):
            assert (a / 16000, b / 16000) == pytest.approx((t[0], t[1]))
            np.testing.assert_array_equal(w, t[2])


def test_too_short_segment_has_no_windows() -> None:
    assert window_starts(0) == [] and window_starts(16000 * 3 // 10) == []
    assert len(window_starts(16000)) == 1


def test_record_round_trip_is_exact_and_damage_is_refused() -> None:
    rng = np.random.default_rng(0)
    rec = SegmentEmbeddings(start_ms=123456, times_ms=np.array([[123456, 124956], [124206, 125706]]),
                            vectors=rng.standard_normal((2, 192)).astype(np.float32))
    back = SegmentEmbeddings.from_bytes(rec.to_bytes())
    assert back.start_ms == 123456
    np.testing.assert_array_equal(back.times_ms, rec.times_ms)
    np.testing.assert_array_equal(back.vectors, rec.vectors)
    empty = SegmentEmbeddings.from_bytes(SegmentEmbeddings(start_ms=5).to_bytes())
    assert len(empty) == 0 and empty.start_ms == 5
    data = rec.to_bytes()
    for bad in (data[:-1], data[:10], b"XXXX" + data[4:], data + b"\0"):
        with pytest.raises(ValueError):
            SegmentEmbeddings.from_bytes(bad)


def wl(spans: list[tuple[int, int, int]]) -> WindowLabels:
    return WindowLabels(np.array([[a, b] for a, b, _ in spans], dtype=np.int64),
                        np.array([s for *_, s in spans], dtype=np.int64))


def test_turns_split_overlaps_and_smooth_short_flips() -> None:
    labels = wl([(0, 1500, 0), (750, 2250, 0), (1500, 3000, 1), (2250, 3750, 1), (3000, 4500, 1),
                 (5000, 5500, 0),  # a 0.5 s segment (one padded window) labelled 0 between two turns of 1
                 (6000, 7500, 1), (6750, 8250, 1)])
    got = turns(labels)
    assert got[0] == (0, 1875, 0) and got[1] == (1875, 4500, 1)  # the overlap of 0's and 1's windows cut in half
    assert [s for *_, s in got[1:]] == [1, 1, 1]  # the 500 ms turn (< 700 ms) goes to the nearer neighbour
    assert got[-1] == (6000, 8250, 1)
    assert all(a < b for a, b, _ in got) and all(got[i][1] <= got[i + 1][0] for i in range(len(got) - 1))


def test_sentence_takes_largest_overlap_then_nearest_turn() -> None:
    tl = [(0, 2000, 0), (2000, 6000, 1), (8000, 9000, 2)]
    assert speaker_of(1000, 2600, tl) == 0  # 1000 ms of 0, 600 ms of 1
    assert speaker_of(1500, 4000, tl) == 1
    assert speaker_of(6500, 6700, tl) == 1  # in a gap: nearest turn
    assert speaker_of(7800, 7900, tl) == 2
    assert speaker_of(0, 10, []) == 0


def test_assign_gives_every_sentence_a_speaker() -> None:
    segs = [Segment(0, 1800, "一。"), Segment(1800, 4400, "二。"), Segment(4400, 4450, "三")]
    out = assign(segs, wl([(0, 1500, 0), (750, 2250, 0), (1500, 3000, 1), (2250, 3750, 1), (3000, 4500, 1)]))
    assert [s.speaker for s in out] == [0, 1, 1]
    assert [s.text for s in out] == [s.text for s in segs]  # only the speaker changes


def test_silence_gives_one_speaker_without_error() -> None:
    labels = finish([SegmentEmbeddings(start_ms=0), SegmentEmbeddings(start_ms=900)], SpeakerOptions.parse("auto"))
    assert labels.count == 0
    out = assign([Segment(100, 300, "嗯")], labels)
    assert [s.speaker for s in out] == [0]
    assert assign([], labels) == []


def test_one_short_sentence_is_one_speaker() -> None:
    rng = np.random.default_rng(1)
    v = rng.standard_normal((1, 192)).astype(np.float32)
    rec = SegmentEmbeddings(start_ms=200, times_ms=np.array([[200, 1700]]), vectors=v / np.linalg.norm(v))
    for opt in ("auto", "2", "5"):
        labels = finish([rec], SpeakerOptions.parse(opt))
        assert labels.labels.tolist() == [0]
        assert [s.speaker for s in assign([Segment(250, 900, "好。")], labels)] == [0]


def test_transcript_json_keeps_speakers_and_old_json_still_loads() -> None:
    t = Transcript(source="a.wav", duration_ms=5000, segments=[Segment(0, 1000, "甲", speaker=0),
                                                                Segment(1000, 2000, "乙", speaker=1)],
                   speakers={1: "李四"})
    d = t.to_dict()
    assert [s["spk"] for s in d["segments"]] == [0, 1] and d["speakers"] == {"1": "李四"}
    back = Transcript.from_dict(d)
    assert back == t and back.speaker_name(0) == "说话人1" and back.speaker_name(1) == "李四"
    old = {"source": "a.wav", "duration_ms": 10, "segments": [{"start_ms": 0, "end_ms": 5, "text": "x"}]}
    loaded = Transcript.from_dict(old)
    assert loaded.speakers == {} and loaded.segments[0].speaker == -1 and not loaded.has_speakers
    assert "spk" not in loaded.segments[0].to_dict() and "speakers" not in loaded.to_dict()


def test_a_marker_for_a_span_without_words_gets_no_speaker() -> None:
    """A gap the recorder lost (or a span nothing could decode) is nobody's sentence."""
    from models.asr.second_try import gap_segment

    wl = WindowLabels(np.array([[0, 1500], [1500, 3000]]), np.array([0, 1]))
    said = Segment(0, 1400, "你好。", tokens=("你", "好"), token_ms=((0, 600), (600, 1400)))
    gap = gap_segment(1500, 1550, 0, "0.05 s of audio lost while recording (the computer was too busy)")
    typed = Segment(1600, 2900, "[掌声]")  # a sentence the user typed in brackets is still a sentence
    out = assign([said, gap, typed], wl)
    assert [s.speaker for s in out] == [0, -1, 1]
    assert gap.is_marker and not said.is_marker and not typed.is_marker
