"""A finished transcript is changed afterwards without transcribing it again and without losing a correction:
speakers added (CAM++ over the stored segments only), the text steps applied again (uncorrected sentences only
unless asked), and a re-transcription that gets the corrections back by time. Each change is one undo step."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from models.core.transcript import Segment
from models.jobs.edits import EditStore, Sentence
from models.jobs.identity import engine_settings, settings_key
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.revise import carry, speakers as revise_speakers, text as revise_text
from models.speakers.options import SpeakerOptions
from models.speakers.windows import SAMPLE_RATE
from models.text.pipeline import TextOptions, TextSteps
from speakers.spkhelp import VoiceOracle, two_voices, voice_spans

TWO = SpeakerOptions.parse("2")


@pytest.fixture(scope="module")
def voices(speech_clips: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_voices(speech_clips, tmp_path_factory.mktemp("revise") / "two-voices.wav", turns=7)


@pytest.fixture
def oracle(speech_clips: dict) -> VoiceOracle:
    return VoiceOracle(voice_spans(speech_clips, turns=7))


def _correct_three(store: JobStore, job_id: int) -> dict[int, str]:
    edits = EditStore(store.db)
    rows = edits.sentences(job_id)
    assert len(rows) >= 6
    fixes = {p: f"改过的第{p}句。" for p in (0, len(rows) // 2, len(rows) - 1)}
    for p, t in fixes.items():
        edits.set_text(job_id, p, t)
    return fixes


def _no_recognition(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a, **_k):
        raise AssertionError("the recogniser was called")

    monkeypatch.setattr(engine, "transcribe", refuse)
    monkeypatch.setattr(engine, "_run_asr", refuse)


def test_speakers_on_a_finished_transcript_keep_corrections_and_never_recognise(
        tiny_engine, voices: Path, oracle: VoiceOracle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = JobStore(tmp_path / "h.sqlite3")
    JobRunner(store).run(tiny_engine, voices)  # speakers off
    job = store.list_jobs()[0]
    fixes = _correct_three(store, job.id)
    edits = EditStore(store.db)
    texts = [s.text for s in edits.sentences(job.id)]
    assert all(s.speaker == -1 for s in edits.sentences(job.id))

    _no_recognition(tiny_engine, monkeypatch)
    embedded: list[int] = []

    def embed_segment(audio, start_ms):  # the oracle, counting the audio it is given
        embedded.append(len(audio))
        return oracle.embed_segment(audio, start_ms)

    oracle_embedder = type("E", (), {"embed_segment": staticmethod(embed_segment)})()
    done = revise_speakers.apply_speakers(store, job.id, TWO, lambda: oracle_embedder)

    after = edits.sentences(job.id)
    assert [s.text for s in after] == texts and all(after[p].text == t for p, t in fixes.items())
    assert done.speakers == 2 and {s.speaker for s in after} == {0, 1}
    # each sentence has the voice that speaks at its time
    assert [s.speaker for s in after] == [oracle.voice((s.start_ms + s.end_ms) / 2) for s in after]
    spans = revise_speakers.vad_spans(store.segments(job.id))
    assert done.embedded == len(spans) == len(embedded) and len(store.speaker_embeddings(job.id)) == len(spans)
    assert embedded == [(b * SAMPLE_RATE // 1000) - (a * SAMPLE_RATE // 1000) for _i, a, b in spans]
    # the job now says it has speakers: the same settings with speakers on find it
    job2 = store.get(job.id)
    assert job2.settings["speakers"] == TWO.to_dict()
    assert job2.settings_key == settings_key(engine_settings(tiny_engine, None, TWO) | {
        "models": job2.settings["models"]})

    # one undo step: labels off again, corrections still there; redo brings the labels back
    assert edits.history(job.id)[-1].label == "speakers"
    assert edits.undo(job.id)
    assert all(s.speaker == -1 for s in edits.sentences(job.id))
    assert [s.text for s in edits.sentences(job.id)] == texts
    assert store.get(job.id).settings_key == job.settings_key
    assert edits.redo(job.id)
    assert [s.speaker for s in edits.sentences(job.id)] == [s.speaker for s in after]

    # exactly 1 speaker now: the stored embeddings are clustered again, nothing is embedded
    embedded.clear()
    again = revise_speakers.apply_speakers(store, job.id, SpeakerOptions.parse("1"), lambda: oracle_embedder)
    assert again.embedded == 0 and not embedded and {s.speaker for s in edits.sentences(job.id)} == {0}
    off = revise_speakers.apply_speakers(store, job.id, SpeakerOptions.parse("off"), lambda: oracle_embedder)
    assert off.speakers == 0 and all(s.speaker == -1 for s in edits.sentences(job.id))
    assert [s.text for s in edits.sentences(job.id)] == texts


def test_cut_gives_each_span_its_audio_across_blocks() -> None:
    import numpy as np

    audio = np.arange(10 * SAMPLE_RATE, dtype=np.float32)
    blocks = [audio[i:i + 7000] for i in range(0, audio.size, 7000)]
    spans = [(0, 100, 900), (1, 1000, 1010), (3, 2500, 6100), (4, 9900, 10500)]
    got = list(revise_speakers.cut(blocks, spans))
    assert [g[0] for g in got] == [0, 1, 3, 4]
    for (_i, a, b), (_j, start, chunk) in zip(spans, got):
        lo, hi = a * SAMPLE_RATE // 1000, min(b * SAMPLE_RATE // 1000, audio.size)
        assert start == a and np.array_equal(chunk, audio[lo:hi])


def _common_char(store: JobStore, job_id: int, skip: set[int]) -> str:
    """A hanzi that several uncorrected sentences share (random weights: the text is arbitrary)."""
    counts = Counter(ch for s in EditStore(store.db).sentences(job_id) if s.pos not in skip
                     for ch in set(s.text) if "\u4e00" <= ch <= "\u9fff")
    ch, n = counts.most_common(1)[0]
    assert n >= 2
    return ch


def test_glossary_added_afterwards_changes_uncorrected_sentences_only_and_undo_restores(
        tiny_engine, voices: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = JobStore(tmp_path / "h.sqlite3")
    JobRunner(store).run(tiny_engine, voices, text=TextOptions(itn=False))
    job = store.list_jobs()[0]
    edits = EditStore(store.db)
    fixes = _correct_three(store, job.id)
    ch = _common_char(store, job.id, set(fixes))
    for p in fixes:  # each correction holds the glossary's word too: the steps would change it
        edits.set_text(job.id, p, fixes[p] + ch)
        fixes[p] += ch
    before = edits.sentences(job.id)
    glossary = tmp_path / "g.txt"
    glossary.write_text(f"{ch} => 〔{ch}〕\n", "utf-8")
    _no_recognition(tiny_engine, monkeypatch)

    p = revise_text.plan(store, job.id, TextOptions(glossary_paths=(str(glossary),), itn=False))
    should = {s.pos for s in before if s.pos not in fixes and ch in s.text}
    assert {c.pos for c in p.changed} == should and len(should) >= 2
    assert {c.pos for c in p.corrections} == set(fixes)
    assert all(c.new == c.old.replace(ch, f"〔{ch}〕") for c in p.corrections)
    assert revise_text.apply(store, job.id, p) == len(should)

    after = edits.sentences(job.id)
    for old, new in zip(before, after):
        if old.pos in fixes:  # the user's text, untouched; Revert would now go to the new recognised text
            assert new.text == old.text and new.original == old.original.replace(ch, f"〔{ch}〕")
        else:
            assert new.text == old.text.replace(ch, f"〔{ch}〕") and not new.edited
    assert store.get(job.id).settings["text"]["glossary"] == TextSteps(p.options).settings()["glossary"]
    # times follow the new text (click-to-play and subtitles)
    assert all(len(edits.times(job.id, s.pos)) == len(s.text) for s in after)

    assert edits.history(job.id)[-1].label == "text"
    assert edits.undo(job.id)
    assert edits.sentences(job.id) == before
    assert "text" not in store.get(job.id).settings
    assert edits.redo(job.id) and edits.sentences(job.id) == after

    # asked to: the corrections change too, as the list said
    p2 = revise_text.plan(store, job.id, TextOptions(glossary_paths=(str(glossary),), itn=False))
    assert not p2.changed and {c.pos for c in p2.corrections} == set(fixes)
    revise_text.apply(store, job.id, p2, corrections=True)
    assert all(edits.sentences(job.id)[q].text == c.new for q, c in zip(fixes, p2.corrections))


def test_text_steps_run_on_what_was_recognised(tiny_engine, voices: Path, tmp_path: Path) -> None:
    """A glossary used while transcribing can be taken away afterwards: the recognised text is kept."""
    plain = JobRunner(JobStore(":memory:")).run(tiny_engine, voices, text=TextOptions(itn=False))
    ch = Counter(c for s in plain.segments for c in set(s.text) if "\u4e00" <= c <= "\u9fff").most_common(1)[0][0]
    glossary = tmp_path / "g.txt"
    glossary.write_text(f"{ch} => 〔{ch}〕\n", "utf-8")
    store = JobStore(tmp_path / "h.sqlite3")
    with_g = JobRunner(store).run(tiny_engine, voices, text=TextOptions(glossary_paths=(str(glossary),), itn=False))
    assert [s.text for s in with_g.segments] != [s.text for s in plain.segments]
    job = store.list_jobs()[0]
    p = revise_text.plan(store, job.id, TextOptions(itn=False))
    revise_text.apply(store, job.id, p)
    assert [s.text for s in EditStore(store.db).sentences(job.id)] == [s.text for s in plain.segments]
    assert [s.token_ms for s in EditStore(store.db).segments(job.id)] == [s.token_ms for s in plain.segments]


def test_retranscription_carries_corrections_over_by_time(tiny_engine, voices: Path, tmp_path: Path) -> None:
    store = JobStore(tmp_path / "h.sqlite3")
    JobRunner(store).run(tiny_engine, voices)
    job = store.list_jobs()[0]
    fixes = _correct_three(store, job.id)
    edits = EditStore(store.db)
    # the longest other sentence cut in two, both pieces corrected: no one new sentence for either
    k = max((s for s in edits.sentences(job.id) if s.pos not in fixes), key=lambda s: s.end_ms - s.start_ms).pos
    edits.split(job.id, k, len(edits.sentences(job.id)[k].text) // 2)
    edits.set_text(job.id, k, "前半，")
    edits.set_text(job.id, k + 1, "后半。")
    fixes = {(p + 1 if p > k else p): t for p, t in fixes.items()}
    JobRunner(store).run(tiny_engine, voices, restart=True)  # transcribed again: a clean transcript
    assert not any(s.edited for s in edits.sentences(job.id))

    report = carry.carry_corrections(store, job.id)
    assert report.kept_job is not None
    now = edits.sentences(job.id)
    assert [t for _p, t in report.carried] == list(fixes.values())
    assert all(now[p].text == t and now[p].edited for p, t in report.carried)
    assert [x.text for x in report.left] == ["前半，", "后半。"]
    assert edits.history(job.id)[-1].label == "carry"
    edits.undo(job.id)
    assert not any(s.edited for s in edits.sentences(job.id))


def test_match_by_time() -> None:
    new = [Sentence(0, 0, 1000, "a", "a"), Sentence(1, 1000, 3000, "b", "b"), Sentence(2, 3000, 4000, "x", "c")]
    fixes = [Sentence(0, 100, 1100, "A", "a"),  # mostly the first sentence
             Sentence(1, 1000, 1900, "B1", "b"), Sentence(2, 1900, 3000, "B2", "b"),  # two for one
             Sentence(3, 3000, 3900, "C", "c"),  # that sentence was corrected already
             Sentence(4, 5000, 6000, "D", "d")]  # nothing there now
    chosen, left = carry.match(fixes, new)
    assert {p: c.text for p, c in chosen.items()} == {0: "A"}
    assert sorted(x.text for x in left) == ["B1", "B2", "C", "D"]


def test_segment_keeps_what_was_recognised_out_of_its_dict() -> None:
    s = Segment(0, 10, "2", ("2",), ((0, 10),), recognised=("二", ("二",), ((0, 10),)))
    assert "recognised" not in s.to_dict() and s == Segment(0, 10, "2", ("2",), ((0, 10),))
