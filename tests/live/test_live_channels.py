"""A meeting recorded on two channels (microphone, system audio) and transcribed while it is recorded: the live
transcript is the file's (same segments, same sentences, each on its channel, the echo left out once), and the
history names the channels 我 / 对方 as for a file."""
from __future__ import annotations

import pytest

from models.jobs.store import JobStore
from models.live.session import LiveSession
from models.options import CHANNEL_LABELS
from tests.live.conftest import make_two_channel_meeting
from tests.recorder.fake_stream import fake_stream  # noqa: F401 (fixture)


@pytest.mark.parametrize("rate", [16000, 48000])
def test_live_meeting_on_two_channels_is_the_files_transcript(tiny_engine, speech_clips, tmp_path, rate) -> None:
    path = tmp_path / "meeting.wav"
    audio = make_two_channel_meeting(speech_clips, path, rate)
    store = JobStore(":memory:")
    s = LiveSession(tiny_engine, store, path, rate)
    assert s.channels == 2  # from the recorder's layout beside the recording
    s.start()
    block = rate // 10
    for i in range(0, len(audio), block):
        s.push(audio[i:i + block])
    live = s.finish(timeout=180)
    assert s.error is None and live is not None
    file = tiny_engine.transcribe(path)
    rows = lambda t: [(x.start_ms, x.end_ms, x.channel, x.text) for x in t.segments]  # noqa: E731
    assert rows(live) == [(a, b, c, t) for a, b, c, t in rows(file)]
    assert {x.channel for x in live.segments} == {0, 1}
    # Committed to the history as they landed, and named as a meeting file's: 我 for the microphone, 对方 else.
    saved = store.segments(s.job_id)
    assert [(x.start_ms, x.channel) for x in saved] == [(x.start_ms, x.channel) for x in live.segments]
    names = store.speaker_names(s.job_id)
    assert names.get(0) == CHANNEL_LABELS[0] and CHANNEL_LABELS[1] in names.values()


def test_the_recorders_two_channels_reach_the_live_transcript(tiny_engine, speech_clips, tmp_path,
                                                              fake_stream) -> None:  # noqa: F811
    """Microphone and system audio recorded on two channels (fake PortAudio streams) with a live session listening,
    as `main.py live --source both` and the window do: the live sentences are those of the saved recording."""
    import time

    from models.capture.capture import Recorder
    from models.capture.loopback import SystemInput
    from tests.recorder.fake_stream import BLOCK, RATE

    audio = make_two_channel_meeting(speech_clips, tmp_path / "src.wav", RATE)
    rec = Recorder()
    path = rec.start(None, tmp_path / "rec", source="both", system=SystemInput(device=1, name="Fake monitor"))
    store = JobStore(":memory:")
    s = LiveSession(tiny_engine, store, path, rec.samplerate)
    rec.add_listener(lambda block, _pos: s.push(block))
    s.start()
    mic, system = fake_stream
    for i in range(0, len(audio), BLOCK):
        mic.feed(audio[i:i + BLOCK, 0])
        system.feed(audio[i:i + BLOCK, 1])
        if i % (BLOCK * 20) == 0:
            time.sleep(0.02)  # let the writer thread drain the rings now and then
    rec.stop()
    live = s.finish(timeout=180)
    assert s.channels == 2 and s.error is None and live is not None
    file = tiny_engine.transcribe(path)
    assert [(x.start_ms, x.channel, x.text) for x in live.segments] == \
        [(x.start_ms, x.channel, x.text) for x in file.segments]
    assert {x.channel for x in live.segments} == {0, 1}


def test_an_interrupted_live_meeting_resumes_to_the_files_transcript(tiny_engine, speech_clips, tmp_path) -> None:
    """A crash mid-meeting: the sentences committed live stay, the repaired recording resumes after them, and the
    whole is what transcribing the file in one go gives (same sentences, same channels, same numbering)."""
    import threading

    from models.jobs.runner import JobRunner
    from models.jobs.store import JobState
    from models.live.recover import bind_recovered

    path = tmp_path / "meeting.wav"
    audio = make_two_channel_meeting(speech_clips, path, 16000)
    whole = tiny_engine.transcribe(path)
    store = JobStore(":memory:")
    committed = threading.Event()
    s = LiveSession(tiny_engine, store, path, 16000, on_final=lambda seg: committed.set())
    s.start()
    cut = len(audio) * 3 // 5
    for i in range(0, cut, 1600):
        s.push(audio[i:min(cut, i + 1600)])
    assert committed.wait(60)
    s.abort()
    s.finish(timeout=60)
    job = store.get(s.job_id)
    assert job.state is JobState.INTERRUPTED and job.vad_done >= 1
    kept = store.segments(job.id)
    assert bind_recovered(store, path).id == job.id
    full = JobRunner(store).run(tiny_engine, path)
    rows = lambda segs: [(x.start_ms, x.end_ms, x.channel, x.text, x.vad_index) for x in segs]  # noqa: E731
    assert rows(full.segments[:len(kept)]) == rows(kept)
    assert rows(full.segments) == rows(whole.segments)
    assert store.get(job.id).state is JobState.DONE
