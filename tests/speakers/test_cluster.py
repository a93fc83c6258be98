"""Clustering on synthetic speaker embeddings (random CAM++ weights give arbitrary vectors, so the clustering is
tested on its own): well-separated Gaussian groups on the unit sphere, as real CAM++ windows of different people are."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from models.speakers import cluster as cl
from models.speakers.options import SpeakerOptions

DIM = 192


def groups(sizes: list[int], seed: int, spread: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Windows of len(sizes) speakers, in turns of a few windows each (as a meeting would have them).

    spread 0.8 puts a window at cosine ~0.78 to its speaker's centre and ~0.6 to another window of the same speaker;
    different speakers' centres are random directions (cosine ~0 in 192 dimensions)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((len(sizes), DIM))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    left = list(sizes)
    truth: list[int] = []
    while any(left):  # interleave turns of 1..6 windows
        for k in range(len(sizes)):
            take = min(left[k], int(rng.integers(1, 7)))
            truth += [k] * take
            left[k] -= take
    y = np.array(truth)
    x = centres[y] + spread * rng.standard_normal((len(y), DIM)) / np.sqrt(DIM)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), y


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
def test_auto_recovers_well_separated_speakers(k: int) -> None:
    x, y = groups([40 + 9 * i for i in range(k)], seed=k)
    labels = cl.cluster(x, SpeakerOptions(mode="auto", max_n=8))
    assert labels.max() + 1 == k
    assert adjusted_rand_score(y, labels) == 1.0


def test_short_speaker_with_a_few_windows_is_kept() -> None:
    x, y = groups([60, 55, 4], seed=11)  # the third person says one thing: 4 windows, about 3.75 s
    labels = cl.cluster(x, SpeakerOptions(mode="auto"))
    assert labels.max() + 1 == 3
    assert adjusted_rand_score(y, labels) == 1.0


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_fixed_n_gives_exactly_n_labels(n: int) -> None:
    x, _ = groups([30, 30, 30], seed=3)
    labels = cl.cluster(x, SpeakerOptions.parse(str(n)))
    assert sorted(set(labels.tolist())) == list(range(n))


def test_fixed_n_on_the_right_count_matches_truth() -> None:
    x, y = groups([25, 35], seed=5)
    assert adjusted_rand_score(y, cl.cluster(x, SpeakerOptions.parse("2"))) == 1.0


def test_min_and_max_bound_the_automatic_count() -> None:
    x, _ = groups([30] * 5, seed=7)
    assert cl.cluster(x, SpeakerOptions(mode="auto", max_n=3)).max() + 1 <= 3
    x, _ = groups([40], seed=8)  # one voice, but the user says at least two
    assert cl.cluster(x, SpeakerOptions(mode="auto", min_n=2, max_n=4)).max() + 1 >= 2


def test_one_voice_is_one_speaker_and_a_lone_odd_window_is_merged() -> None:
    x, _ = groups([50], seed=9)
    rng = np.random.default_rng(0)
    odd = rng.standard_normal(DIM).astype(np.float32)
    x = np.vstack([x[:20], odd / np.linalg.norm(odd), x[20:]])
    labels = cl.cluster(x, SpeakerOptions(mode="auto"))
    assert set(labels.tolist()) == {0}


def test_long_recordings_take_the_bounded_agglomerative_path(monkeypatch: pytest.MonkeyPatch) -> None:
    x, y = groups([300, 260, 200, 12], seed=21)
    runs = np.arange(len(y)) // 5  # "VAD segments" of 5 windows; some hold two speakers
    called = []
    real = cl._agglomerative
    monkeypatch.setattr(cl, "_agglomerative", lambda *a: called.append(1) or real(*a))
    monkeypatch.setattr(cl, "SPECTRAL_MAX", 200)
    labels = cl.cluster(x, SpeakerOptions(mode="auto"), runs)
    assert called and labels.max() + 1 == 4
    # a run that straddles a turn change takes one label for all its windows: near-perfect, not perfect
    assert adjusted_rand_score(y, labels) > 0.85
    fixed = cl.cluster(x, SpeakerOptions.parse("2"), runs)
    assert sorted(set(fixed.tolist())) == [0, 1]


def test_edge_cases_never_fail() -> None:
    for n in (0, 1, 2, 5):
        x, _ = groups([n], seed=1) if n else (np.zeros((0, DIM), np.float32), None)
        for opt in ("auto", "3", "off"):
            labels = cl.cluster(x, SpeakerOptions.parse(opt))
            assert labels.shape == (n,)
            assert n == 0 or labels.min() == 0
    assert cl.cluster(groups([40, 40], seed=2)[0], SpeakerOptions.parse("off")).max() == 0


def test_labels_are_numbered_by_first_appearance() -> None:
    assert cl.relabel(np.array([4, 4, 1, 4, 7, 1])).tolist() == [0, 0, 1, 0, 2, 1]


def test_options_parse_and_round_trip() -> None:
    assert SpeakerOptions.parse("auto").mode == "auto"
    assert SpeakerOptions.parse(" OFF ").enabled is False
    three = SpeakerOptions.parse("3")
    assert (three.mode, three.n) == ("fixed", 3) and str(three) == "3"
    big = SpeakerOptions.parse("12")
    assert big.max_n >= 12
    for o in (three, big, SpeakerOptions(mode="auto", min_n=2, max_n=5)):
        assert SpeakerOptions.from_dict(o.to_dict()) == o
    assert SpeakerOptions.from_dict(None) == SpeakerOptions()  # rows from before diarization: off
    for bad in ("two", "0", "-1", "99", ""):
        with pytest.raises(ValueError):
            SpeakerOptions.parse(bad)
    with pytest.raises(ValueError):
        SpeakerOptions(mode="auto", min_n=4, max_n=2)
