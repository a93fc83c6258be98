"""char_times / with_text, and subtitle cues still timed from tokens after rebuilding (strict SRT parser)."""
from __future__ import annotations

from subtitles import check_cues, parse_srt

from models.core.transcript import Segment, Transcript
from models.export.formats import render
from models.text.align import realign
from models.text.timing import char_times, with_text
from tests.text.helpers import timed


def test_char_times_follow_tokens_and_punctuation() -> None:
    seg = Segment(0, 500, "你好，Tingxie。", ("你", "好", "Tingxie"), ((0, 100), (100, 200), (300, 500)))
    t = char_times(seg)
    assert len(t) == len(seg.text)
    assert t[0] == (0, 100) and t[1] == (100, 200)
    assert t[2] == (200, 200)  # the comma: zero length after 好
    assert t[3][0] == 300 and t[9][1] == 500  # the Latin word's letters span its token time
    assert t[10] == (500, 500)


def test_char_times_without_tokens_spread_the_sentence() -> None:
    t = char_times(Segment(1000, 1400, "一二三四"))
    assert t == [(1000, 1100), (1100, 1200), (1200, 1300), (1300, 1400)]


def test_with_text_rebuilds_tokens_from_characters() -> None:
    seg = timed("我用听写。")
    times = char_times(seg)
    new = with_text(seg, "我用Tingxie 3.5版。", times[:2] + [(1200, 1400)] * 7 + [(1400, 1400)]
                    + [(1400, 1450), (1450, 1450), (1450, 1500), (1500, 1550), (1550, 1550)])
    assert new.tokens == ("我", "用", "Tingxie", "3", "5", "版")
    assert new.token_ms[2] == (1200, 1400)
    assert (new.start_ms, new.end_ms, new.vad_index) == (seg.start_ms, seg.end_ms, seg.vad_index)


def test_cues_use_the_rebuilt_token_times() -> None:
    # 24 characters with a 5 s pause before the 10th (癸); a cue holds 10 at most. After an edit that changes the
    # length (甲 -> 甲甲), the cue boundaries must still fall on token times, not on proportional ones.
    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地"
    token_ms = tuple((k * 100 + (5000 if k >= 9 else 0), k * 100 + 100 + (5000 if k >= 9 else 0)) for k in range(24))
    seg = Segment(0, token_ms[-1][1], text, tuple(text), token_ms)
    new_text = "甲甲" + text[1:]
    new = with_text(seg, new_text, realign(text, char_times(seg), new_text))
    t = Transcript("x.wav", 20_000, [new])
    cues = parse_srt(render(t, "srt", max_chars=10, max_lines=1))
    check_cues(cues, duration_ms=20_000, max_chars=10, max_lines=1)
    assert "".join(c.text for c in cues) == new_text
    assert cues[1].text == new_text[10:20] and cues[1].start_ms == 5900  # 癸: 900 ms + the pause
