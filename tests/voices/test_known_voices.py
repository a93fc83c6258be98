"""Known voices end to end through the CLI: enrol A from one meeting, recognise A (not B) in another meeting with
the voices in another order; forget; --no-voices; a damaged library; no voice data in any export.

The real CLI, engine (tiny fixture models), job history, clustering (--speakers 2: never auto, which random weights
merge) and exports; CAM++ is replaced by speakers.spkhelp.VoiceOracle, whose embeddings follow the two voices as
a trained CAM++'s would (random CAM++ weights score every pair of voices near 0.99, see test_full_campp.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.cli.main import main
from models.options import EXIT_FAILED, EXIT_OK, FORMATS
from models.voices.library import VoiceLibrary
from speakers.spkhelp import VoiceOracle
from voices.vhelp import meeting

ARGS = ["transcribe", "-q", "--precision", "fp32", "--device", "cpu", "--speakers", "2", "-f", ",".join(FORMATS)]


@pytest.fixture
def cli(tiny_models: Path, monkeypatch: pytest.MonkeyPatch):
    """run(args, spans): the CLI in this process, CAM++ replaced by an oracle for the meeting's voice spans."""
    monkeypatch.setenv("MODELSCOPE_CACHE", str(tiny_models))
    current: dict = {}
    monkeypatch.setattr("models.asr.engine.Engine.speaker_embedder", lambda self: current["oracle"])

    def run(args: list[str], spans: list | None = None) -> int:
        if spans is not None:
            current["oracle"] = VoiceOracle(spans)
        return main(args)

    return run


def speakers_of(out: Path, stem: str) -> list[tuple[int, str]]:
    d = json.loads((out / f"{stem}.json").read_text("utf-8"))
    return [(s["spk"], s["speaker"]) for s in d["segments"]]


def voice_at(spans: list, seg: dict) -> int:
    return VoiceOracle(spans).voice((seg["start_ms"] + seg["end_ms"]) / 2)


def test_enrol_recognise_forget(cli, speech_clips: dict, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    m1, spans1 = meeting(speech_clips, tmp_path / "week1.wav", "ABABA")
    m2, spans2 = meeting(speech_clips, tmp_path / "week2.wav", "BABAB")
    out = tmp_path / "out"
    assert cli([*ARGS, "-o", str(out), str(m1)], spans1) == EXIT_OK
    first = json.loads((out / "week1.json").read_text("utf-8"))
    assert {s["speaker"] for s in first["segments"]} == {"说话人1", "说话人2"}  # nobody known yet
    a_label = next(s["speaker"] for s in first["segments"] if voice_at(spans1, s) == 0)

    assert cli(["voices", "add", "张三", "--from", str(out / "week1.json"), "--speaker", a_label]) == EXIT_OK
    capsys.readouterr()
    assert cli(["voices", "list"]) == EXIT_OK
    assert capsys.readouterr().out == "张三\t1 meeting\n"

    assert cli([*ARGS, "-o", str(out), str(m2)], spans2) == EXIT_OK
    second = json.loads((out / "week2.json").read_text("utf-8"))
    names = {voice_at(spans2, s): s["speaker"] for s in second["segments"]}
    assert names[0] == "张三" and names[1].startswith("说话人")  # A is named, B is not
    assert second["segments"][0]["speaker"].startswith("说话人")  # B speaks first this time
    for fmt in ("srt", "vtt", "txt", "md"):
        assert "张三" in (out / f"week2.{fmt}").read_text("utf-8")

    # no voice data in any export: no vectors, nothing of the library file
    library = VoiceLibrary.default_path().read_text("utf-8")
    blob = json.loads(library)["voices"][0]["exemplars"]
    for path in out.iterdir():
        data = path.read_bytes()
        assert blob[:40].encode() not in data and b"exemplars" not in data and b"embedding" not in data.lower()
    assert set(second) == {"format", "version", "source", "duration_ms", "language", "model", "device", "precision",
                           "device_name", "backend", "threads", "text", "segments", "speakers"}

    assert cli([*ARGS, "--restart", "--no-voices", "-o", str(tmp_path / "plain"), str(m2)], spans2) == EXIT_OK
    assert all(n.startswith("说话人") for _k, n in speakers_of(tmp_path / "plain", "week2"))

    assert cli(["voices", "forget", "张三"]) == EXIT_OK
    assert cli([*ARGS, "--restart", "-o", str(tmp_path / "after"), str(m2)], spans2) == EXIT_OK
    assert all(n.startswith("说话人") for _k, n in speakers_of(tmp_path / "after", "week2"))


def test_a_damaged_library_is_reported_and_transcription_goes_on(cli, speech_clips: dict, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    m1, spans1 = meeting(speech_clips, tmp_path / "m.wav", "ABAB")
    path = VoiceLibrary.default_path()
    path.write_text('{"format": "tingxie-voices", "voices": [{"name": "张三"', "utf-8")
    capsys.readouterr()
    assert cli([*ARGS, "-o", str(tmp_path / "out"), str(m1)], spans1) == EXIT_OK
    err = capsys.readouterr().err
    assert f"the voice library {path} is damaged" in err and "Known voices are not used" in err
    assert {n for _k, n in speakers_of(tmp_path / "out", "m")} == {"说话人1", "说话人2"}
    assert cli(["voices", "list"]) == EXIT_FAILED
    assert cli(["voices", "forget", "--all"]) == EXIT_OK and not path.exists()


def test_voices_add_says_when_the_history_has_no_embeddings(cli, speech_clips: dict, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    m1, spans1 = meeting(speech_clips, tmp_path / "m.wav", "AB")
    out = tmp_path / "out"
    assert cli([*ARGS, "-o", str(out), str(m1)], spans1) == EXIT_OK
    moved = tmp_path / "elsewhere.json"  # as if made on another computer: its source is unknown here
    d = json.loads((out / "m.json").read_text("utf-8"))
    d["source"] = str(tmp_path / "not-here.wav")
    moved.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    assert cli(["voices", "add", "张三", "--from", str(moved), "--speaker", "说话人1"]) == EXIT_FAILED
    assert "cannot find the speaker embeddings of not-here.wav in this computer's job history" in \
        capsys.readouterr().err
    assert cli(["voices", "add", "张三", "--from", str(out / "m.json"), "--speaker", "说话人9"]) == EXIT_FAILED
    assert "no speaker 说话人9" in capsys.readouterr().err
    assert len(VoiceLibrary.open_default()) == 0
