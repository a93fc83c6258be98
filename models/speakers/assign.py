"""From labelled windows to speaker turns, and each sentence's speaker (funasr's postprocess + distribute_spk).

    segments = label_speakers(transcript.segments, all_segment_embeddings, options)   # the one entry point

The engine only embeds (each VAD segment's windows, reported through on_embeddings); a file's speakers are found
here, once, after its last segment: by JobRunner (stored + new embeddings, so a resumed job clusters all of them)
and by the batch runner's engine-only path. label_speakers = assign(segments, finish(embeddings, options)).

Turns: windows in time order, neighbours with the same label merged, the overlap of two different speakers'
windows split at its middle, turns shorter than SMOOTH_MS given to the nearer neighbour (funasr smooth, 0.7 s).
A sentence takes the speaker whose turns overlap it longest; one with no overlap (shorter than any window, or
in a segment too short to embed) takes the nearest turn's speaker; with no windows at all everyone is speaker 0.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.core.transcript import Segment
from models.speakers.cluster import cluster
from models.speakers.options import SpeakerOptions
from models.speakers.windows import SegmentEmbeddings

SMOOTH_MS = 700


@dataclass(frozen=True)
class WindowLabels:
    """times_ms (n, 2) and labels (n,) of every window in the file, in time order."""

    times_ms: np.ndarray
    labels: np.ndarray

    @property
    def count(self) -> int:
        return int(self.labels.max()) + 1 if self.labels.size else 0


def label_speakers(segments: Sequence[Segment], all_segment_embeddings: Sequence[SegmentEmbeddings],
                   options: SpeakerOptions) -> list[Segment]:
    """Copies of a whole file's segments with .speaker set, from the embeddings of all its VAD segments."""
    return assign(segments, finish(all_segment_embeddings, options))


def label_meeting(segments: Sequence[Segment], system_embeddings: Sequence[SegmentEmbeddings],
                  options: SpeakerOptions) -> list[Segment]:
    """A two-channel meeting recording: the microphone's sentences are one person (label 0); the system audio's
    are clustered among themselves (labels 1, 2, … for the remote participants). Other sentences (gap markers)
    stay unlabelled."""
    remote = iter(label_speakers([s for s in segments if s.channel == 1], system_embeddings, options))
    out = []
    for s in segments:
        if s.channel == 1:
            r = next(remote)
            out.append(dataclasses.replace(r, speaker=r.speaker + 1 if r.speaker >= 0 else 1))
        else:
            out.append(dataclasses.replace(s, speaker=0) if s.channel == 0 else s)
    return out


def finish(all_segment_embeddings: Sequence[SegmentEmbeddings], options: SpeakerOptions) -> WindowLabels:
    """Cluster the windows of all VAD segments (call once, after the last segment)."""
    recs = sorted((r for r in all_segment_embeddings if len(r)), key=lambda r: r.start_ms)
    if not recs:
        return WindowLabels(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))
    times = np.concatenate([r.times_ms for r in recs])
    vectors = np.concatenate([r.vectors for r in recs])
    runs = np.concatenate([np.full(len(r), i, dtype=np.int64) for i, r in enumerate(recs)])
    return WindowLabels(times, cluster(vectors, options, runs))


def turns(wl: WindowLabels) -> list[tuple[int, int, int]]:
    """[(start_ms, end_ms, speaker)] in time order, without overlaps."""
    res: list[list[int]] = []
    for (a, b), spk in zip(wl.times_ms.tolist(), wl.labels.tolist()):
        if res and res[-1][2] == spk and a <= res[-1][1]:
            res[-1][1] = max(res[-1][1], b)
        else:
            res.append([a, b, spk])
    for i in range(1, len(res)):  # split overlaps between different speakers at the middle
        if res[i - 1][1] > res[i][0]:
            mid = (res[i - 1][1] + res[i][0]) // 2
            res[i - 1][1], res[i][0] = mid, mid
    if len(res) > 1:
        for i, r in enumerate(res):
            if r[1] - r[0] < SMOOTH_MS:
                if i == 0:
                    r[2] = res[1][2]
                elif i == len(res) - 1:
                    r[2] = res[i - 1][2]
                else:
                    r[2] = res[i - 1][2] if r[0] - res[i - 1][1] <= res[i + 1][0] - r[1] else res[i + 1][2]
    merged: list[list[int]] = []
    for r in res:
        if merged and merged[-1][2] == r[2] and r[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r[1])
        else:
            merged.append(list(r))
    return [(a, b, s) for a, b, s in merged]


def speaker_of(start_ms: int, end_ms: int, turn_list: Sequence[tuple[int, int, int]]) -> int:
    """The speaker with the most overlap with [start_ms, end_ms]; the nearest turn's when none overlaps."""
    if not turn_list:
        return 0
    overlap: dict[int, int] = {}
    for a, b, spk in turn_list:
        o = min(end_ms, b) - max(start_ms, a)
        if o > 0:
            overlap[spk] = overlap.get(spk, 0) + o
    if overlap:
        return max(overlap, key=lambda s: (overlap[s], -s))
    mid = (start_ms + end_ms) / 2
    return min(turn_list, key=lambda t: min(abs(t[0] - mid), abs(t[1] - mid)))[2]


def assign(segments: Sequence[Segment], labels: WindowLabels) -> list[Segment]:
    """Copies of segments with .speaker set (>= 0 for every sentence; -1 for markers of spans without words)."""
    tl = turns(labels)
    return [dataclasses.replace(s, speaker=-1 if s.is_marker else speaker_of(s.start_ms, s.end_ms, tl))
            for s in segments]
