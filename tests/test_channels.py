"""A two-channel meeting recording (channel 1 microphone, channel 2 system audio) transcribed as one transcript:
each sentence knows its channel, in time order; the loudspeakers' echo in the microphone is not transcribed twice;
the channel is stored in the job history, renamable, and every export and the minutes show it.

The tiny models' random weights give arbitrary words: these tests assert channels, times and counts only.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from models.asr import channels as channels_mod
from models.asr.echo import echo_scores, is_echo, local_spans
from models.audio.layout import layout, write_layout
from models.core.transcript import Segment, Transcript
from models.export import formats as exporters
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.summary.chunks import lines_of

RATE = 16000
A_AT, B_AT = 0.5, 6.5  # seconds: the remote voice A, then the local voice B


def _clip(testdata: Path, name: str) -> np.ndarray:
    x, rate = sf.read(testdata / "speech" / name, dtype="float32")
    assert rate == RATE
    return x


def _delayed(x: np.ndarray, ms: int, db: float) -> np.ndarray:
    return np.concatenate([np.zeros(ms * RATE // 1000, np.float32), x])[:len(x)] * np.float32(10 ** (db / 20))


def _meeting(testdata: Path, path: Path, *, echo: bool) -> tuple[tuple[int, int], tuple[int, int]]:
    """Writes the recording; returns A's and B's spans (ms)."""
    a = _clip(testdata, "wenet_aishell_BAC009S0724W0121_16k.wav")
    b = _clip(testdata, "funasr_asr_example_16k.wav")
    n = int((B_AT + len(b) / RATE + 1.0) * RATE)
    mic, system = np.zeros(n, np.float32), np.zeros(n, np.float32)
    ia, ib = int(A_AT * RATE), int(B_AT * RATE)
    system[ia:ia + len(a)] = a
    mic[ib:ib + len(b)] = b
    if echo:  # no headset: the microphone hears the loudspeakers 12 dB down, 40 ms late
        mic[ia:ia + len(a)] += _delayed(a, 40, -12.0)
    sf.write(path, np.column_stack([mic, system]), RATE, subtype="PCM_16")
    write_layout(path)
    span = lambda at, x: (int(at * 1000), int((at + len(x) / RATE) * 1000))  # noqa: E731
    return span(A_AT, a), span(B_AT, b)


def _inside(seg: Segment, span: tuple[int, int], slack: int = 300) -> bool:
    """The sentence starts within the voice's span (the tiny models' word times may run on past its end)."""
    return span[0] - slack <= seg.start_ms <= span[1] + slack


@pytest.fixture(scope="module")
def meeting(testdata, tmp_path_factory):
    path = tmp_path_factory.mktemp("meet") / "meeting.wav"
    return path, *_meeting(testdata, path, echo=False)


def test_each_sentence_knows_its_channel_in_time_order(tiny_engine, meeting):
    path, a_span, b_span = meeting
    t = tiny_engine.transcribe(path)
    spoken = [s for s in t.segments if s.text.strip()]
    assert spoken
    starts = [s.start_ms for s in t.segments]
    assert starts == sorted(starts)  # no one speaks over another here: the sentences are in time order
    from_a = [s for s in spoken if _inside(s, a_span)]
    from_b = [s for s in spoken if _inside(s, b_span)]
    assert len(from_a) + len(from_b) == len(spoken)  # every sentence lies in one voice's span
    assert from_a and from_b
    right = sum(s.channel == 1 for s in from_a) + sum(s.channel == 0 for s in from_b)
    assert right / len(spoken) >= 0.95
    assert t.duration_ms == pytest.approx(sf.info(path).duration * 1000, abs=2)


def test_a_stereo_file_without_the_layout_is_one_source(tiny_engine, meeting, tmp_path):
    path = tmp_path / "plain.wav"
    path.write_bytes(meeting[0].read_bytes())
    assert layout(path) is None
    t = tiny_engine.transcribe(path)
    assert t.segments and all(s.channel == -1 for s in t.segments)


def test_the_loudspeakers_echo_is_not_transcribed_twice(tiny_engine, testdata, tmp_path, monkeypatch):
    path = tmp_path / "echo.wav"
    a_span, _b_span = _meeting(testdata, path, echo=True)
    t = tiny_engine.transcribe(path)
    in_a = [s for s in t.segments if s.text.strip() and _inside(s, a_span)]
    assert in_a and all(s.channel == 1 for s in in_a)  # A once, on the system channel
    assert any(s.channel == 0 for s in t.segments)  # B (the local person) is still there
    monkeypatch.setattr(channels_mod, "local_spans", lambda mic, *_a: [(0, len(mic))])  # without it: A twice
    twice = tiny_engine.transcribe(path)
    assert any(s.channel == 0 and _inside(s, a_span) for s in twice.segments if s.text.strip())


def test_echo_detection_on_simulated_echo_and_double_talk(testdata):
    a = _clip(testdata, "wenet_aishell_BAC009S0724W0121_16k.wav")
    b = _clip(testdata, "funasr_asr_example_16k.wav")[:len(a)]
    pre = 300 * RATE // 1000
    system = np.concatenate([np.zeros(pre, np.float32), a])
    echo = _delayed(a, 40, -12.0)
    explained, r, lag = echo_scores(echo, system, pre)
    assert lag == 40 * RATE // 1000 and explained > 0.9 and r > 0.9
    assert is_echo(echo, system, pre)
    assert not is_echo(b + echo, system, pre)  # the local person speaking over the echo: kept
    assert not is_echo(b, system, pre)  # the local person while the remote one speaks: kept
    assert not is_echo(echo, np.zeros_like(system), pre)  # nothing played: not an echo


def test_an_echo_then_the_local_answer_in_one_segment_keeps_only_the_answer(testdata):
    """The VAD may not cut between the remote voice's echo and the local person answering right after it."""
    a = _clip(testdata, "wenet_aishell_BAC009S0724W0121_16k.wav")
    b = _clip(testdata, "funasr_asr_example_16k.wav")
    pre = 300 * RATE // 1000
    mic = np.concatenate([_delayed(a, 40, -12.0), np.zeros(RATE // 2, np.float32), b])
    system = np.concatenate([np.zeros(pre, np.float32), a, np.zeros(RATE // 2 + len(b), np.float32)])
    spans = local_spans(mic, system, pre)
    b_at = len(a) + RATE // 2
    assert spans and spans[0][0] >= len(a) - RATE // 10  # nothing of the echo
    assert sum(y - x for x, y in spans) >= 0.8 * len(b) and spans[-1][1] >= b_at + 0.8 * len(b)


def test_channels_are_stored_renamable_and_exported(tiny_engine, meeting, tmp_path):
    path, a_span, b_span = meeting
    store = JobStore(tmp_path / "history.sqlite3")
    try:
        t = JobRunner(store).run(tiny_engine, path)
        job = store.list_jobs()[0]
        stored = store.segments(job.id)
        assert [s.channel for s in stored] == [s.channel for s in t.segments]
        assert {s.channel for s in stored} == {0, 1}
        # The channels are the transcript's speakers, named after them (the editor shows and renames them).
        assert all(s.speaker == s.channel for s in stored if s.channel >= 0)
        assert store.speaker_names(job.id) == {0: "我", 1: "对方"}
        txt = exporters.render(store.transcript(job.id), "txt")
        assert "我：" in txt and "对方：" in txt
        store.rename_speaker(job.id, 1, "客户")
        again = store.transcript(job.id)
        assert again.speakers == {0: "我", 1: "客户"}
        for fmt in ("txt", "srt", "vtt", "md"):
            out = exporters.render(again, fmt)
            assert "客户" in out and "我" in out, fmt
        assert "对方" not in exporters.render(again, "txt")
        json_out = exporters.render(again, "json")
        assert '"label": "客户"' in json_out and '"channel": 1' in json_out
        assert {ln.speaker for ln in lines_of(again)} == {"我", "客户"}  # the minutes' lines
        # The user's corrections keep each sentence's channel (the exports and the minutes use the edited text).
        from models.jobs.edits import EditStore, edited_transcript

        EditStore(store.db).set_text(job.id, 0, "改过的句子。")
        edited = edited_transcript(store, job.id)
        assert edited.segments[0].text == "改过的句子。"
        assert [s.channel for s in edited.segments] == [s.channel for s in stored]
        assert "客户" in exporters.render(edited, "txt")
    finally:
        store.close()


def test_labels_of_a_meeting_transcript():
    """Straight from the engine (no job history): the channels' names; with speaker labels: the speakers'."""
    segs = [Segment(0, 1000, "a", channel=0), Segment(1000, 2000, "b", channel=1), Segment(2000, 3000, "c")]
    assert [Transcript("x.wav", 3000, segs).label(s) for s in segs] == ["我", "对方", ""]
    assert [Transcript("x.wav", 3000, segs, channels={1: "客户"}).label(s) for s in segs] == ["我", "客户", ""]
    named = [Segment(0, 1000, "a", channel=0, speaker=0), Segment(1000, 2000, "b", channel=1, speaker=2)]
    assert [Transcript("x.wav", 2000, named, speakers={0: "我", 2: "王总"}).label(s) for s in named] == ["我", "王总"]


def test_with_speakers_the_microphone_is_one_person_and_the_remote_side_is_clustered(tiny_engine, meeting, tmp_path):
    from models.speakers.options import SpeakerOptions

    path, _a_span, _b_span = meeting
    store = JobStore(tmp_path / "history.sqlite3")
    try:
        t = JobRunner(store).run(tiny_engine, path, speakers=SpeakerOptions(mode="fixed", n=2))
        spoken = [s for s in t.segments if s.tokens]
        mic = [s for s in spoken if s.channel == 0]
        remote = [s for s in spoken if s.channel == 1]
        assert mic and remote
        assert {s.speaker for s in mic} == {0}
        assert all(s.speaker >= 1 for s in remote) and len({s.speaker for s in remote}) <= 2
        assert {t.label(s) for s in mic} == {"我"}
        remote_names = {t.label(s) for s in remote}
        assert remote_names in ({"对方"}, {"对方1", "对方2"})
        job = store.list_jobs()[0]
        assert [s.speaker for s in store.transcript(job.id).segments] == [s.speaker for s in t.segments]
    finally:
        store.close()


def test_an_interrupted_meeting_resumes_to_the_same_transcript(tiny_engine, testdata, tmp_path):
    import threading

    from models.core.errors import Cancelled

    path = tmp_path / "overlap.wav"
    _meeting(testdata, path, echo=False)
    data, rate = sf.read(path, dtype="float32")
    b = _clip(testdata, "funasr_asr_example_16k.wav")[RATE:3 * RATE]  # the local person says something short ...
    at = int((A_AT + 1.5) * RATE)
    data[at:at + len(b), 0] += b  # ... while the remote one speaks: a short segment inside a long one
    sf.write(path, data, rate, subtype="PCM_16")
    whole = tiny_engine.transcribe(path)
    store = JobStore(tmp_path / "history.sqlite3")
    try:
        cancel = threading.Event()

        def stop_after_first(p) -> None:
            if p.segments_done >= 1:
                cancel.set()

        with pytest.raises(Cancelled):
            JobRunner(store).run(tiny_engine, path, on_progress=stop_after_first, cancel=cancel)
        job = store.list_jobs()[0]
        assert 0 < job.vad_done < len({s.vad_index for s in whole.segments})
        resumed = JobRunner(store).run(tiny_engine, path)
        key = lambda s: (s.start_ms, s.end_ms, s.channel, s.vad_index)  # noqa: E731
        assert [key(s) for s in resumed.segments] == [key(s) for s in whole.segments]
    finally:
        store.close()


def test_the_benchmarks_two_channel_meeting_is_a_recorders(testdata, tmp_path):
    """models/bench/two_channel.py: channel 1 the local voice plus the remote one's echo, channel 2 the remote voice,
    with the layout the transcription reads; written block by block (the echo crosses the block edges)."""
    from models.bench.two_channel import ECHO_DB, ECHO_MS, make

    a, b = _clip(testdata, "funasr_asr_example_16k.wav"), _clip(testdata, "wenet_aishell_BAC009S0724W0121_16k.wav")
    sf.write(tmp_path / "a.wav", a, RATE)
    sf.write(tmp_path / "b.wav", b, RATE)
    out = tmp_path / "m.wav"
    make(tmp_path / "a.wav", tmp_path / "b.wav", out, block_s=0.5)
    data, rate = sf.read(out, dtype="float32")
    assert rate == RATE and data.shape == (max(len(a), len(b)), 2) and layout(out) == ("mic", "system")
    assert np.allclose(data[:len(b), 1], b, atol=1e-4)
    want = np.zeros(len(data), np.float32)
    want[:len(a)] += a
    d = ECHO_MS * RATE // 1000
    want[d:] += np.float32(10 ** (ECHO_DB / 20)) * np.pad(b, (0, len(data) - len(b)))[:len(data) - d]
    assert np.allclose(data[:, 0], np.clip(want, -1, 1), atol=1e-3)
