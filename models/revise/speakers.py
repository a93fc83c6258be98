"""Speakers for a finished transcript: CAM++ on the saved audio over the stored VAD segments, then the labels.

    result = apply_speakers(jobs, job_id, SpeakerOptions.parse("auto"), embedder=lambda: engine.speaker_embedder())

The recogniser is never run. Each VAD segment's span is where its stored sentences lie (first start to last end:
build_segments clamps them into the segment). Segments embedded by an earlier run (speakers were on) keep their
stored embeddings, so changing "auto" to "exactly 3" only clusters again. Labels are found by
models.speakers.assign.label_speakers, as at the end of a transcription, and written with the job's new settings in
one undo step (label "speakers"); the text, and so every correction, is untouched. Off removes the labels.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.core.errors import Cancelled
from models.core.transcript import Segment
from models.jobs import job_state
from models.jobs import speakers as spk
from models.jobs.edits import log_job_step
from models.jobs.identity import engine_part, settings_key, with_speakers
from models.speakers.options import SpeakerOptions
from models.speakers.windows import SAMPLE_RATE, SegmentEmbeddings

LABEL = "speakers"  # the undo step's label (the editor names it)


@dataclass(frozen=True)
class SpeakersApplied:
    speakers: int  # distinct labels now (0: off)
    sentences: int
    embedded: int  # VAD segments embedded in this call (0: the stored embeddings sufficed)


def vad_spans(segments: Iterable[Segment]) -> list[tuple[int, int, int]]:
    """[(vad_index, start_ms, end_ms)] of the VAD segments that gave sentences, in time order."""
    spans: dict[int, list[int]] = {}
    for s in segments:
        if s.vad_index < 0:
            continue
        a = spans.setdefault(s.vad_index, [s.start_ms, s.end_ms])
        a[0], a[1] = min(a[0], s.start_ms), max(a[1], s.end_ms)
    return sorted(((i, a, b) for i, (a, b) in spans.items()), key=lambda t: t[1])


def cut(blocks: Iterable[np.ndarray], spans: Sequence[tuple[int, int, int]]) -> Iterator[tuple[int, int, np.ndarray]]:
    """(vad_index, start_ms, audio) of each span, read from a stream of 16 kHz blocks without holding the file."""
    buf, buf_at, k = np.zeros(0, np.float32), 0, 0  # buf_at: the sample number of buf[0]
    for block in blocks:
        buf = np.concatenate([buf, block])
        while k < len(spans) and (spans[k][2] * SAMPLE_RATE // 1000) <= buf_at + buf.size:
            i, a, b = spans[k]
            lo, hi = a * SAMPLE_RATE // 1000 - buf_at, b * SAMPLE_RATE // 1000 - buf_at
            yield i, a, buf[max(0, lo):hi].copy()
            k += 1
        keep = spans[k][1] * SAMPLE_RATE // 1000 - buf_at if k < len(spans) else buf.size
        if keep > 0:
            buf, buf_at = buf[keep:], buf_at + min(keep, buf.size)
    for i, a, b in spans[k:]:  # the file is shorter than its stored segments say: what is left of them
        lo = a * SAMPLE_RATE // 1000 - buf_at
        yield i, a, buf[max(0, lo): max(0, b * SAMPLE_RATE // 1000 - buf_at)].copy()


def embed_missing(jobs: Any, job_id: int, path: str | Path, segments: Sequence[Segment],
                  embedder: Callable[[], Any], cancel: threading.Event | None = None,
                  on_progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the VAD segments that have no stored embeddings (commits each batch); returns how many."""
    from models.audio import decode as audio

    have = {i for i, _rec in spk.load_embeddings(jobs.db, job_id)}
    todo = [t for t in vad_spans(segments) if t[0] not in have]
    if not todo:
        return 0
    model = embedder()
    done: list[tuple[int, SegmentEmbeddings]] = []
    for n, (i, a, chunk) in enumerate(cut(audio.stream(path, block_s=30.0), todo), 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled("adding speakers cancelled")
        done.append((i, model.embed_segment(chunk, a)))
        if len(done) >= 16 or n == len(todo):
            with jobs.db.transaction() as c:
                spk.save_embeddings(c, job_id, done)
            done = []
        if on_progress:
            on_progress(n, len(todo))
    return len(todo)


def apply_speakers(jobs: Any, job_id: int, options: SpeakerOptions, embedder: Callable[[], Any],
                   model_entry: tuple[str, str] | None = None,
                   cancel: threading.Event | None = None,
                   on_progress: Callable[[int, int], None] | None = None) -> SpeakersApplied:
    """Label (or, with options off, unlabel) a finished job's sentences as one undo step.

    embedder: called only when some VAD segment has to be embedded (an object with embed_segment(audio, start_ms),
    e.g. Engine.speaker_embedder). model_entry: the CAM++ identity for the job's settings
    (models.jobs.identity.speaker_model_entry).
    """
    job = jobs.get(job_id)
    segments = jobs.segments(job.id)
    embedded = 0
    if options.enabled:
        embedded = embed_missing(jobs, job.id, job.path, segments, embedder, cancel, on_progress)
        from models.speakers.assign import label_speakers

        labelled = label_speakers(segments, jobs.speaker_embeddings(job.id), options)
    else:
        labelled = [Segment(s.start_ms, s.end_ms, s.text, vad_index=s.vad_index, speaker=-1) for s in segments]
    if cancel is not None and cancel.is_set():
        raise Cancelled("adding speakers cancelled")
    new_settings = with_speakers(job.settings, options, model_entry)
    key = settings_key(engine_part(new_settings))
    with jobs.db.transaction() as c:
        before = job_state.snapshot(c, job.id)
        seqs = [r[0] for r in c.execute("SELECT seq FROM segments WHERE job_id = ? ORDER BY seq", (job.id,))]
        if len(seqs) != len(labelled):
            raise ValueError(f"job {job.id} has {len(seqs)} stored segments, not {len(labelled)}")
        c.executemany("UPDATE segments SET speaker = ? WHERE job_id = ? AND seq = ?",
                      [(s.speaker, job.id, q) for s, q in zip(labelled, seqs)])
        c.execute("""UPDATE sentences SET speaker = COALESCE((SELECT g.speaker FROM segments g WHERE
                     g.job_id = sentences.job_id AND g.seq = sentences.seq_first), -1) WHERE job_id = ?""", (job.id,))
        c.execute("UPDATE jobs SET settings = ?, settings_key = ? WHERE id = ?",
                  (json.dumps(new_settings, ensure_ascii=False), key, job.id))
        log_job_step(c, job.id, LABEL, [], before)
        n = c.execute("SELECT COUNT(DISTINCT speaker) FROM sentences WHERE job_id = ? AND speaker >= 0",
                      (job.id,)).fetchone()[0]
        count = c.execute("SELECT COUNT(*) FROM sentences WHERE job_id = ?", (job.id,)).fetchone()[0]
    return SpeakersApplied(int(n), int(count), embedded)
