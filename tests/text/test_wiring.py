"""The text steps wired into the engine, the job history and the CLI (issue 16): one order, stored settings,
replacements kept per sentence, times unchanged where only the script changes."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf

from jobhelp import cli, cli_env
from models.export import formats
from models.jobs.runner import JobRunner
from models.jobs.store import JobStore
from models.text.pipeline import TextOptions
from models.text.script import convert_text
from subtitles import parse_srt

CLIP = "funasr_asr_example_16k.wav"


def _two_clips(testdata: Path, tmp_path: Path) -> Path:
    x, sr = sf.read(str(testdata / "speech" / CLIP), dtype="float32")
    p = tmp_path / "talk.wav"
    sf.write(p, np.concatenate([x, np.zeros(sr, np.float32), x]), sr)
    return p


def test_glossary_itn_script_in_a_job(tiny_engine, testdata: Path, tmp_path: Path) -> None:
    audio = _two_clips(testdata, tmp_path)
    good = tmp_path / "glossary.txt"
    good.write_text("# every sentence gets a marker in front\nre: ^(.) => 甲\\1\n", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_text("Tingxie: 听写\nre: (unclosed => x\n", encoding="utf-8")
    store = JobStore(tmp_path / "h.sqlite3")
    plain = JobRunner(store).run(tiny_engine, audio, text=TextOptions(itn=False))
    notices: list[str] = []
    opts = TextOptions(glossary_paths=(str(good), str(bad)), itn=False, script="traditional")
    t = JobRunner(store).run(tiny_engine, audio, text=opts, on_notice=notices.append)
    assert plain.segments and len(t.segments) == len(plain.segments)
    assert any("broken.txt:2" in n for n in notices), notices  # the bad file is named with its line, the run goes on
    for new, old in zip(t.segments, plain.segments):
        assert new.text.startswith("甲") and new.text[1:] == convert_text(old.text, "traditional")
        assert (new.start_ms, new.end_ms) == (old.start_ms, old.end_ms)
        assert new.replacements == ((0, 2, old.text[0]),)  # highlighted span in the final text, recognised text
        assert len(new.token_ms) == len(new.tokens) and all(a <= b for a, b in new.token_ms)
    job = [j for j in store.list_jobs() if j.settings.get("text", {}).get("script") == "traditional"][0]
    assert store.segments(job.id) == t.segments  # replacements survive in the history (and so across resume)
    exported = json.loads(formats.render(t, "json"))
    assert exported["segments"][0]["replacements"] == [[0, 2, plain.segments[0].text[0]]]
    store.close()


def test_other_text_settings_do_not_replay_a_finished_job(tiny_engine, testdata: Path, tmp_path: Path,
                                                         monkeypatch) -> None:
    audio = _two_clips(testdata, tmp_path)
    store = JobStore(tmp_path / "h.sqlite3")
    JobRunner(store).run(tiny_engine, audio, text=TextOptions(script="simplified"))
    calls: list[int] = []
    real = tiny_engine.transcribe
    monkeypatch.setattr(tiny_engine, "transcribe", lambda *a, **k: calls.append(1) or real(*a, **k))
    JobRunner(store).run(tiny_engine, audio, text=TextOptions(script="hongkong"))
    assert calls == [1] and len(store.list_jobs()) == 2
    JobRunner(store).run(tiny_engine, audio, text=TextOptions(script="hongkong"))
    assert calls == [1]  # the same settings again: the saved transcript
    store.close()


def test_cli_script_changes_text_not_cue_times(tiny_models: Path, testdata: Path, tmp_path: Path) -> None:
    audio = _two_clips(testdata, tmp_path)
    env = cli_env(tiny_models, tmp_path / "home")
    cues = {}
    for script in ("simplified", "taiwan"):
        out = tmp_path / script
        proc = cli(["transcribe", "-q", "--device", "cpu", "--precision", "fp32", "--no-itn", "--script", script,
                    "-f", "srt", "-o", str(out), str(audio)], env)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        cues[script] = parse_srt((out / "talk.srt").read_text("utf-8"))
    assert [(c.start_ms, c.end_ms) for c in cues["taiwan"]] == [(c.start_ms, c.end_ms) for c in cues["simplified"]]
    simp = "".join("".join(c.lines) for c in cues["simplified"])
    assert "".join("".join(c.lines) for c in cues["taiwan"]) == convert_text(simp, "taiwan") != ""
