"""A recording transcribed while it is made goes through the file pipeline: same sentences where the VAD cuts
the same segments, committed to the history as they land, bound to the finished file, resumable after a crash."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from models.jobs.runner import JobRunner
from models.jobs.store import JobState, JobStore
from models.live.recover import bind_recovered
from models.live.session import LiveSession
from tests.live.conftest import push_all


def _live(engine, store, path: Path, audio: np.ndarray, **kw) -> LiveSession:
    s = LiveSession(engine, store, path, 16000, **kw)
    s.start()
    push_all(s, audio)
    return s



def test_live_gives_the_file_pipelines_sentences_where_segments_agree(tiny_engine, meeting) -> None:
    path, audio = meeting
    store = JobStore(":memory:")
    vads: list[tuple[int, int]] = []
    s = LiveSession(tiny_engine, store, path, 16000)
    s.start()
    push_all(s, audio)
    live = s.finish(timeout=120)
    assert s.error is None and live is not None and live.segments
    file = tiny_engine.transcribe(path, on_vad=lambda a, b: vads.append((a, b)))
    # The same VAD segment (same bounds) must give the same sentences in both: one decoder, one text pipeline.
    def by_bounds(segments, bounds) -> dict[tuple[int, int], list]:
        out: dict[tuple[int, int], list] = {b: [] for b in bounds}
        for seg in segments:
            out[bounds[seg.vad_index]].append(seg)
        return out

    live_groups = by_bounds(live.segments, s.vad_segments)
    file_groups = by_bounds(file.segments, vads)
    same = [b for b in file_groups if b in live_groups]
    assert same  # the pauses between the clips are long: some segments are cut alike
    for b in same:
        assert [x.text for x in live_groups[b]] == [x.text for x in file_groups[b]]
        assert [x.token_ms for x in live_groups[b]] == [x.token_ms for x in file_groups[b]]
    # Times in order, inside the audio.
    ends = [x.end_ms for x in live.segments]
    assert ends == sorted(ends) and ends[-1] <= audio.size * 1000 // 16000 + 10


def test_live_job_is_committed_and_bound_to_the_finished_file(tiny_engine, meeting) -> None:
    path, audio = meeting
    store = JobStore(":memory:")
    seen: list[int] = []
    s = _live(tiny_engine, store, path, audio, on_final=lambda seg: seen.append(seg.vad_index))
    live = s.finish(timeout=120)
    job = store.get(s.job_id)
    assert job.state is JobState.DONE and job.vad_done == max(seen) + 1
    assert [x.text for x in store.segments(job.id)] == [x.text for x in live.segments]
    # Bound to the file: a later run on the same file with the same settings is that transcript, not a new one.
    calls: list[int] = []
    rec = tiny_engine.recognizer
    original = rec.recognize
    try:
        rec.recognize = lambda *a, **k: calls.append(1) or original(*a, **k)
        again = JobRunner(store).run(tiny_engine, path)
    finally:
        rec.recognize = original
    assert calls == [] and [x.text for x in again.segments] == [x.text for x in live.segments]


def test_slow_decoding_falls_behind_and_catches_up_without_dropping(tiny_engine, meeting) -> None:
    """A decoder that cannot keep up: the recording goes on, nothing is dropped, the transcript comes out whole.

    The decoder is held (not slowed by a sleep) until the whole meeting has been pushed, so "it fell behind" does
    not depend on how fast this machine's CPU runs the VAD between two pushes."""
    path, audio = meeting
    store = JobStore(":memory:")
    reference = _live(tiny_engine, store, path, audio).finish(timeout=120)
    rec = tiny_engine.recognizer
    original = rec.recognize
    gate = threading.Event()
    finals: list[int] = []

    def held(*a, **k):
        assert gate.wait(120)
        return original(*a, **k)

    rec.recognize = held
    try:
        s = LiveSession(tiny_engine, JobStore(":memory:"), path, 16000, on_final=lambda seg: finals.append(1))
        s.start()
        push_all(s, audio)
        time.sleep(0.5)  # let the engine read what it can: it must still have no final sentence
        behind = len(finals)
        gate.set()
        slowed = s.finish(timeout=300)
    finally:
        gate.set()
        rec.recognize = original
    assert behind == 0 and len(reference.segments) > 0  # it did fall behind: every sentence was still to come
    assert s.error is None
    assert [x.text for x in slowed.segments] == [x.text for x in reference.segments]
    assert [(x.start_ms, x.end_ms) for x in slowed.segments] == [(x.start_ms, x.end_ms) for x in reference.segments]


def test_interrupted_live_job_resumes_after_its_last_sentence(tiny_engine, meeting) -> None:
    """A crash mid-meeting: the committed sentences stay; the repaired recording resumes only the rest."""
    path, audio = meeting
    store = JobStore(":memory:")
    committed = threading.Event()
    s = LiveSession(tiny_engine, store, path, 16000, on_final=lambda seg: committed.set())
    s.start()
    half = audio.size // 2
    push_all(s, audio[:half])
    assert committed.wait(60)
    time.sleep(0.5)
    s.abort()
    s.finish(timeout=60)
    job = store.get(s.job_id)
    assert job.state is JobState.INTERRUPTED and job.vad_done >= 1
    kept = store.segments(job.id)
    assert kept and kept[-1].end_ms <= half * 1000 // 16000
    bound = bind_recovered(store, path)
    assert bound is not None and bound.id == job.id
    decoded: list[tuple[int, int]] = []
    rec = tiny_engine.recognizer
    original = rec.recognize

    def spy(chunk, offset_ms, *a, **k):
        decoded.append((offset_ms, offset_ms + chunk.size * 1000 // 16000))
        return original(chunk, offset_ms, *a, **k)

    rec.recognize = spy
    try:
        full = JobRunner(store).run(tiny_engine, path)
    finally:
        rec.recognize = original
    assert decoded and min(a for a, _ in decoded) >= job.resume_ms  # only the rest was decoded
    assert [x.text for x in full.segments[:len(kept)]] == [x.text for x in kept]
    starts = [x.start_ms for x in full.segments]
    assert starts == sorted(starts)
    idx = [x.vad_index for x in full.segments]
    assert idx == sorted(idx) and store.get(job.id).state is JobState.DONE


def test_live_hears_the_saved_files_samples(tiny_engine, meeting, tmp_path: Path) -> None:
    """A recorder hands over float samples and stores 16-bit PCM at the device's rate: the live transcript must
    hear the stored samples (it used to hear the unrounded ones, and segments cut alike got other sentences)."""
    import soundfile as sf

    from models.audio.resample import To16k

    _path, audio = meeting
    rate = 48000
    up = To16k(16000)  # pass-through; build 48 kHz float audio that 16-bit storage rounds
    x = np.repeat(up.push(audio), 3) + np.float32(1e-5) * np.sin(np.arange(audio.size * 3, dtype=np.float32))
    x = x.astype(np.float32)
    wav = tmp_path / "rec48k.wav"
    pcm = np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)  # as models/capture/drain.py stores it
    sf.write(wav, pcm, rate, subtype="PCM_16")
    s = LiveSession(tiny_engine, JobStore(":memory:"), wav, rate)
    s.start()
    for i in range(0, x.size, 4800):
        s.push(x[i:i + 4800])  # what the recorder's listener gets: the float samples
    live = s.finish(timeout=120)
    vads: list[tuple[int, int]] = []
    file = tiny_engine.transcribe(wav, on_vad=lambda a, b: vads.append((a, b)))
    assert s.vad_segments[:-1] == vads[:-1]
    n = len(vads) - 1
    assert [(x.text, x.token_ms) for x in live.segments if x.vad_index < n] == \
        [(x.text, x.token_ms) for x in file.segments if x.vad_index < n]


def test_gaps_the_recorder_reports_while_live_are_marked_in_the_live_transcript(tiny_engine, meeting, tmp_path,
                                                                                speech_clips) -> None:
    """The recorder lists lost input in <name>.gaps.json as it records: the live transcript marks each gap where it
    fell, in time order, committed to the history like its sentences (as transcribing the file would)."""
    import shutil

    import soundfile as sf

    from models.audio.gaps import Gap, write_gaps

    src_path, audio = meeting
    path = tmp_path / "rec.wav"
    shutil.copy(src_path, path)
    first_ms = sf.info(speech_clips["funasr_asr_example_16k.wav"]["path"]).frames * 1000 // 16000
    early = Gap(first_ms + 800, 120, "the computer was too busy")  # in the pause after the first clip
    late = Gap(audio.size * 1000 // 16000 - 300, 50, "the system dropped input")  # after the last words
    store = JobStore(":memory:")
    s = LiveSession(tiny_engine, store, path, 16000)
    s.start()
    cut = (first_ms + 1500) * 16
    push_all(s, audio[:cut])
    write_gaps(path, [early])
    push_all(s, audio[cut:])
    write_gaps(path, [early, late])
    live = s.finish(timeout=120)
    assert s.error is None and live is not None
    marks = [x for x in live.segments if "lost while recording" in x.text]
    assert [(m.start_ms, m.end_ms) for m in marks] == [(early.at_ms, early.end_ms), (late.at_ms, late.end_ms)]
    starts = [x.start_ms for x in live.segments]
    assert starts == sorted(starts)  # each marker among the sentences where it fell
    assert any(x.start_ms < early.at_ms for x in live.segments if x not in marks)
    assert any(x.start_ms > early.at_ms for x in live.segments if x not in marks)
    saved = [x.text for x in store.segments(s.job_id)]
    assert [m.text for m in marks] == [t for t in saved if "lost while recording" in t]
