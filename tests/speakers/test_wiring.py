"""Issue 15 wiring: the engine embeds each decoded VAD segment, the job history keeps the embeddings with the
segment's sentences, JobRunner clusters at the end (models.speakers.assign.label_speakers, the one owner); names,
merge and reassign persist and reach every export.

Random CAM++ weights give arbitrary (but deterministic) embeddings: these tests check the wiring, counts and
agreement between runs, never which clip is which speaker (tests/speakers/test_cluster.py does the clustering)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.core.errors import Cancelled
from models.export.formats import FORMATS, render, write_all
from models.jobs.edits import EditStore, edited_transcript
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.speakers.assign import label_speakers
from models.speakers.options import SpeakerOptions
from speakers.spkhelp import VoiceOracle, two_voices, voice_spans

TWO = SpeakerOptions.parse("2")


@pytest.fixture(scope="module")
def voices(speech_clips: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_voices(speech_clips, tmp_path_factory.mktemp("spk") / "two-voices.wav", turns=7)


@pytest.fixture
def oracle(tiny_engine, speech_clips: dict, monkeypatch: pytest.MonkeyPatch) -> VoiceOracle:
    """The engine's embedder replaced by one whose embeddings follow the two voices of `voices`."""
    o = VoiceOracle(voice_spans(speech_clips, turns=7))
    monkeypatch.setattr(tiny_engine, "_spk", o)
    return o


def test_engine_embeds_each_decoded_segment_in_order(tiny_engine, voices: Path) -> None:
    events: list[tuple[str, int]] = []
    got: dict[int, object] = {}

    def on_emb(i: int, rec) -> None:
        events.append(("emb", i))
        got[i] = rec

    t = tiny_engine.transcribe(voices, on_segment=lambda s: events.append(("seg", s.vad_index)),
                               on_progress=lambda p: events.append(("prog", p.segments_done - 1))
                               if p.stage != "done" else None,
                               speakers=TWO, on_embeddings=on_emb)
    vads = tiny_engine.detect_speech(voices)
    assert sorted(got) == list(range(len(vads))) == [i for k, i in events if k == "emb"]
    for i, (a, b) in enumerate(vads):  # the segment's own audio: windows inside [a, b]
        rec = got[i]
        assert rec.start_ms == a and len(rec) > 0
        assert rec.times_ms[0, 0] >= a and rec.times_ms[-1, 1] <= b + 1
        # after the segment's sentences, before its progress call
        pos = events.index(("emb", i))
        assert all(events.index(e) < pos for e in events if e == ("seg", i))
        assert events[pos + 1] == ("prog", i)
    assert all(s.speaker == -1 for s in t.segments)  # the caller (JobRunner) clusters


def test_engine_only_embeds_and_label_speakers_finds_them(tiny_engine, voices: Path, oracle: VoiceOracle) -> None:
    """Clustering has one owner (models.speakers.assign.label_speakers): the engine never labels, with or without
    someone listening to its embeddings, and the job runner's labels are label_speakers' own."""
    assert all(s.speaker == -1 for s in tiny_engine.transcribe(voices, speakers=TWO).segments)
    embedded: list = []
    t = tiny_engine.transcribe(voices, speakers=TWO, on_embeddings=lambda _i, e: embedded.append(e))
    assert t.segments and all(s.speaker == -1 for s in t.segments)
    labelled = label_speakers(t.segments, embedded, TWO)
    # every sentence has its voice's label (voice A speaks first: label 0)
    assert [s.speaker for s in labelled] == [oracle.voice((s.start_ms + s.end_ms) / 2) for s in t.segments]
    assert {s.speaker for s in labelled} == {0, 1}
    assert {s.speaker for s in label_speakers(t.segments, embedded, SpeakerOptions.parse("auto"))} == {0, 1}
    assert tiny_engine.transcribe(voices).segments == t.segments  # same text without diarization
    ran = JobRunner(JobStore(":memory:")).run(tiny_engine, voices, speakers=TWO)
    assert [s.speaker for s in ran.segments] == [s.speaker for s in labelled]


def test_batch_without_history_labels_as_the_runner(tiny_engine, voices: Path, oracle: VoiceOracle,
                                                    tmp_path: Path) -> None:
    """The Ray workers' path (no job history) finds the speakers through the same label_speakers."""
    from models.batch.work import Task, run_file

    st = voices.stat()
    result = run_file(tiny_engine, Task(0, str(voices), "two", st.st_size, st.st_mtime_ns, 0.0), tmp_path,
                      ["json"], "w0", speakers=TWO)
    assert result.ok, result.error
    segs = json.loads(Path(result.staged[0]).read_text(encoding="utf-8"))["segments"]
    ran = JobRunner(JobStore(":memory:")).run(tiny_engine, voices, speakers=TWO)
    assert [s.get("spk", -1) for s in segs] == [s.speaker for s in ran.segments] and {s["spk"] for s in segs} == {0, 1}


def test_runner_two_speakers_names_merge_reassign(tiny_engine, voices: Path, oracle: VoiceOracle,
                                                  tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    store = JobStore(db)
    t = JobRunner(store).run(tiny_engine, voices, speakers=TWO)
    assert {s.speaker for s in t.segments} == {0, 1}  # exactly two labels, every sentence one of them
    job = store.list_jobs()[0]
    assert job.settings["speakers"] == TWO.to_dict() and "spk" in job.settings["models"]
    n_vad = len(tiny_engine.detect_speech(voices))
    assert len(store.speaker_embeddings(job.id)) == n_vad
    assert store.segments(job.id) == t.segments  # labels stored
    assert [s.speaker for s in EditStore(store.db).segments(job.id)] == [s.speaker for s in t.segments]

    # rename once: every export says so
    store.rename_speaker(job.id, 0, "张三")
    store.rename_speaker(job.id, 1, "李四")
    named = edited_transcript(store, job.id)
    assert named.speakers == {0: "张三", 1: "李四"}
    (tmp_path / "out").mkdir()
    out = write_all(named, tmp_path / "out", FORMATS, stem="x")
    for path in out:
        if path.suffix == ".docx":
            import docx

            body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            body = path.read_text("utf-8")
        assert "张三" in body and "李四" in body and "说话人" not in body, path.name
    assert json.loads(render(named, "json"))["segments"][0]["spk"] == t.segments[0].speaker

    # a second run of the same file and settings replays the stored transcript, names included
    again = JobRunner(store).run(tiny_engine, voices, speakers=TWO)
    assert again.segments == t.segments and again.speakers == {0: "张三", 1: "李四"}
    # other speaker settings are another job
    assert JobRunner(store).run(tiny_engine, voices).segments[0].speaker == -1
    assert len(store.list_jobs()) == 2

    # reassign one sentence, merge two speakers: persist across reopening
    first_b = next(i for i, s in enumerate(t.segments) if s.speaker == 1)
    store.reassign_speaker(job.id, 0, 1)
    store.close()
    store = JobStore(db)
    segs = EditStore(store.db).segments(job.id)
    assert segs[0].speaker == 1 and [s.speaker for s in segs[1:]] == [s.speaker for s in t.segments[1:]]
    assert store.merge_speakers(job.id, 1, 0) == sum(1 for s in segs if s.speaker == 1)
    store.close()
    store = JobStore(db)
    merged = edited_transcript(store, job.id)
    assert {s.speaker for s in merged.segments} == {0} and merged.speakers == {0: "张三"}
    assert store.speaker_labels(job.id) == [0]
    assert "李四" not in render(merged, "txt")
    # a split keeps the sentence's speaker
    es = EditStore(store.db)
    es.split(job.id, first_b, 1)
    assert {s.speaker for s in es.segments(job.id)} == {0}
    store.close()


def test_resume_after_cancel_gives_the_same_labels_and_embeds_only_new_segments(tiny_engine, voices: Path,
                                                                                tmp_path: Path) -> None:
    full = JobRunner(JobStore(tmp_path / "a.sqlite3")).run(tiny_engine, voices, speakers=TWO)
    store = JobStore(tmp_path / "b.sqlite3")
    cancel = threading.Event()

    def stop_after_three(p) -> None:
        if p.segments_done >= 3:
            cancel.set()

    with pytest.raises(Cancelled):
        JobRunner(store).run(tiny_engine, voices, on_progress=stop_after_three, cancel=cancel, speakers=TWO)
    job = store.list_jobs()[0]
    done = job.vad_done
    assert 3 <= done < len(tiny_engine.detect_speech(voices))
    assert len(store.speaker_embeddings(job.id)) == done  # committed with their sentences

    emb = tiny_engine.speaker_embedder()
    calls: list[int] = []
    orig = emb.embed_segment
    emb.embed_segment = lambda audio, start_ms: (calls.append(start_ms), orig(audio, start_ms))[1]
    try:
        resumed = JobRunner(store).run(tiny_engine, voices, speakers=TWO)
    finally:
        del emb.embed_segment
    vads = tiny_engine.detect_speech(voices)
    assert sorted(calls) == [a for a, _b in vads[done:]]  # stored segments are not embedded again
    assert resumed.segments == full.segments


def test_silence_and_one_short_sentence_give_one_speaker(tiny_engine, speech_clips: dict, tmp_path: Path) -> None:
    silent = tmp_path / "silence.wav"
    sf.write(str(silent), np.zeros(16000 * 5, dtype=np.float32), 16000, subtype="PCM_16")
    store = JobStore(tmp_path / "h.sqlite3")
    t = JobRunner(store).run(tiny_engine, silent, speakers=SpeakerOptions.parse("auto"))
    assert t.segments == [] and not t.has_speakers
    (tmp_path / "out").mkdir()
    for fmt in FORMATS:  # exports of an empty diarized transcript work
        write_all(t, tmp_path / "out", [fmt], stem="silence")

    clip, sr = sf.read(str(speech_clips["funasr_asr_example_16k.wav"]["path"]), dtype="float32")
    short = tmp_path / "short.wav"
    sf.write(str(short), clip[: int(1.2 * sr)], sr, subtype="PCM_16")
    for opts in ("auto", "2"):
        t = JobRunner(store).run(tiny_engine, short, speakers=SpeakerOptions.parse(opts))
        assert t.segments and {s.speaker for s in t.segments} == {0}, opts
