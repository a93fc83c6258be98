"""realign / splice: kept characters keep their times; replaced and inserted ones get sensible ones."""
from __future__ import annotations

import pytest

from models.text.align import realign, splice

T4 = [(0, 100), (100, 200), (200, 300), (300, 400)]  # 今天天气


def test_unchanged_text_keeps_every_time() -> None:
    assert realign("今天天气", T4, "今天天气") == T4


def test_inserted_character_between_neighbours() -> None:
    out = realign("今天天气", T4, "今天的天气")
    assert out[:2] == T4[:2] and out[3:] == T4[2:]
    assert out[2] == (200, 200)  # between 天 (ends 200) and 天 (starts 200)


def test_inserted_characters_fill_a_gap_evenly() -> None:
    times = [(0, 100), (300, 400)]
    assert realign("甲乙", times, "甲丙丁乙") == [(0, 100), (100, 200), (200, 300), (300, 400)]


def test_deleted_character_leaves_the_others() -> None:
    assert realign("今天天气", T4, "今天气") == [(0, 100), (100, 200), (300, 400)] or \
        realign("今天天气", T4, "今天气") == [(0, 100), (200, 300), (300, 400)]


def test_replaced_same_length_is_one_to_one() -> None:
    assert realign("今天天气", T4, "今日天气") == T4


def test_replaced_longer_spreads_over_the_old_span() -> None:
    out = realign("我用听写记录", [(i * 100, i * 100 + 100) for i in range(6)], "我用Tingxie记录")
    assert out[:2] == [(0, 100), (100, 200)]
    word = out[2:9]
    assert word[0][0] == 200 and word[-1][1] == 400  # the 7 letters share 听写's 200..400
    assert all(a <= b for a, b in word) and [a for a, _ in word] == sorted(a for a, _ in word)
    assert out[9:] == [(400, 500), (500, 600)]


def test_edit_at_the_first_character() -> None:
    assert realign("今天天气", T4, "明天天气") == T4
    assert realign("今天天气", T4, "昨今天天气")[0] == (0, 0)  # inserted before: at the first start
    assert realign("今天天气", T4, "天天气") == T4[1:]


def test_edit_at_the_last_character() -> None:
    assert realign("今天天气", T4, "今天天晴") == T4
    assert realign("今天天气", T4, "今天天气好")[-1] == (400, 400)  # appended: at the last end
    assert realign("今天天气", T4, "今天天") == T4[:3]


def test_empty_and_all_new_text() -> None:
    assert realign("今天天气", T4, "") == []
    assert realign("", [], "你好") == [(0, 0), (0, 0)]
    out = realign("今天天气", T4, "完全不同的话")
    assert len(out) == 6 and out[0][0] == 0 and out[-1][1] == 400


def test_punctuation_aligns_like_any_character() -> None:
    times = [(0, 100), (100, 100), (100, 200)]  # 好，的: punctuation has a zero-length time
    assert realign("好，的", times, "好。的") == times
    assert realign("好，的", times, "好的") == [(0, 100), (100, 200)]


def test_mismatched_times_are_rejected() -> None:
    with pytest.raises(ValueError):
        realign("今天", [(0, 1)], "今天")


def test_splice_applies_unordered_edits_and_rejects_overlaps() -> None:
    text, times = splice("一二三四", T4, [(3, 4, "肆"), (0, 1, "壹壹")])
    assert text == "壹壹二三肆"
    assert times == [(0, 50), (50, 100), (100, 200), (200, 300), (300, 400)]
    with pytest.raises(ValueError):
        splice("一二三四", T4, [(0, 2, "x"), (1, 3, "y")])


def test_map_span_follows_edits_before_inside_and_after() -> None:
    from models.text.align import map_span

    old = "我用Tingxie记了二零二五年的会"
    new = "我用Tingxie記了2025年的會"
    assert map_span(old, new, 2, 9) == (2, 9)  # before the edits: unchanged
    old2 = "花了三十块买听写"
    new2 = "花了30块买Tingxie"
    a, b = map_span(old2, new2, 6, 8)  # 听写 replaced afterwards by a longer word
    assert new2[a:b] == "Tingxie"
    a, b = map_span(old2, new2, 2, 4)  # a span that an edit rewrote entirely
    assert new2[a:b] == "30"


def test_realign_random_edits_keep_structure() -> None:
    import random

    rng = random.Random(16)
    alphabet = "天地人你我他，。的了是Ab1"
    for _ in range(300):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        times, t = [], 0
        for _c in old:
            d = rng.randint(0, 200)
            times.append((t, t + d))
            t += d + rng.randint(0, 50)
        new = list(old)
        for _e in range(rng.randint(0, 4)):
            k = rng.randint(0, len(new))
            op = rng.choice("id r")
            if op == "i":
                new.insert(k, rng.choice(alphabet))
            elif new and k < len(new):
                if op == "d":
                    del new[k]
                else:
                    new[k] = rng.choice(alphabet)
        out = realign(old, times, "".join(new))
        assert len(out) == len(new)
        assert all(a <= b for a, b in out)
        assert [a for a, _ in out] == sorted(a for a, _ in out)  # starts never go back
        if old:
            assert all(times[0][0] <= a and b <= times[-1][1] for a, b in out)  # inside the old sentence
