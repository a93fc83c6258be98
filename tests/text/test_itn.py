"""ITN: numbers as digits on hand-written cases, references and idioms untouched, times follow the numbers."""
from __future__ import annotations

import pytest

from models.text.itn import _edits, itn_segment, itn_text
from tests.text.helpers import timed, token_time

CASES = [
    ("二零二五年三月十二日开会", "2025年3月12日开会"),
    ("一九四九年十月一日", "1949年10月1日"),
    ("三月三日", "3月3日"),
    ("增长了百分之三十", "增长了30%"),
    ("大约三点五公里", "大约3.5公里"),
    ("十二点三四", "12.34"),
    ("四分之一", "1/4"),
    ("下午三点半见", "下午3:30见"),
    ("明天上午十点半", "明天上午10:30"),
    ("两点十分", "2:10"),
    ("一共花了五百块钱", "一共花了500块钱"),
    ("价格是一千二百三十四元", "价格是1234元"),
    ("三千五百美元", "3500美元"),
    ("我的电话是一三八一二三四五六七八", "我的电话是13812345678"),
    ("二零二四年的销售额是三亿五千万", "2024年的销售额是3亿5000万"),
    ("走了十公里", "走了10公里"),
    ("三点十分", "3:10"),
    ("十分钟后", "10分钟后"),
    ("十分之一", "1/10"),
]
KEEP = ["他一心一意地工作", "我喜欢看三国演义", "有一些问题", "一个人走在路上", "这是一件好事", "五湖四海的朋友",
        "三心二意不好", "万一下雨怎么办", "一样的东西", "第一次来北京", "九九八十一", "三个项目", "聊一聊天气",
        "星期三", "一两个", "这件事十分重要", "他十分高兴"]


@pytest.mark.parametrize("spoken, written", CASES)
def test_numbers_become_digits(spoken: str, written: str) -> None:
    assert itn_text(spoken) == written


@pytest.mark.parametrize("text", KEEP)
def test_idioms_and_words_keep_their_characters(text: str) -> None:
    assert itn_text(text) == text


def test_reference_transcripts_are_unchanged(speech_clips: dict[str, dict]) -> None:
    # None of the clips' references holds a number; ITN must leave every character as it is.
    for clip in speech_clips.values():
        assert itn_text(clip["reference_text"]) == clip["reference_text"]


def test_windows_give_the_same_result_as_whole_clauses(speech_clips: dict[str, dict]) -> None:
    from models.text.bench import synthetic

    texts = [s for s, _ in CASES] + KEEP + [c["reference_text"] for c in speech_clips.values()]
    texts += [s.text for s in synthetic(200, number_share=0.5, seed=7)]
    texts += ["会议定在二零二五年三月十二日下午三点半，今年增长了百分之三十。", "三块五毛", "五六个人", "第二十一届"]
    for t in texts:
        assert _edits(t) == _edits(t, windowed=False), t


def test_times_follow_the_numbers() -> None:
    seg = timed("开会在二零二五年三月。")  # 100 ms a character from 1000
    out = itn_segment(seg)
    assert out.text == "开会在2025年3月。"
    assert out.tokens == ("开", "会", "在", "2025", "年", "3", "月")
    assert token_time(out, "2025") == (1300, 1700)  # 二零二五 spoke 1300..1700
    assert token_time(out, "年") == token_time(seg, "年")
    assert token_time(out, "3") == (1800, 1900)


def test_sentence_without_numbers_is_returned_as_is() -> None:
    seg = timed("今天天气很好。")
    assert itn_segment(seg) is seg
