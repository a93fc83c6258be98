"""Which of a transcript's speakers are known voices: each speaker's windows against the library.

    vectors = speaker_vectors(segments, embeddings)     # {label: (n, dim) windows inside that speaker's sentences}
    found = match(vectors, library.voices.values())     # {label: Match(name, score)}

The score is the cosine similarity between the speaker's centroid (unit mean of its window embeddings in this
transcript) and the voice's centroid (unit mean of its exemplars): the cosine scoring CAM++ is evaluated with.

Threshold. The published figures for this very model (ModelScope iic/speech_campplus_sv_zh-cn_16k-common, CAM++
trained on about 200k Chinese speakers) are an EER of 4.32 % on the CN-Celeb test set with cosine scoring (model
card; the CAM++ paper reports 6.78 % for CAM++ trained on CN-Celeb alone), and the yes/no cosine threshold its
ModelScope speaker-verification pipeline ships for that model, thr / yesOrno_thr = 0.31 in the card and its
configuration. 0.31 is the operating point for one enrolment recording against one test recording, each
embedded whole; at CN-Celeb's EER a same-speaker pair falls below it about as often (4.3 %) as a
different-speaker pair rises above it. MATCH_THRESHOLD takes that figure as it is, and the decision is stricter
than one such trial in two ways: both sides are averages of many 1.5 s windows (a minute of speech or more,
where the single trial has one utterance), which lifts same-speaker scores and leaves fewer chance highs; and a
name goes to at most one speaker per transcript, the best-scoring pair first (`match` below), so a second
speaker who also clears the threshold stays 说话人N. The number of speakers is decided before this, by
clustering (auto, exactly N, min-max): matching only names clusters, it never merges or splits them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from models.core.transcript import Segment
from models.speakers.windows import SegmentEmbeddings
from models.voices.library import Voice, unit

MATCH_THRESHOLD = 0.31  # ModelScope's cosine yes/no threshold for this CAM++ model (EER 4.32 % on CN-Celeb)
MIN_WINDOWS = 2  # a speaker with a single window (1.5 s) is not compared: too little speech to name anyone


@dataclass(frozen=True)
class Match:
    name: str
    score: float


def speaker_vectors(segments: Sequence[Segment], embeddings: Iterable[SegmentEmbeddings]) -> dict[int, np.ndarray]:
    """{label: (n, dim)} the window embeddings of each speaker: a window belongs to the speaker of the sentence
    that overlaps it longest (the sentences' labels, so merges and reassignments count); windows that overlap
    no labelled sentence (pauses) belong to nobody."""
    spans = sorted((s.start_ms, s.end_ms, s.speaker) for s in segments if s.speaker >= 0 and s.end_ms > s.start_ms)
    if not spans:
        return {}
    starts = np.array([a for a, _b, _s in spans], dtype=np.int64)
    out: dict[int, list[np.ndarray]] = {}
    for rec in embeddings:
        for (a, b), vec in zip(rec.times_ms.tolist(), rec.vectors):
            best, best_o = -1, 0
            i = max(0, int(np.searchsorted(starts, a, side="right")) - 1)
            while i > 0 and spans[i - 1][1] > a:  # earlier sentences that still reach into the window
                i -= 1
            while i < len(spans) and spans[i][0] < b:
                o = min(b, spans[i][1]) - max(a, spans[i][0])
                if o > best_o:
                    best, best_o = spans[i][2], o
                i += 1
            if best >= 0:
                out.setdefault(best, []).append(np.asarray(vec, dtype=np.float32))
    return {k: np.stack(v) for k, v in sorted(out.items())}


def match(vectors: dict[int, np.ndarray], voices: Iterable[Voice],
          threshold: float = MATCH_THRESHOLD) -> dict[int, Match]:
    """{label: Match} for the speakers that take a known name. Pairs are taken best score first; a voice names
    at most one speaker and a speaker takes at most one name; pairs below `threshold` are never taken."""
    voices = [v for v in voices if v.exemplars.size]
    labels = [k for k, v in vectors.items() if v.shape[0] >= MIN_WINDOWS]
    if not voices or not labels:
        return {}
    dim = voices[0].exemplars.shape[1]
    pairs: list[tuple[float, int, int]] = []
    for k in labels:
        if vectors[k].shape[1] != dim:
            continue  # learnt with another speaker model: not comparable
        c = unit(vectors[k].astype(np.float64).mean(axis=0))
        for j, v in enumerate(voices):
            if v.exemplars.shape[1] == dim:
                pairs.append((float(c @ v.centroid), k, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    found: dict[int, Match] = {}
    used: set[int] = set()
    for score, k, j in pairs:
        if score < threshold:
            break
        if k in found or j in used:
            continue
        found[k] = Match(voices[j].name, round(score, 4))
        used.add(j)
    return found
