"""Streaming tokens -> display pieces, joined as the offline recogniser joins words."""
from __future__ import annotations

from models.asr.sentences import join_words
from models.streaming.text import TokenJoiner


def _pieces(tokens: list[str]) -> list[str]:
    j = TokenJoiner()
    return [j.push(t) for t in tokens]


def test_hanzi_run_together_and_specials_vanish() -> None:
    assert _pieces(["你", "好", "<unk>", "</s>", "吗"]) == ["你", "好", "", "", "吗"]


def test_latin_words_get_one_space_and_bpe_pieces_glue() -> None:
    tokens = ["我", "用", "fun@@", "asr", "and", "python", "3", "来", "做"]
    pieces = _pieces(tokens)
    assert "".join(pieces) == "我用funasr and python 3来做"
    # the same line the offline path builds from whole words
    assert "".join(pieces) == join_words(["我", "用", "funasr", "and", "python", "3", "来", "做"])


def test_a_word_split_across_calls_still_glues() -> None:
    j = TokenJoiner()
    first = [j.push(t) for t in ["hel@@"]]
    second = [j.push(t) for t in ["lo", "world"]]
    assert "".join(first + second) == "hello world"
