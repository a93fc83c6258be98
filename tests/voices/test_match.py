"""Matching a transcript's speakers to known voices, on synthetic embeddings (exact scores under control)."""
from __future__ import annotations

import numpy as np
import pytest

from models.core.transcript import Segment
from models.speakers.windows import SegmentEmbeddings
from models.voices.library import Voice, VoiceLibrary
from models.voices.match import MATCH_THRESHOLD, Match, match, speaker_vectors
from voices.vhelp import voice_rows

DIM = 192


def directions(seed: int = 1) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((DIM, 4)))
    return q.T  # 4 orthonormal voices


def voice(name: str, d: np.ndarray, seed: int) -> Voice:
    return Voice(name, voice_rows(d, 16, 0.05, seed))


def with_cosine(a: np.ndarray, b: np.ndarray, cos: float) -> np.ndarray:
    """A unit vector at exactly `cos` from unit a, in the plane of a and b (b orthogonal to a)."""
    return cos * a + np.sqrt(1 - cos * cos) * b


def test_a_known_voice_is_named_and_an_unknown_one_is_not() -> None:
    d = directions()
    found = match({0: voice_rows(d[1], 30, 0.05, 3), 1: voice_rows(d[0], 30, 0.05, 4)}, [voice("张三", d[0], 5)])
    assert list(found) == [1] and found[1].name == "张三" and found[1].score > 0.9


def test_two_clusters_like_one_voice_only_the_better_match_takes_the_name() -> None:
    d = directions()
    close, closer = with_cosine(d[0], d[1], 0.7), with_cosine(d[0], d[2], 0.9)
    found = match({0: np.stack([close, close]), 1: np.stack([closer, closer])},
                  [Voice("张三", np.stack([d[0], d[0]]))])
    assert found == {1: Match("张三", pytest.approx(0.9, abs=1e-4))}
    # and with two voices, each takes its best free speaker: 李四 gets the one 张三 lost
    li = with_cosine(d[0], d[1], 0.6)
    found = match({0: np.stack([close, close]), 1: np.stack([closer, closer])},
                  [Voice("张三", np.stack([d[0], d[0]])), Voice("李四", np.stack([li, li]))])
    assert {k: m.name for k, m in found.items()} == {1: "张三", 0: "李四"}


@pytest.mark.parametrize("cos, named", [(MATCH_THRESHOLD + 0.01, True), (MATCH_THRESHOLD - 0.01, False)])
def test_the_threshold_decides(cos: float, named: bool) -> None:
    d = directions()
    v = with_cosine(d[0], d[1], cos)
    found = match({0: np.stack([v, v, v])}, [Voice("张三", np.stack([d[0]]))])
    assert (0 in found) is named


def test_too_little_speech_or_another_model_is_not_compared() -> None:
    d = directions()
    assert match({0: d[:1]}, [Voice("张三", d[:1])]) == {}  # one window
    assert match({0: np.ones((4, 80), np.float32)}, [Voice("张三", d[:1])]) == {}  # another dimension
    assert match({0: np.stack([d[0], d[0]])}, []) == {}


def test_windows_belong_to_the_sentence_they_overlap_most() -> None:
    segs = [Segment(0, 2000, "a", speaker=0), Segment(2000, 5000, "b", speaker=1), Segment(6000, 7000, "c", speaker=0)]
    times = np.array([[0, 1500], [1400, 2900], [3000, 4500], [5000, 6500], [8000, 9500]], dtype=np.int64)
    vecs = np.eye(5, DIM, dtype=np.float32)
    got = speaker_vectors(segs, [SegmentEmbeddings(0, times, vecs)])
    assert sorted(got) == [0, 1]
    assert np.array_equal(got[0], vecs[[0, 3]])  # 3: 500 ms of sentence c, nothing of b
    assert np.array_equal(got[1], vecs[[1, 2]])  # 1: 900 ms of b, 600 ms of a
    # window 4 overlaps no sentence: nobody's


def test_library_round_trip_keeps_the_centroid(tmp_path) -> None:
    d = directions()
    lib = VoiceLibrary.open(tmp_path / "v.json")
    lib.learn("张三", voice_rows(d[0], 40, 0.05, 1), meeting="m1")
    again = VoiceLibrary.open(tmp_path / "v.json")
    np.testing.assert_array_equal(again.get("张三").exemplars, lib.get("张三").exemplars)
    assert float(again.get("张三").centroid @ d[0]) > 0.9
