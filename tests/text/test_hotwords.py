"""Glossary matching: exact aliases, pinyin sound-alikes, blacklist, regex; spans, counts and times."""
from __future__ import annotations

from models.text.glossary import parse
from models.text.hotwords import GlossaryMatcher
from models.text.pipeline import TextOptions, apply
from tests.text.helpers import timed, token_time

G = parse("Tingxie: 听写, 厅谢\n达摩院\n重庆银行\n语音识别模型\n识别\n!not: 听写课\n", "g.txt")


def run(text: str, glossary=G):  # type: ignore[no-untyped-def]
    return GlossaryMatcher(glossary).apply(timed(text), 4)


def test_alias_replaced_and_reported_with_its_span() -> None:
    seg, reps = run("我们用听写记录会议")
    assert seg.text == "我们用Tingxie记录会议"
    (r,) = reps
    assert (r.sentence, r.old, r.new, r.rule, r.source, r.line) == (4, "听写", "Tingxie", "alias", "g.txt", 1)
    assert seg.text[r.start:r.end] == "Tingxie"


def test_one_wrong_character_with_the_same_sound() -> None:
    seg, reps = run("欢迎体验达魔院的产品")
    assert seg.text == "欢迎体验达摩院的产品" and reps[0].rule == "pinyin" and reps[0].old == "达魔院"


def test_wrong_tone_still_matches() -> None:
    seg, _ = run("他在大模院工作")  # dà mó yuàn vs dá mó yuàn: tones differ, toneless pinyin agrees
    assert seg.text == "他在达摩院工作"


def test_different_sound_is_left_alone() -> None:
    seg, reps = run("他在大学院工作")
    assert seg.text == "他在大学院工作" and reps == []


def test_accent_tolerance_only_for_long_terms() -> None:
    seg, _ = run("他在从庆银行上班")  # cóng vs chóng: accepted for a 4-syllable term
    assert seg.text == "他在重庆银行上班"
    g = parse("识别\n")
    seg2, reps = GlossaryMatcher(g).apply(timed("四别"), 0)  # sì vs shí: not for 2 syllables
    assert seg2.text == "四别" and reps == []


def test_at_sentence_start_and_end() -> None:
    assert run("厅谢很好用")[0].text == "Tingxie很好用"
    assert run("我们都喜欢停写")[0].text == "我们都喜欢Tingxie"


def test_overlapping_terms_longest_wins_and_never_overlap() -> None:
    seg, reps = run("这是语音实别模型")  # 识别 (2) and 语音识别模型 (6) overlap: the longer wins
    assert seg.text == "这是语音识别模型" and len(reps) == 1 and reps[0].new == "语音识别模型"
    seg, reps = run("先实别再听写")
    assert seg.text == "先识别再Tingxie" and [r.new for r in reps] == ["识别", "Tingxie"]
    assert [seg.text[r.start:r.end] for r in reps] == ["识别", "Tingxie"]


def test_blacklisted_context_is_skipped() -> None:
    seg, reps = run("明天有听写课，听写很好")
    assert seg.text == "明天有听写课，Tingxie很好" and len(reps) == 1


def test_regex_rules_after_terms_keep_earlier_spans_right() -> None:
    g = parse("Tingxie: 听写\nre: 第(\\d+)期 => 第 \\1 期\n", "r.txt")
    seg, reps = GlossaryMatcher(g).apply(timed("第12期听写"), 0)
    assert seg.text == "第 12 期Tingxie"
    assert {r.rule: seg.text[r.start:r.end] for r in reps} == {"regex": "第 12 期", "alias": "Tingxie"}


def test_times_cover_the_replaced_characters() -> None:
    before = timed("我们用听写记录")  # 100 ms a character from 1000: 听 at 1300..1400, 写 at 1400..1500
    seg, _ = GlossaryMatcher(G).apply(before, 0)
    assert token_time(seg, "Tingxie") == (1300, 1500)
    assert token_time(seg, "记") == token_time(before, "记")
    assert (seg.start_ms, seg.end_ms) == (before.start_ms, before.end_ms)


def test_revert_from_a_replacement_restores_the_text() -> None:
    seg, reps = run("先实别再听写")
    text = seg.text
    for r in sorted(reps, key=lambda r: -r.start):
        text = text[:r.start] + r.old + text[r.end:]
    assert text == "先实别再听写"


def test_counts_per_file_through_the_pipeline() -> None:
    from models.text.glossary import merge
    g = merge(parse("Tingxie: 听写\n", "global.txt"), parse("达摩院\n", "job.txt"))
    segs = [timed("听写和达魔院"), timed("还是听写")]
    out, report = apply(segs, TextOptions(glossary=g, itn=False))
    assert [s.text for s in out] == ["Tingxie和达摩院", "还是Tingxie"]
    assert report.counts == {"global.txt": 2, "job.txt": 1}
    assert [r.sentence for r in report.replacements] == [0, 0, 1]
