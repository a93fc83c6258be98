"""Script conversion: OpenCC configs, round trips, and times (SRT cues unchanged when only the script changes)."""
from __future__ import annotations

import pytest
from subtitles import parse_srt

from models.core.transcript import Transcript
from models.export.formats import render
from models.text.script import SCRIPTS, convert_segment, convert_text, converter
from tests.text.helpers import timed, token_time


def test_scripts_and_their_output() -> None:
    assert SCRIPTS == ("simplified", "traditional", "taiwan", "hongkong")
    assert convert_text("软件和头发", "simplified") == "软件和头发"
    assert convert_text("软件和头发", "traditional") == "軟件和頭髮"
    assert convert_text("软件和头发", "taiwan") == "軟體和頭髮"  # Taiwan phrasing
    assert convert_text("内存", "hongkong") == "內存"
    with pytest.raises(ValueError):
        convert_text("x", "klingon")


def test_taiwan_round_trips_to_the_references(speech_clips: dict[str, dict]) -> None:
    back = converter("tw2s")
    for clip in speech_clips.values():
        ref = clip["reference_text"]
        tw = convert_text(ref, "taiwan")
        assert tw != ref  # every reference has characters that differ in Traditional script
        assert back.convert(tw) == ref


@pytest.mark.parametrize("script", ["traditional", "hongkong", "taiwan"])
def test_srt_cue_times_unchanged_when_only_the_script_changes(speech_clips: dict[str, dict], script: str) -> None:
    segs = []
    start = 0
    for clip in speech_clips.values():
        seg = timed(clip["reference_text"], start=start, ms=180)
        segs.append(seg)
        start = seg.end_ms + 500
    before = Transcript("clips.wav", start, segs)
    after = Transcript("clips.wav", start, [convert_segment(s, script) for s in segs])
    opts = {"max_chars": 8, "max_lines": 1}
    cues0, cues1 = parse_srt(render(before, "srt", **opts)), parse_srt(render(after, "srt", **opts))
    assert len(cues0) > len(segs)  # long sentences were split: times come from the tokens
    assert [(c.start_ms, c.end_ms) for c in cues0] == [(c.start_ms, c.end_ms) for c in cues1]
    assert [convert_text(c.text, script) for c in cues0] == [c.text for c in cues1]


def test_taiwan_phrase_of_another_length_is_realigned() -> None:
    seg = timed("我买了方便面和内存。")  # 100 ms a character from 1000
    out = convert_segment(seg, "taiwan")
    assert out.text == "我買了泡麵和記憶體。"
    # 泡麵 stands for 方便面 (1300..1600); 記憶體 for 内存 (1700..1900)
    assert token_time(out, "泡")[0] == 1300 and token_time(out, "麵")[1] == 1600
    assert token_time(out, "記")[0] == 1700 and token_time(out, "體")[1] == 1900
    assert token_time(out, "和") == token_time(seg, "和")
